import type { IsoDate } from '@qiancheng/domain';
import type { Kysely } from 'kysely';
import type { Database, NewRegionalTargetRow, RegionalTargetRow } from '../database.js';

const columns = [
  'id',
  'regionCode',
  'periodStart',
  'periodEnd',
  'measure',
  'sector',
  'keyGroup',
  'target',
] as const;

/**
 * Sets a region's target for a period, measure and optional sector / key group (二十), replacing
 * the figure when that target already exists.
 */
export async function upsert(
  db: Kysely<Database>,
  target: NewRegionalTargetRow,
): Promise<RegionalTargetRow> {
  return db
    .insertInto('regionalTargets')
    .values(target)
    .onConflict((oc) =>
      oc
        .constraint('regional_targets_unique')
        .doUpdateSet((eb) => ({ target: eb.ref('excluded.target') })),
    )
    .returning(columns)
    .executeTakeFirstOrThrow();
}

/** Targets, optionally of some regions and only those whose period contains `activeOn`. */
export async function list(
  db: Kysely<Database>,
  filter: { regionCodes?: readonly string[]; activeOn?: IsoDate } = {},
): Promise<RegionalTargetRow[]> {
  if (filter.regionCodes?.length === 0) return [];
  let query = db.selectFrom('regionalTargets').select(columns);
  if (filter.regionCodes) query = query.where('regionCode', 'in', filter.regionCodes);
  if (filter.activeOn) {
    query = query
      .where('periodStart', '<=', filter.activeOn)
      .where('periodEnd', '>=', filter.activeOn);
  }
  return query.orderBy('regionCode').orderBy('periodStart').orderBy('measure').execute();
}
