import type { CatalogueEntry, CatalogueVersion, IsoDate } from '@qiancheng/domain';
import type { Kysely } from 'kysely';
import type { CatalogueVersionRow, Database } from '../database.js';
import { inTransaction } from '../in-transaction.js';

const versionColumns = [
  'id',
  'regionCode',
  'label',
  'publishedOn',
  'effectiveFrom',
  'effectiveTo',
  'createdAt',
] as const;

/**
 * Publishes a version of a region's 职业技能培训需求指导目录 (十二) with its entries and per-level
 * standards, atomically. Returns it in the domain's shape, ready for `subsidyStandard`.
 */
export async function insertVersion(
  db: Kysely<Database>,
  version: Omit<CatalogueVersion, 'id'> & { id?: string },
): Promise<CatalogueVersion> {
  const { entries, ...row } = version;
  return inTransaction(db, async (trx) => {
    const inserted = await trx
      .insertInto('catalogueVersions')
      .values(row)
      .returning(versionColumns)
      .executeTakeFirstOrThrow();
    if (entries.length > 0) {
      await trx
        .insertInto('catalogueEntries')
        .values(
          entries.map((e) => ({
            catalogueVersionId: inserted.id,
            occupationCode: e.occupationCode,
            shortageTier: e.shortageTier,
          })),
        )
        .execute();
      const standards = entries.flatMap((e) =>
        e.standards.map((s) => ({
          catalogueVersionId: inserted.id,
          occupationCode: e.occupationCode,
          level: s.level,
          amountFen: s.amount,
        })),
      );
      if (standards.length > 0)
        await trx.insertInto('catalogueStandards').values(standards).execute();
    }
    const [full] = await assemble(trx, [inserted]);
    if (!full) throw new Error('catalogue version vanished');
    return full;
  });
}

/** The version with this id, with entries, or null. */
export async function findVersion(
  db: Kysely<Database>,
  id: string,
): Promise<CatalogueVersion | null> {
  const row = await db
    .selectFrom('catalogueVersions')
    .select(versionColumns)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const [full] = await assemble(db, [row]);
  return full ?? null;
}

/**
 * Versions with entries, optionally of some regions (pass a region's lineage, e.g. from the
 * domain's `regionLineageOf`) and only those not ended before `activeOn`; the domain's
 * `catalogueVersionInForce` / `subsidyStandard` pick among them.
 */
export async function listVersions(
  db: Kysely<Database>,
  filter: { regionCodes?: readonly string[]; activeOn?: IsoDate } = {},
): Promise<CatalogueVersion[]> {
  if (filter.regionCodes?.length === 0) return [];
  let query = db.selectFrom('catalogueVersions').select(versionColumns);
  if (filter.regionCodes) query = query.where('regionCode', 'in', filter.regionCodes);
  if (filter.activeOn) {
    const on = filter.activeOn;
    query = query
      .where('effectiveFrom', '<=', on)
      .where((eb) => eb.or([eb('effectiveTo', 'is', null), eb('effectiveTo', '>=', on)]));
  }
  const rows = await query.orderBy('regionCode').orderBy('effectiveFrom').orderBy('id').execute();
  return assemble(db, rows);
}

async function assemble(
  db: Kysely<Database>,
  rows: CatalogueVersionRow[],
): Promise<CatalogueVersion[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [entries, standards] = await Promise.all([
    db
      .selectFrom('catalogueEntries')
      .select(['catalogueVersionId', 'occupationCode', 'shortageTier'])
      .where('catalogueVersionId', 'in', ids)
      .orderBy('occupationCode')
      .execute(),
    db
      .selectFrom('catalogueStandards')
      .innerJoin('skillLevels', 'skillLevels.code', 'catalogueStandards.level')
      .select([
        'catalogueStandards.catalogueVersionId',
        'catalogueStandards.occupationCode',
        'catalogueStandards.level',
        'catalogueStandards.amountFen',
      ])
      .where('catalogueStandards.catalogueVersionId', 'in', ids)
      .orderBy('skillLevels.rank')
      .execute(),
  ]);
  return rows.map((row) => ({
    id: row.id,
    regionCode: row.regionCode,
    label: row.label,
    publishedOn: row.publishedOn,
    effectiveFrom: row.effectiveFrom,
    effectiveTo: row.effectiveTo,
    entries: entries
      .filter((e) => e.catalogueVersionId === row.id)
      .map(
        (e): CatalogueEntry => ({
          occupationCode: e.occupationCode,
          shortageTier: e.shortageTier,
          standards: standards
            .filter((s) => s.catalogueVersionId === row.id && s.occupationCode === e.occupationCode)
            .map((s) => ({ level: s.level, amount: s.amountFen })),
        }),
      ),
  }));
}
