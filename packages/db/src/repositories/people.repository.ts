import { type Kysely, sql } from 'kysely';
import type { Database, NotificationKind } from '../database.js';
import { regionLike } from './demand-order-search.repository.js';
import * as enterpriseApiKeys from './enterprise-api-keys.repository.js';

/** How the system itself is named where an actor is shown (workflows, timers, migrations). */
export const SYSTEM_ACTOR_NAME = '系统';

/**
 * Display names of actors as the audit log and the records write them (`user:<uuid>`,
 * `enterprise:<uuid>`, `system`, `workflow:<id>`), in two queries whatever their number. An
 * unknown person maps to null (a deleted or made-up id is shown as its id).
 */
export async function actorNames(
  db: Kysely<Database>,
  actors: readonly (string | null | undefined)[],
): Promise<Map<string, string | null>> {
  const names = new Map<string, string | null>();
  const users = new Set<string>();
  const enterprises = new Set<string>();
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  for (const actor of actors) {
    if (!actor || names.has(actor)) continue;
    names.set(actor, null);
    const [kind, id] = [actor.slice(0, actor.indexOf(':')), actor.slice(actor.indexOf(':') + 1)];
    if (actor === 'system' || kind === 'workflow') names.set(actor, SYSTEM_ACTOR_NAME);
    else if (kind === 'user' && UUID.test(id)) users.add(id);
    else if (kind === 'enterprise' && UUID.test(id)) enterprises.add(id);
  }
  const [userRows, enterpriseRows] = await Promise.all([
    users.size
      ? db
          .selectFrom('users')
          .select(['id', 'displayName'])
          .where('id', 'in', [...users])
          .execute()
      : [],
    enterprises.size
      ? db
          .selectFrom('enterprises')
          .select(['id', 'name'])
          .where('id', 'in', [...enterprises])
          .execute()
      : [],
  ]);
  for (const u of userRows) names.set(`user:${u.id}`, u.displayName);
  for (const e of enterpriseRows) names.set(`enterprise:${e.id}`, e.name);
  return names;
}

/** Pending approvals of a province's regions escalated after their deadline (a coordinator's inbox). */
export async function escalatedApprovals(db: Kysely<Database>, provinceCode: string) {
  return db
    .selectFrom('approvals as a')
    .innerJoin('costSharingRounds as r', 'r.id', 'a.roundId')
    .innerJoin('costSharingAgreements as g', 'g.id', 'r.agreementId')
    .innerJoin('projects as p', 'p.id', 'g.projectId')
    .innerJoin('partyShares as s', (join) =>
      join.onRef('s.roundId', '=', 'a.roundId').onRef('s.regionCode', '=', 'a.regionCode'),
    )
    .leftJoin('regions as rg', 'rg.code', 'a.regionCode')
    .select([
      'a.id as approvalId',
      'p.id as projectId',
      'p.name as projectName',
      'p.ownerRegionCode',
      'r.round',
      'a.regionCode',
      'rg.name as regionName',
      's.role',
      's.shareBp',
      'a.deadline',
      'a.remindersSent',
      'a.escalatedAt',
    ])
    .where('a.regionCode', 'like', regionLike(provinceCode))
    .where('a.status', '=', 'pending')
    .where('a.escalatedAt', 'is not', null)
    .where('r.status', '=', 'open')
    .orderBy('a.escalatedAt')
    .orderBy('a.id')
    .execute();
}

/** An approval with the project and round it belongs to, or null. */
export async function findApproval(db: Kysely<Database>, approvalId: string) {
  const row = await db
    .selectFrom('approvals as a')
    .innerJoin('costSharingRounds as r', 'r.id', 'a.roundId')
    .innerJoin('costSharingAgreements as g', 'g.id', 'r.agreementId')
    .select([
      'a.id',
      'g.projectId',
      'r.round',
      'a.regionCode',
      'a.status',
      'a.deadline',
      'a.escalatedAt',
    ])
    .where('a.id', '=', approvalId)
    .executeTakeFirst();
  return row ?? null;
}

/** Whose notifications: the kinds the role reads, within the region scope (null is national). */
export interface NotificationAudience {
  userId: string;
  kinds: readonly NotificationKind[];
  regionCode: string | null;
}

function addressedTo(db: Kysely<Database>, audience: NotificationAudience) {
  // A role that reads no kind reads nothing (an empty `in` list is not valid SQL).
  let query = db
    .selectFrom('notifications as n')
    .where('n.kind', 'in', audience.kinds.length ? [...audience.kinds] : ['approval_requested'])
    .where(sql<boolean>`${audience.kinds.length > 0}`);
  if (audience.regionCode)
    query = query.where('n.recipientRegionCode', 'like', regionLike(audience.regionCode));
  return query;
}

/** A user's notifications, newest first, with their read state and the count still unread. */
export async function notificationsFor(
  db: Kysely<Database>,
  audience: NotificationAudience & { unreadOnly: boolean; limit: number },
) {
  let items = addressedTo(db, audience)
    .leftJoin('notificationReads as nr', (join) =>
      join.onRef('nr.notificationId', '=', 'n.id').on('nr.userId', '=', audience.userId),
    )
    .leftJoin('projects as p', 'p.id', 'n.projectId')
    .select([
      'n.id',
      'n.kind',
      'n.projectId',
      'p.name as projectName',
      'n.recipientRegionCode',
      'n.payload',
      'n.createdAt',
      sql<boolean>`nr.user_id is not null`.as('read'),
    ]);
  if (audience.unreadOnly) items = items.where('nr.userId', 'is', null);
  const [rows, unread] = await Promise.all([
    items.orderBy('n.createdAt', 'desc').orderBy('n.id').limit(audience.limit).execute(),
    addressedTo(db, audience)
      .leftJoin('notificationReads as nr', (join) =>
        join.onRef('nr.notificationId', '=', 'n.id').on('nr.userId', '=', audience.userId),
      )
      .where('nr.userId', 'is', null)
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items: rows, unread: Number(unread.count) };
}

/** True when the notification is addressed to the audience (so its reader may mark it read). */
export async function isAddressedTo(
  db: Kysely<Database>,
  id: string,
  audience: NotificationAudience,
): Promise<boolean> {
  const row = await addressedTo(db, audience)
    .select('n.id')
    .where('n.id', '=', id)
    .executeTakeFirst();
  return row !== undefined;
}

/** Marks a notification read for one user; reading twice changes nothing. */
export async function markRead(db: Kysely<Database>, notificationId: string, userId: string) {
  await db
    .insertInto('notificationReads')
    .values({ notificationId, userId })
    .onConflict((oc) => oc.columns(['notificationId', 'userId']).doNothing())
    .execute();
}

/**
 * Rotates an enterprise's API keys: a new key (returned once), and every key active before is
 * revoked, in one transaction so there is never a moment with none or with both.
 */
export async function rotateApiKeys(db: Kysely<Database>, enterpriseId: string, label: string) {
  return db.transaction().execute(async (trx) => {
    const before = await enterpriseApiKeys.listForEnterprise(trx, enterpriseId);
    const revoked: string[] = [];
    for (const key of before.filter((k) => k.revokedAt === null)) {
      if (await enterpriseApiKeys.revoke(trx, key.id)) revoked.push(key.id);
    }
    const created = await enterpriseApiKeys.create(trx, { enterpriseId, label });
    return { ...created, revoked };
  });
}
