import type { Kysely } from 'kysely';
import type { Database, NewRegionRow, RegionRow } from '../database.js';

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
