import { regionLevelOfCode } from '@qiancheng/domain';
import type { Db } from '../create-db.js';
import type { DemandOrderRow } from '../database.js';

/** The SQL LIKE prefix of everything inside a region, by its code's shape. */
export function regionLike(code: string): string {
  const level = regionLevelOfCode(code);
  return level === 'province'
    ? `${code.slice(0, 2)}%`
    : level === 'city'
      ? `${code.slice(0, 4)}%`
      : code;
}

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

/** A page of demand orders, newest first, with the total matching. */
export async function page(
  db: Db,
  filter: {
    enterpriseId?: string;
    withinRegion?: string | null;
    status?: string;
    occupationCode?: string;
    workRegionCode?: string;
    offset: number;
    limit: number;
  },
): Promise<{ rows: DemandOrderRow[]; total: number }> {
  let query = db.selectFrom('demandOrders');
  if (filter.enterpriseId) query = query.where('enterpriseId', '=', filter.enterpriseId);
  if (filter.withinRegion)
    query = query.where('workRegionCode', 'like', regionLike(filter.withinRegion));
  if (filter.status) query = query.where('status', '=', filter.status as DemandOrderRow['status']);
  if (filter.occupationCode) query = query.where('occupationCode', '=', filter.occupationCode);
  if (filter.workRegionCode) query = query.where('workRegionCode', '=', filter.workRegionCode);
  const [rows, count] = await Promise.all([
    query
      .select(columns)
      .orderBy('postedAt', 'desc')
      .orderBy('id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** The projects holding places on an order. */
export async function servingProjects(db: Db, demandOrderId: string) {
  return db
    .selectFrom('projectDemandOrders as pd')
    .innerJoin('projects as p', 'p.id', 'pd.projectId')
    .select([
      'p.id',
      'p.name',
      'p.stage',
      'p.ownerRegionCode',
      'p.trainingRegionCode',
      'pd.headcount',
      'p.createdAt',
    ])
    .where('pd.demandOrderId', '=', demandOrderId)
    .orderBy('p.createdAt')
    .execute();
}
