import type { Occupation, SectorCode } from '@qiancheng/domain';
import type { Kysely } from 'kysely';
import type { Database, OccupationRow } from '../database.js';
import { containsPattern } from './registry-common.js';

const columns = ['code', 'name', 'category', 'sector', 'demo', 'isNew'] as const;

/**
 * Imports occupations (e.g. parsed by the domain's `parseOccupationCsv`): new codes are added,
 * known ones renamed and no longer flagged as demo data.
 */
export async function upsertMany(
  db: Kysely<Database>,
  occupations: (Occupation & { sector?: SectorCode | null; isNew?: boolean })[],
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
        isNew: o.isNew ?? false,
      })),
    )
    .onConflict((oc) =>
      oc.column('code').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        category: eb.ref('excluded.category'),
        sector: eb.fn.coalesce(eb.ref('excluded.sector'), eb.ref('occupations.sector')),
        demo: false,
        isNew: eb.ref('excluded.isNew'),
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

/** A page of occupations whose code starts with, or name contains, `q`; by code. */
export async function search(
  db: Kysely<Database>,
  filter: { q?: string; isNew?: boolean; sector?: SectorCode; offset: number; limit: number },
): Promise<{ rows: OccupationRow[]; total: number }> {
  let query = db.selectFrom('occupations');
  if (filter.q) {
    const q = filter.q;
    query = query.where((eb) =>
      eb.or([
        eb('code', 'like', `${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`),
        eb('name', 'ilike', containsPattern(q)),
      ]),
    );
  }
  if (filter.isNew !== undefined) query = query.where('isNew', '=', filter.isNew);
  if (filter.sector) query = query.where('sector', '=', filter.sector);
  const [rows, count] = await Promise.all([
    query.select(columns).orderBy('code').offset(filter.offset).limit(filter.limit).execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** The codes among `codes` that are in the catalogue. */
export async function existing(
  db: Kysely<Database>,
  codes: readonly string[],
): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db
    .selectFrom('occupations')
    .select('code')
    .where('code', 'in', [...new Set(codes)])
    .execute();
  return new Set(rows.map((r) => r.code));
}
