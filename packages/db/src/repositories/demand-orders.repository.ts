import type { DemandOrderStatus } from '@qiancheng/domain';
import { CompiledQuery, type Kysely, sql } from 'kysely';
import type { Database, DemandOrderRow, NewDemandOrderRow } from '../database.js';

const columns = [
  'id',
  'enterpriseId',
  'externalRef',
  'occupationCode',
  'headcount',
  'reservedHeadcount',
  'filledHeadcount',
  'requiredLevel',
  'wageOfferFen',
  'workRegionCode',
  'deadline',
  'status',
  'description',
  'postedAt',
  'updatedAt',
] as const;

/** Posts a demand order. */
export async function insert(
  db: Kysely<Database>,
  order: NewDemandOrderRow,
): Promise<DemandOrderRow> {
  return db.insertInto('demandOrders').values(order).returning(columns).executeTakeFirstOrThrow();
}

/**
 * Posts a demand order unless the enterprise already posted one with the same `externalRef`, in
 * which case that one is returned: a retried API post creates nothing twice.
 */
export async function insertOrFind(
  db: Kysely<Database>,
  order: NewDemandOrderRow,
): Promise<{ order: DemandOrderRow; created: boolean }> {
  const inserted = await db
    .insertInto('demandOrders')
    .values(order)
    .onConflict((oc) => oc.columns(['enterpriseId', 'externalRef']).doNothing())
    .returning(columns)
    .executeTakeFirst();
  if (inserted) return { order: inserted, created: true };
  if (order.externalRef == null) throw new Error('demand order insert conflicted without a ref');
  const existing = await findByExternalRef(db, order.enterpriseId, order.externalRef);
  if (!existing) throw new Error('demand order conflict but no order found');
  return { order: existing, created: false };
}

/**
 * The statement of postOnce, written out once: its text never changes, so it is not built and
 * compiled again for every order (the route's hot path, issue 13). $1 says whether a key is
 * claimed ($2–$6); without one the order is written unconditionally.
 */
const POST_ONCE_SQL = `
  with claim as (
    insert into idempotency_keys
      (scope, key, request_hash, response_status, response_body, completed_at)
    select $2::text, $3::text, $4::text, $5::smallint, $6::jsonb, now()
    where $1::boolean
    on conflict (scope, key) do nothing
    returning 1
  ), posted as (
    insert into demand_orders
      (id, enterprise_id, external_ref, occupation_code, headcount, required_level,
       wage_offer_fen, work_region_code, deadline, description, posted_at, updated_at)
    select $7::uuid, $8::uuid, $9::text, $10::text, $11::int, $12::text, $13::bigint,
      $14::text, $15::date, $16::text, $17::timestamptz, $18::timestamptz
    where not $1::boolean or exists (select from claim)
    returning id
  ), audited as (
    insert into audit_log (actor, action, subject_type, subject_id, reason, details, request_id)
    select $19::text, 'demand_order.posted', 'demand_order', posted.id::text, null, $20::jsonb,
      $21::text
    from posted
    returning id
  )
  select (select count(*) from audited)::int as posted`;

/**
 * Posts an order with its audit entry and, when the caller sent one, its idempotency key already
 * answered, in ONE statement (one round trip, atomic: a failure writes none of them). The caller
 * chooses the id and timestamps, so the answer (`response`) is known before the write. With a key
 * already taken nothing is written and `posted` is false: the caller replays what the key holds.
 */
export async function postOnce(
  db: Kysely<Database>,
  input: {
    order: NewDemandOrderRow & { id: string; postedAt: Date; updatedAt: Date };
    audit: { actor: string; details: Record<string, unknown>; requestId: string | null };
    idempotency: {
      scope: string;
      key: string;
      requestHash: string;
      responseStatus: number;
      response: unknown;
    } | null;
  },
): Promise<{ posted: boolean }> {
  const { order, audit, idempotency } = input;
  const result = await db.executeQuery<{ posted: number }>(
    CompiledQuery.raw(POST_ONCE_SQL, [
      idempotency !== null,
      idempotency?.scope ?? null,
      idempotency?.key ?? null,
      idempotency?.requestHash ?? null,
      idempotency?.responseStatus ?? null,
      idempotency ? JSON.stringify(idempotency.response ?? null) : null,
      order.id,
      order.enterpriseId,
      order.externalRef ?? null,
      order.occupationCode,
      order.headcount,
      order.requiredLevel,
      order.wageOfferFen,
      order.workRegionCode,
      order.deadline,
      order.description ?? null,
      order.postedAt.toISOString(),
      order.updatedAt.toISOString(),
      audit.actor,
      JSON.stringify(audit.details),
      audit.requestId,
    ]),
  );
  return { posted: (result.rows[0]?.posted ?? 0) > 0 };
}

/** The demand order with this id, or null. */
export async function find(db: Kysely<Database>, id: string): Promise<DemandOrderRow | null> {
  const row = await db
    .selectFrom('demandOrders')
    .select(columns)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

/** The enterprise's order with its own reference, or null. */
export async function findByExternalRef(
  db: Kysely<Database>,
  enterpriseId: string,
  externalRef: string,
): Promise<DemandOrderRow | null> {
  const row = await db
    .selectFrom('demandOrders')
    .select(columns)
    .where('enterpriseId', '=', enterpriseId)
    .where('externalRef', '=', externalRef)
    .executeTakeFirst();
  return row ?? null;
}

/** An enterprise's orders, newest first. */
export async function listForEnterprise(
  db: Kysely<Database>,
  enterpriseId: string,
): Promise<DemandOrderRow[]> {
  return db
    .selectFrom('demandOrders')
    .select(columns)
    .where('enterpriseId', '=', enterpriseId)
    .orderBy('postedAt', 'desc')
    .orderBy('id')
    .execute();
}

/** Orders projects can still take up (open or partly reserved), by deadline. */
export async function listOpen(
  db: Kysely<Database>,
  filter: { occupationCode?: string; workRegionCode?: string } = {},
): Promise<DemandOrderRow[]> {
  let query = db
    .selectFrom('demandOrders')
    .select(columns)
    .where('status', 'in', ['open', 'reserved']);
  if (filter.occupationCode) query = query.where('occupationCode', '=', filter.occupationCode);
  if (filter.workRegionCode) query = query.where('workRegionCode', '=', filter.workRegionCode);
  return query.orderBy('deadline').orderBy('id').execute();
}

/** Sets the status, optionally only from the given ones; null when the order was not in them. */
export async function setStatus(
  db: Kysely<Database>,
  id: string,
  status: DemandOrderStatus,
  options: { from?: readonly DemandOrderStatus[] } = {},
): Promise<DemandOrderRow | null> {
  if (options.from?.length === 0) return null;
  let query = db
    .updateTable('demandOrders')
    .set({ status, updatedAt: sql`now()` })
    .where('id', '=', id);
  if (options.from) query = query.where('status', 'in', options.from);
  const row = await query.returning(columns).executeTakeFirst();
  return row ?? null;
}
