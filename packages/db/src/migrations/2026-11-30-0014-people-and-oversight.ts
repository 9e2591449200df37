import { type Kysely, sql } from 'kysely';

// Frozen in time: migrations use Kysely<any> and import nothing from the app.

/**
 * People and oversight (issue 11):
 * - provincial coordinators (十二): a console role scoped to a province, who decides escalated
 *   cost-share approvals;
 * - notifications addressed to a region by kind (the audience follows from the kind), read per
 *   user in their own table (notifications stay append-only); a 督促提醒 (十九) belongs to no
 *   project, so a notification's project becomes optional.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table users drop constraint users_role_valid;
    alter table users add constraint users_role_valid check (role in (
      'project_manager', 'approver', 'provincial_coordinator', 'auditor', 'operator', 'admin'));
    alter table users drop constraint users_regional_roles_have_region;
    alter table users add constraint users_regional_roles_have_region check (
      role not in ('project_manager', 'approver', 'provincial_coordinator') or region_code is not null);
    -- A coordinator's scope is a whole province (GB/T 2260: the code ends in 0000).
    alter table users add constraint users_coordinator_scope_is_province check (
      role <> 'provincial_coordinator' or region_code ~ '^[0-9]{2}0000$');

    alter table notifications alter column project_id drop not null;
    alter table notifications drop constraint notifications_kind_valid;
    alter table notifications add constraint notifications_kind_valid check (kind in (
      'approval_requested', 'approval_reminder', 'approval_escalation', 'follow_up_due',
      'share_rejected', 'share_expired', 'pace_reminder'));
    alter table notifications add constraint notifications_project_unless_pace check (
      project_id is not null or kind = 'pace_reminder');

    -- Who has read which notification: one row per (notification, user), written once.
    create table notification_reads (
      notification_id uuid not null references notifications (id),
      user_id uuid not null references users (id),
      read_at timestamptz not null default now(),
      primary key (notification_id, user_id)
    );
    create index notification_reads_user_idx on notification_reads (user_id);
    grant select, insert on notification_reads to qiancheng_app;
    -- Coordinators adjust their province's targets (an upsert: on conflict do update).
    grant update on regional_targets to qiancheng_app;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only');
}
