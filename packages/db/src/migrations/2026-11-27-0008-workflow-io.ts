import { type Kysely, sql } from 'kysely';

// Frozen in time: migrations use Kysely<any> and import nothing from the app.

/**
 * What the workflows' activities write besides the chain's records: notifications (approval
 * requests, reminders, escalations), enterprise webhook endpoints and deliveries, and an
 * idempotency key on audit entries, so a retried activity never writes one twice.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table audit_log add column idempotency_key text
      constraint audit_log_idempotency_key_unique unique;

    create table notifications (
      id uuid primary key default gen_random_uuid(),
      idempotency_key text not null constraint notifications_idempotency_key_unique unique,
      project_id uuid not null references projects (id),
      recipient_region_code text not null references regions (code),
      kind text not null constraint notifications_kind_valid check (kind in (
        'approval_requested', 'approval_reminder', 'approval_escalation', 'follow_up_due')),
      payload jsonb not null default '{}'::jsonb,
      created_at timestamptz not null default now()
    );
    create index notifications_recipient_idx on notifications (recipient_region_code, created_at);
    create trigger notifications_append_only before update or delete on notifications
      for each row execute function forbid_change();

    -- One endpoint per enterprise; the secret signs every delivery (HMAC-SHA256) and is rotated,
    -- never shown again after it is created.
    create table webhook_endpoints (
      enterprise_id uuid primary key references enterprises (id),
      url text not null constraint webhook_endpoints_url_http check (url ~ '^https?://'),
      secret text not null constraint webhook_endpoints_secret_length check (length(secret) >= 32),
      created_at timestamptz not null default now(),
      rotated_at timestamptz
    );

    create table webhook_deliveries (
      id uuid primary key default gen_random_uuid(),
      idempotency_key text not null constraint webhook_deliveries_idempotency_key_unique unique,
      enterprise_id uuid not null references enterprises (id),
      project_id uuid not null references projects (id),
      event text not null,
      payload jsonb not null,
      attempts integer not null default 0 constraint webhook_deliveries_attempts_non_negative
        check (attempts >= 0),
      last_status integer,
      last_error text,
      delivered_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index webhook_deliveries_project_idx on webhook_deliveries (project_id);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only');
}
