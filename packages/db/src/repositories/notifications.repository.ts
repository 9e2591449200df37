import type { Kysely } from 'kysely';
import type { Database, NotificationKind, NotificationRow } from '../database.js';

const columns = [
  'id',
  'idempotencyKey',
  'projectId',
  'recipientRegionCode',
  'kind',
  'payload',
  'createdAt',
] as const;

/** Records a notification once per idempotency key; `created` is false for a repeat. */
export async function sendOnce(
  db: Kysely<Database>,
  notification: {
    idempotencyKey: string;
    /** Null only for a 督促提醒, which concerns a region. */
    projectId: string | null;
    recipientRegionCode: string;
    kind: NotificationKind;
    payload: Record<string, unknown>;
  },
): Promise<{ created: boolean }> {
  const row = await db
    .insertInto('notifications')
    .values({ ...notification, payload: JSON.stringify(notification.payload) })
    .onConflict((oc) => oc.column('idempotencyKey').doNothing())
    .returning('id')
    .executeTakeFirst();
  return { created: row !== undefined };
}

/** A project's notifications, oldest first. */
export async function listForProject(
  db: Kysely<Database>,
  projectId: string,
): Promise<NotificationRow[]> {
  return db
    .selectFrom('notifications')
    .select(columns)
    .where('projectId', '=', projectId)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
}

/** A region's notifications (an approver's or a coordinator's inbox), newest first. */
export async function listForRegion(
  db: Kysely<Database>,
  regionCode: string,
  limit = 100,
): Promise<NotificationRow[]> {
  return db
    .selectFrom('notifications')
    .select(columns)
    .where('recipientRegionCode', '=', regionCode)
    .orderBy('createdAt', 'desc')
    .limit(limit)
    .execute();
}
