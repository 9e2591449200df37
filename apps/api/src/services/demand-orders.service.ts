import type { DemandOrder, DemandOrderCreate, DemandOrderListQuery } from '@qiancheng/contracts';
import {
  auditLog,
  type Db,
  type DemandOrderRow,
  demandOrders,
  demandOrderSearch as repository,
} from '@qiancheng/db';
import { shanghaiDateOfMs } from '@qiancheng/domain';
import { conflict, notFound, unprocessable } from '../errors.js';
import { iso, paging } from '../lib/json.js';
import type { EnterprisePrincipal, UserPrincipal } from '../plugins/app/auth.js';

export function toDemandOrder(row: DemandOrderRow): DemandOrder {
  return { ...row, postedAt: iso(row.postedAt), updatedAt: iso(row.updatedAt) };
}

/**
 * Posts an enterprise's demand order (岗位需求, 十二): the order and its audit entry commit
 * together. An Idempotency-Key is handled before this runs (plugins/app/idempotency.ts), so a
 * replay never reaches here and writes nothing.
 */
export async function post(
  db: Db,
  input: { enterprise: EnterprisePrincipal; body: DemandOrderCreate; requestId: string },
): Promise<DemandOrder> {
  const { enterprise, body } = input;
  if (body.deadline < shanghaiDateOfMs(Date.now())) {
    throw unprocessable('deadline_passed', 'the deadline is in the past', [
      { path: 'body.deadline', message: 'must be today or later' },
    ]);
  }
  return db.transaction().execute(async (trx) => {
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
    return toDemandOrder(row);
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
