import { type Kysely, sql } from 'kysely';

// Frozen in time: migrations use Kysely<any> and import nothing from the app.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- 职业技能培训需求指导目录 (十二: 定期发布并动态调整): a region's published versions, each in force
    -- from effective_from through effective_to (open-ended when null).
    create table catalogue_versions (
      id uuid primary key default gen_random_uuid(),
      region_code text not null references regions (code),
      label text not null constraint catalogue_versions_label_not_blank check (btrim(label) <> ''),
      published_on date not null,
      effective_from date not null,
      effective_to date,
      created_at timestamptz not null default now(),
      constraint catalogue_versions_period check (effective_to is null or effective_to >= effective_from),
      constraint catalogue_versions_label_unique unique (region_code, label)
    );
    -- An occupation listed in a version, with its shortage tier (急需紧缺程度, 1 most urgent).
    create table catalogue_entries (
      catalogue_version_id uuid not null references catalogue_versions (id),
      occupation_code text not null references occupations (code),
      shortage_tier smallint not null
        constraint catalogue_entries_tier_range check (shortage_tier between 1 and 3),
      primary key (catalogue_version_id, occupation_code)
    );
    -- 差异化补贴 (十七): the subsidy standard per person for each certified level, in fen.
    create table catalogue_standards (
      catalogue_version_id uuid not null,
      occupation_code text not null,
      level text not null references skill_levels (code),
      amount_fen bigint not null
        constraint catalogue_standards_amount_non_negative check (amount_fen >= 0),
      primary key (catalogue_version_id, occupation_code, level),
      foreign key (catalogue_version_id, occupation_code)
        references catalogue_entries (catalogue_version_id, occupation_code)
    );

    -- Targets per region and period (二十 明确任务目标), optionally by sector or key group.
    create table regional_targets (
      id uuid primary key default gen_random_uuid(),
      region_code text not null references regions (code),
      period_start date not null,
      period_end date not null,
      measure text not null constraint regional_targets_measure_valid
        check (measure in ('enrolments', 'certificates', 'placements')),
      sector text references sectors (code),
      key_group text references key_groups (code),
      target integer not null constraint regional_targets_target_non_negative check (target >= 0),
      constraint regional_targets_period check (period_end >= period_start),
      constraint regional_targets_unique
        unique nulls not distinct (region_code, period_start, period_end, measure, sector, key_group)
    );
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only');
}
