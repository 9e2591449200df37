import { randomUUID } from 'node:crypto';
import type { DemandOrder, DemandOrderCreate, DemandOrderListQuery } from '@qiancheng/contracts';
import {
  type Db,
  type DemandOrderRow,
  demandOrders,
  demandOrderSearch as repository,
} from '@qiancheng/db';
import { shanghaiDateOfMs } from '@qiancheng/domain';
import { conflict, notFound, unprocessable } from '../errors.js';
import { iso, paging } from '../lib/json.js';
import type { EnterprisePrincipal, UserPrincipal } from '../plugins/app/auth.js';
import type { IdempotencyClaim } from '../plugins/app/idempotency.js';

export function toDemandOrder(row: DemandOrderRow): DemandOrder {
  return { ...row, postedAt: iso(row.postedAt), updatedAt: iso(row.updatedAt) };
}

/**
 * Posts an enterprise's demand order (岗位需求, 十二): the order, its audit entry and the request's
 * Idempotency-Key (answered) in one statement, so all three commit together or not at all, in one
 * round trip. Null when the key was already taken: nothing was written, and the caller answers
 * as the key's first request did (plugins/app/idempotency.ts, writeOnce).
 */
export async function post(
  db: Db,
  input: {
    enterprise: EnterprisePrincipal;
    body: DemandOrderCreate;
    requestId: string;
    idempotency: IdempotencyClaim | null;
  },
): Promise<DemandOrder | null> {
  const { enterprise, body } = input;
  if (body.deadline < shanghaiDateOfMs(Date.now())) {
    throw unprocessable('deadline_passed', 'the deadline is in the past', [
      { path: 'body.deadline', message: 'must be today or later' },
    ]);
  }
  // The id and times are chosen here so the answer is known before the write, and stored with
  // the key in the same statement. The row is what the table's defaults make of a new order.
  const now = new Date();
  const row: DemandOrderRow = {
    id: randomUUID(),
    enterpriseId: enterprise.enterpriseId,
    externalRef: body.externalRef ?? null,
    occupationCode: body.occupationCode,
    headcount: body.headcount,
    reservedHeadcount: 0,
    filledHeadcount: 0,
    requiredLevel: body.requiredLevel,
    wageOfferFen: body.wageOfferFen,
    workRegionCode: body.workRegionCode,
    deadline: body.deadline,
    status: 'open',
    description: body.description ?? null,
    postedAt: now,
    updatedAt: now,
  };
  const order = toDemandOrder(row);
  const claim = input.idempotency;
  try {
    const { posted } = await demandOrders.postOnce(db, {
      order: {
        id: row.id,
        enterpriseId: row.enterpriseId,
        externalRef: row.externalRef,
        occupationCode: row.occupationCode,
        headcount: row.headcount,
        requiredLevel: row.requiredLevel,
        wageOfferFen: row.wageOfferFen,
        workRegionCode: row.workRegionCode,
        deadline: row.deadline,
        description: row.description,
        postedAt: now,
        updatedAt: now,
      },
      audit: {
        actor: `enterprise:${enterprise.enterpriseId}`,
        details: {
          apiKey: enterprise.keyPrefix,
          externalRef: row.externalRef,
          headcount: row.headcount,
        },
        requestId: input.requestId,
      },
      idempotency: claim
        ? {
            scope: claim.scope,
            key: claim.key,
            requestHash: claim.requestHash,
            responseStatus: 201,
            response: order,
          }
        : null,
    });
    return posted ? order : null;
  } catch (error) {
    // A reused `externalRef` is named (the unique constraint is the check, race-free).
    if ((error as { constraint?: string }).constraint === 'demand_orders_external_ref_unique') {
      throw conflict('external_ref_taken', `an order with externalRef ${row.externalRef} exists`);
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
