import type { Kysely } from 'kysely';
import type { Database, NewRegionRow, RegionRow } from '../database.js';
import { containsPattern } from './registry-common.js';

const columns = ['code', 'name', 'nameEn', 'level', 'parentCode'] as const;

/**
 * Imports administrative divisions (e.g. the full GB/T 2260 list), inserting new codes and
 * renaming known ones. Give parents before children or in the same call.
 */
export async function upsertMany(db: Kysely<Database>, regions: NewRegionRow[]): Promise<number> {
  if (regions.length === 0) return 0;
  const result = await db
    .insertInto('regions')
    .values(regions)
    .onConflict((oc) =>
      oc.column('code').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        nameEn: eb.ref('excluded.nameEn'),
        level: eb.ref('excluded.level'),
        parentCode: eb.ref('excluded.parentCode'),
      })),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/** The region with this code, or null. */
export async function find(db: Kysely<Database>, code: string): Promise<RegionRow | null> {
  const row = await db
    .selectFrom('regions')
    .select(columns)
    .where('code', '=', code)
    .executeTakeFirst();
  return row ?? null;
}

/** Regions directly under `parentCode` (the provinces for null), by code. */
export async function listChildren(
  db: Kysely<Database>,
  parentCode: string | null,
): Promise<RegionRow[]> {
  return db
    .selectFrom('regions')
    .select(columns)
    .where('parentCode', parentCode === null ? 'is' : '=', parentCode)
    .orderBy('code')
    .execute();
}

/** Every region, by code. */
export async function list(db: Kysely<Database>): Promise<RegionRow[]> {
  return db.selectFrom('regions').select(columns).orderBy('code').execute();
}

/** Official names of the given region codes (GB/T 2260), for showing next to codes. */
export async function namesOf(
  db: Kysely<Database>,
  codes: readonly string[],
): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .selectFrom('regions')
    .select(['code', 'name'])
    .where('code', 'in', [...new Set(codes)])
    .execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** A page of regions whose code starts with, or name contains, `q`; of a level and parent; by code. */
export async function search(
  db: Kysely<Database>,
  filter: {
    q?: string;
    level?: RegionRow['level'];
    parentCode?: string;
    offset: number;
    limit: number;
  },
): Promise<{ rows: RegionRow[]; total: number }> {
  let query = db.selectFrom('regions');
  if (filter.q) {
    const q = filter.q;
    query = /^[0-9]+$/.test(q)
      ? query.where('code', 'like', `${q}%`)
      : query.where('name', 'ilike', containsPattern(q));
  }
  if (filter.level) query = query.where('level', '=', filter.level);
  if (filter.parentCode) query = query.where('parentCode', '=', filter.parentCode);
  const [rows, count] = await Promise.all([
    query.select(columns).orderBy('code').offset(filter.offset).limit(filter.limit).execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
