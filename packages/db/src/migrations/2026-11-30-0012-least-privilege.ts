import { type Kysely, sql } from 'kysely';

// Frozen in time: migrations use Kysely<any> and import nothing from the app.

/**
 * Least privilege for the apps. Migrations run as the tables' owner; the API and the worker
 * connect as a login role that is a member of `qiancheng_app` (created by the devstack, the test
 * setup, or an operator — see the README's APP_DATABASE_URL), which may read and append
 * everywhere, update or delete only where the model does, and never truncate, alter a table or
 * disable a trigger (only an owner or a superuser may): the append-only triggers hold against the
 * app itself.
 *
 * The grants below cover every table that exists when this migration runs. A LATER MIGRATION
 * THAT CREATES A TABLE GRANTS ON IT ITSELF (`grant select, insert on <t> to qiancheng_app`, plus
 * update/delete when its repository updates or deletes rows); nothing is granted by default.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Roles belong to the cluster, not the database: another database on the same server (a test
  // file's, say) may have made it already, perhaps at this very moment.
  await sql`
    do $$
    begin
      if not exists (select from pg_roles where rolname = 'qiancheng_app') then
        create role qiancheng_app nologin;
      end if;
    exception when duplicate_object or unique_violation then null;
    end $$;
  `.execute(db);

  await sql`
    -- Nobody but the owner creates objects here (PostgreSQL before 15 lets everyone).
    revoke create on schema public from public;
    grant usage on schema public to qiancheng_app;

    -- Read and append: computed over the tables of this moment, so none is forgotten.
    grant select, insert on all tables in schema public to qiancheng_app;
    grant usage, select on all sequences in schema public to qiancheng_app;
    -- The migrator's own bookkeeping is the owner's alone.
    revoke all on kysely_migration, kysely_migration_lock from qiancheng_app;

    -- Updates, only where a repository updates rows (or upserts: on conflict do update).
    grant update on
      approvals,
      attendance,
      certificates,
      cost_sharing_agreements,
      cost_sharing_rounds,
      demand_orders,
      enrolments,
      enterprise_api_keys,
      evaluation_bodies,
      follow_ups,
      idempotency_keys,
      project_demand_orders,
      projects,
      subsidy_claims,
      training_providers,
      users,
      webhook_deliveries,
      webhook_endpoints
    to qiancheng_app;

    -- Deletes, only where a repository deletes rows (a plan's modules and a draft plan's
    -- party shares are replaced; expired or abandoned idempotency keys are removed).
    grant delete on course_modules, idempotency_keys, party_shares to qiancheng_app;

    -- Notifications are append-only like the audit log; TRUNCATE skips row triggers, so it
    -- gets its own (the app holds no TRUNCATE privilege anywhere either).
    create trigger notifications_no_truncate before truncate on notifications
      for each statement execute function forbid_change();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only');
}
