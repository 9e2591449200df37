import type { DemandOrder, DemandOrderCreate, DemandOrderListQuery } from '@qiancheng/contracts';
import {
  auditLog,
  type Db,
  type DemandOrderRow,
  demandOrders,
  idempotencyKeys,
  demandOrderSearch as repository,
} from '@qiancheng/db';
import { shanghaiDateOfMs } from '@qiancheng/domain';
import { conflict, notFound, unprocessable } from '../errors.js';
import { canonicalJson, iso, paging, sha256 } from '../lib/json.js';
import type { EnterprisePrincipal, UserPrincipal } from '../plugins/app/auth.js';

export function toDemandOrder(row: DemandOrderRow): DemandOrder {
  return { ...row, postedAt: iso(row.postedAt), updatedAt: iso(row.updatedAt) };
}

/** The answer to a post: replayed when an idempotency key had been answered before. */
export interface PostResult {
  status: number;
  body: DemandOrder;
  replayed: boolean;
}

/**
 * Posts an enterprise's demand order (岗位需求, 十二). With an Idempotency-Key, the claim of the key,
 * the order, its audit entry and the stored answer commit together: a concurrent repeat waits on
 * the key's row and then gets the first answer, and a failure leaves no trace (the key is free).
 */
export async function post(
  db: Db,
  input: {
    enterprise: EnterprisePrincipal;
    body: DemandOrderCreate;
    idempotencyKey: string | undefined;
    requestId: string;
  },
): Promise<PostResult> {
  const { enterprise, body } = input;
  if (body.deadline < shanghaiDateOfMs(Date.now())) {
    throw unprocessable('deadline_passed', 'the deadline is in the past', [
      { path: 'body.deadline', message: 'must be today or later' },
    ]);
  }
  return db.transaction().execute(async (trx) => {
    const scope = `demand-orders:${enterprise.enterpriseId}`;
    const key = input.idempotencyKey;
    if (key) {
      const claim = await idempotencyKeys.claim(trx, {
        scope,
        key,
        requestHash: sha256(canonicalJson(body)),
      });
      if (claim.state === 'mismatch') {
        throw conflict(
          'idempotency_key_reused',
          'this Idempotency-Key was used with a different request body',
        );
      }
      if (claim.state === 'in_progress') {
        throw conflict('idempotency_key_in_progress', 'a request with this key is in progress');
      }
      if (claim.state === 'completed') {
        return {
          status: claim.responseStatus,
          body: claim.responseBody as DemandOrder,
          replayed: true,
        };
      }
    }
    const row = await insertOrder(trx, {
      enterpriseId: enterprise.enterpriseId,
      externalRef: body.externalRef ?? null,
      occupationCode: body.occupationCode,
      headcount: body.headcount,
      requiredLevel: body.requiredLevel,
      wageOfferFen: body.wageOfferFen,
      workRegionCode: body.workRegionCode,
      deadline: body.deadline,
      description: body.description ?? null,
    });
    await auditLog.append(trx, {
      actor: `enterprise:${enterprise.enterpriseId}`,
      action: 'demand_order.posted',
      subjectType: 'demand_order',
      subjectId: row.id,
      reason: null,
      details: {
        apiKey: enterprise.keyPrefix,
        externalRef: row.externalRef,
        headcount: row.headcount,
      },
      requestId: input.requestId,
    });
    const order = toDemandOrder(row);
    if (key) {
      await idempotencyKeys.complete(trx, { scope, key, responseStatus: 201, responseBody: order });
    }
    return { status: 201, body: order, replayed: false };
  });
}

/** Inserts, naming a reused `externalRef` (the unique constraint is the check, race-free). */
async function insertOrder(db: Db, order: Parameters<typeof demandOrders.insert>[1]) {
  try {
    return await demandOrders.insert(db, order);
  } catch (error) {
    if ((error as { constraint?: string }).constraint === 'demand_orders_external_ref_unique') {
      throw conflict('external_ref_taken', `an order with externalRef ${order.externalRef} exists`);
    }
    throw error;
  }
}

type Caller = EnterprisePrincipal | UserPrincipal;

/** An enterprise sees its own orders; console users those whose work region they cover. */
export async function list(db: Db, caller: Caller, query: DemandOrderListQuery) {
  const { page, pageSize, offset, limit } = paging(query);
  const { rows, total } = await repository.page(db, {
    ...(caller.kind === 'enterprise'
      ? { enterpriseId: caller.enterpriseId }
      : { withinRegion: caller.regionCode }),
    ...(query.status ? { status: query.status } : {}),
    ...(query.occupationCode ? { occupationCode: query.occupationCode } : {}),
    ...(query.workRegionCode ? { workRegionCode: query.workRegionCode } : {}),
    offset,
    limit,
  });
  return { items: rows.map(toDemandOrder), total, page, pageSize };
}

/** One order, or 404 when it is not the caller's to see (its existence is not revealed). */
export async function get(db: Db, caller: Caller, id: string): Promise<DemandOrderRow> {
  const row = await demandOrders.find(db, id);
  const visible =
    row &&
    (caller.kind === 'enterprise'
      ? row.enterpriseId === caller.enterpriseId
      : caller.regionCode === null ||
        row.workRegionCode.startsWith(repository.regionLike(caller.regionCode).replace('%', '')));
  if (!row || !visible) throw notFound('demand order');
  return row;
}

export async function servingProjects(db: Db, caller: Caller, id: string) {
  await get(db, caller, id);
  const rows = await repository.servingProjects(db, id);
  return { items: rows.map((r) => ({ ...r, createdAt: iso(r.createdAt) })) };
}
