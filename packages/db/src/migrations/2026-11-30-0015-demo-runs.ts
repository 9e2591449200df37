import { type Kysely, sql } from 'kysely';

// Frozen in time: migrations use Kysely<any> and import nothing from the app.

/**
 * The living demo (issue 15): one row per demo project that the demo driver runs through the real
 * API and workflows on a demo database, with the stage it is left in and how far it got. The rows
 * are what marks those projects as demo data, let an interrupted run resume without duplicates,
 * and give the status page its "demo data: N of M projects ready".
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table demo_runs (
      key text primary key,
      title text not null,
      -- The stage the demo leaves the project in (e.g. closed, cancelled, awaiting_approval).
      target text not null,
      position integer not null,
      status text not null default 'pending',
      project_id uuid references projects (id),
      -- The last step done (informative: resuming replays every step with its idempotency key).
      step text,
      attempts integer not null default 0,
      error text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      finished_at timestamptz,
      constraint demo_runs_status_valid check (status in ('pending', 'running', 'ready', 'failed')),
      constraint demo_runs_ready_has_project check (status <> 'ready' or project_id is not null)
    );
    create unique index demo_runs_project_idx on demo_runs (project_id);
    -- The API reads progress for the status page; the demo driver, connected as the apps' role,
    -- records it.
    grant select, insert, update on demo_runs to qiancheng_app;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only');
}
