import { type Kysely, sql } from 'kysely';

// Frozen in time: migrations use Kysely<any> and import nothing from the app.

/**
 * The registries (issue 11): occupations flag 新职业; providers file the occupations and highest
 * level they may train, as evaluation bodies already file theirs (十一, 十四); a provider or body
 * can be suspended (a reason kept, reinstated later) short of revocation (十八); catalogue
 * versions (十二, 十七) are drafted, then published, and a published version — its entries and
 * standards — is never edited again: the database refuses, a correction is a new version.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- 新职业: occupations the ministry announced as new (人社部 新职业信息).
    alter table occupations add column is_new boolean not null default false;
    create index occupations_name_idx on occupations (name);

    -- Providers: the occupations they are filed to train and the highest level they train to.
    alter table training_providers add column max_level text references skill_levels (code);
    create table training_provider_occupations (
      training_provider_id uuid not null references training_providers (id),
      occupation_code text not null references occupations (code),
      primary key (training_provider_id, occupation_code)
    );

    -- Suspension (暂停): like revocation it blocks new projects and keeps who, when and why; unlike
    -- it, it can be lifted.
    alter table training_providers drop constraint training_providers_qualification_valid;
    alter table training_providers add constraint training_providers_qualification_valid
      check (qualification_status in ('active', 'suspended', 'revoked'));
    alter table training_providers
      add column suspended_at timestamptz,
      add column suspended_by text,
      add column suspended_reason text,
      add constraint training_providers_suspension_recorded check (
        (qualification_status = 'suspended') = (suspended_at is not null)
        and (suspended_at is null or (suspended_by is not null and btrim(coalesce(suspended_reason, '')) <> '')));
    alter table evaluation_bodies drop constraint evaluation_bodies_qualification_valid;
    alter table evaluation_bodies add constraint evaluation_bodies_qualification_valid
      check (qualification_status in ('active', 'suspended', 'revoked'));
    alter table evaluation_bodies
      add column suspended_at timestamptz,
      add column suspended_by text,
      add column suspended_reason text,
      add constraint evaluation_bodies_suspension_recorded check (
        (qualification_status = 'suspended') = (suspended_at is not null)
        and (suspended_at is null or (suspended_by is not null and btrim(coalesce(suspended_reason, '')) <> '')));

    -- Catalogue versions: draft, then published. Versions already stored were published.
    alter table catalogue_versions
      add column status text not null default 'published'
        constraint catalogue_versions_status_valid check (status in ('draft', 'published')),
      add column created_by text,
      add column published_by text;
    alter table catalogue_versions alter column published_on drop not null;
    alter table catalogue_versions add constraint catalogue_versions_published_dated
      check ((status = 'published') = (published_on is not null));
    alter table catalogue_versions alter column status set default 'draft';

    create function catalogue_version_frozen() returns trigger language plpgsql as $$
    begin
      if old.status = 'published' then
        raise exception 'catalogue version % is published and cannot change; publish a new version', old.id
          using errcode = 'check_violation', constraint = 'catalogue_versions_published_frozen';
      end if;
      return case when tg_op = 'DELETE' then old else new end;
    end $$;
    create trigger catalogue_versions_published_frozen before update or delete on catalogue_versions
      for each row execute function catalogue_version_frozen();

    create function catalogue_content_frozen() returns trigger language plpgsql as $$
    declare
      version_id uuid := case when tg_op = 'DELETE' then old.catalogue_version_id else new.catalogue_version_id end;
    begin
      if exists (select from catalogue_versions where id = version_id and status = 'published')
        or (tg_op = 'UPDATE' and exists (
          select from catalogue_versions where id = old.catalogue_version_id and status = 'published')) then
        raise exception 'catalogue version % is published and cannot change; publish a new version', version_id
          using errcode = 'check_violation', constraint = 'catalogue_versions_published_frozen';
      end if;
      return case when tg_op = 'DELETE' then old else new end;
    end $$;
    create trigger catalogue_entries_published_frozen
      before insert or update or delete on catalogue_entries
      for each row execute function catalogue_content_frozen();
    create trigger catalogue_standards_published_frozen
      before insert or update or delete on catalogue_standards
      for each row execute function catalogue_content_frozen();
    -- TRUNCATE skips row triggers.
    create trigger catalogue_entries_no_truncate before truncate on catalogue_entries
      for each statement execute function forbid_change();
    create trigger catalogue_standards_no_truncate before truncate on catalogue_standards
      for each statement execute function forbid_change();

    -- The apps: register providers' occupations; import occupations (upsert); draft catalogues
    -- are edited (entries upserted, standards replaced) and published (an update of a draft).
    grant select, insert on training_provider_occupations to qiancheng_app;
    grant update on occupations, catalogue_versions, catalogue_entries to qiancheng_app;
    grant delete on catalogue_entries, catalogue_standards, training_provider_occupations
      to qiancheng_app;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only');
}
