import { type Kysely, sql } from 'kysely';

// Frozen in time: migrations use Kysely<any> and import nothing from the app. The rows of these
// tables are data, loaded and kept current by `syncReferenceData` (from @qiancheng/domain) or an
// import; the schema only makes every code elsewhere point at a known one.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- 新八级工 (十四): the rank orders levels in SQL (uplift, "at least senior").
    create table skill_levels (
      code text primary key constraint skill_levels_code_format check (code ~ '^[a-z_]+$'),
      rank smallint not null constraint skill_levels_rank_unique unique
        constraint skill_levels_rank_range check (rank between 1 and 8),
      name text not null,
      grade text,
      label text not null,
      name_en text not null
    );

    -- The six sector programmes (二) and the fields the policy names for each.
    create table sectors (
      code text primary key constraint sectors_code_format check (code ~ '^[a-z_]+$'),
      name text not null,
      name_en text not null,
      section text not null
    );
    create table sector_fields (
      sector_code text not null references sectors (code),
      code text not null constraint sector_fields_code_format check (code ~ '^[a-z_]+$'),
      name text not null,
      name_en text not null,
      primary key (sector_code, code)
    );

    -- Key groups (三, 十九); sub-groups (返乡农民工 …) name their parent.
    create table key_groups (
      code text primary key constraint key_groups_code_format check (code ~ '^[a-z_]+$'),
      name text not null,
      name_en text not null,
      parent_code text references key_groups (code),
      section text not null
    );

    -- Funding sources (十七).
    create table funding_sources (
      code text primary key constraint funding_sources_code_format check (code ~ '^[a-z_]+$'),
      name text not null,
      name_en text not null,
      kind text not null constraint funding_sources_kind_valid
        check (kind in ('public', 'enterprise', 'market'))
    );

    -- GB/T 2260 administrative divisions.
    create table regions (
      code text primary key constraint regions_code_format check (code ~ '^[1-9][0-9]{5}$'),
      name text not null constraint regions_name_not_blank check (btrim(name) <> ''),
      name_en text,
      level text not null constraint regions_level_valid
        check (level in ('province', 'city', 'county')),
      parent_code text references regions (code),
      constraint regions_parent_by_level check ((level = 'province') = (parent_code is null)),
      constraint regions_parent_in_same_province
        check (parent_code is null or left(parent_code, 2) = left(code, 2))
    );
    create index regions_parent_idx on regions (parent_code);

    -- 职业分类大典 occupations, N-NN-NN-NN with major group 1–8; demo rows are flagged.
    create table occupations (
      code text primary key
        constraint occupations_code_format check (code ~ '^[1-8]-[0-9]{2}-[0-9]{2}-[0-9]{2}$'),
      name text not null constraint occupations_name_not_blank check (btrim(name) <> ''),
      category text,
      sector text references sectors (code),
      demo boolean not null default false
    );
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only');
}
