import type { Occupation, SectorCode } from '@qiancheng/domain';
import type { Kysely } from 'kysely';
import type { Database, OccupationRow } from '../database.js';

const columns = ['code', 'name', 'category', 'sector', 'demo'] as const;

/**
 * Imports occupations (e.g. parsed by the domain's `parseOccupationCsv`): new codes are added,
 * known ones renamed and no longer flagged as demo data.
 */
export async function upsertMany(
  db: Kysely<Database>,
  occupations: (Occupation & { sector?: SectorCode | null })[],
): Promise<number> {
  if (occupations.length === 0) return 0;
  const result = await db
    .insertInto('occupations')
    .values(
      occupations.map((o) => ({
        code: o.code,
        name: o.name,
        category: o.category,
        sector: o.sector ?? null,
        demo: false,
      })),
    )
    .onConflict((oc) =>
      oc.column('code').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        category: eb.ref('excluded.category'),
        sector: eb.fn.coalesce(eb.ref('excluded.sector'), eb.ref('occupations.sector')),
        demo: false,
      })),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/** The occupation with this code, or null. */
export async function find(db: Kysely<Database>, code: string): Promise<OccupationRow | null> {
  const row = await db
    .selectFrom('occupations')
    .select(columns)
    .where('code', '=', code)
    .executeTakeFirst();
  return row ?? null;
}

/** Occupations, optionally of one sector, by code. */
export async function list(
  db: Kysely<Database>,
  filter: { sector?: SectorCode } = {},
): Promise<OccupationRow[]> {
  let query = db.selectFrom('occupations').select(columns);
  if (filter.sector) query = query.where('sector', '=', filter.sector);
  return query.orderBy('code').execute();
}
