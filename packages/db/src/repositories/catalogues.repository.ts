import type { CatalogueEntry, CatalogueVersion, IsoDate } from '@qiancheng/domain';
import type { Kysely } from 'kysely';
import type { CatalogueVersionRow, Database } from '../database.js';
import { inTransaction } from '../in-transaction.js';
import { regionPrefix } from './registry-common.js';

const versionColumns = [
  'id',
  'regionCode',
  'label',
  'publishedOn',
  'effectiveFrom',
  'effectiveTo',
  'status',
  'createdBy',
  'publishedBy',
  'createdAt',
] as const;

/** A version of any status with its entries (a draft has no `publishedOn` yet). */
export interface CatalogueVersionRecord extends Omit<CatalogueVersion, 'publishedOn'> {
  publishedOn: IsoDate | null;
  status: 'draft' | 'published';
  createdBy: string | null;
  publishedBy: string | null;
  createdAt: Date;
}

/**
 * Publishes a version of a region's 职业技能培训需求指导目录 (十二) with its entries and per-level
 * standards, atomically: written as a draft, then published (after which the database refuses
 * any change). Returns it in the domain's shape, ready for `subsidyStandard`.
 */
export async function insertVersion(
  db: Kysely<Database>,
  version: Omit<CatalogueVersion, 'id'> & { id?: string; by?: string },
): Promise<CatalogueVersion> {
  const { entries, publishedOn, by, ...row } = version;
  return inTransaction(db, async (trx) => {
    const draft = await createDraft(trx, { ...row, createdBy: by ?? null });
    for (const entry of entries) await putEntry(trx, draft.id, entry);
    const published = await publish(trx, draft.id, { by: by ?? 'system', on: publishedOn });
    if (!published) throw new Error('catalogue version vanished');
    return toDomain(published);
  });
}

/** Starts a draft version of a region's catalogue. */
export async function createDraft(
  db: Kysely<Database>,
  draft: {
    id?: string;
    regionCode: string;
    label: string;
    effectiveFrom: IsoDate;
    effectiveTo: IsoDate | null;
    createdBy: string | null;
  },
): Promise<CatalogueVersionRecord> {
  const row = await db
    .insertInto('catalogueVersions')
    .values({ ...draft, status: 'draft', publishedOn: null })
    .returning(versionColumns)
    .executeTakeFirstOrThrow();
  return { ...toRecordBase(row), entries: [] };
}

/**
 * Adds or replaces one entry of a DRAFT (its tier and all its standards). On a published version
 * the database refuses (catalogue_versions_published_frozen).
 */
export async function putEntry(
  db: Kysely<Database>,
  versionId: string,
  entry: CatalogueEntry,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx
      .insertInto('catalogueEntries')
      .values({
        catalogueVersionId: versionId,
        occupationCode: entry.occupationCode,
        shortageTier: entry.shortageTier,
      })
      .onConflict((oc) =>
        oc
          .columns(['catalogueVersionId', 'occupationCode'])
          .doUpdateSet((eb) => ({ shortageTier: eb.ref('excluded.shortageTier') })),
      )
      .execute();
    await trx
      .deleteFrom('catalogueStandards')
      .where('catalogueVersionId', '=', versionId)
      .where('occupationCode', '=', entry.occupationCode)
      .execute();
    if (entry.standards.length > 0) {
      await trx
        .insertInto('catalogueStandards')
        .values(
          entry.standards.map((s) => ({
            catalogueVersionId: versionId,
            occupationCode: entry.occupationCode,
            level: s.level,
            amountFen: s.amount,
          })),
        )
        .execute();
    }
  });
}

/** Removes one entry of a draft with its standards; false when it was not there. */
export async function removeEntry(
  db: Kysely<Database>,
  versionId: string,
  occupationCode: string,
): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    await trx
      .deleteFrom('catalogueStandards')
      .where('catalogueVersionId', '=', versionId)
      .where('occupationCode', '=', occupationCode)
      .execute();
    const result = await trx
      .deleteFrom('catalogueEntries')
      .where('catalogueVersionId', '=', versionId)
      .where('occupationCode', '=', occupationCode)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  });
}

/** Publishes a draft; null when unknown or already published. */
export async function publish(
  db: Kysely<Database>,
  id: string,
  publication: { by: string; on: IsoDate },
): Promise<CatalogueVersionRecord | null> {
  const row = await db
    .updateTable('catalogueVersions')
    .set({ status: 'published', publishedOn: publication.on, publishedBy: publication.by })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .returning(versionColumns)
    .executeTakeFirst();
  if (!row) return null;
  const [full] = await assemble(db, [row]);
  return full ?? null;
}

/** The version with this id (any status), with entries, or null. */
export async function findRecord(
  db: Kysely<Database>,
  id: string,
): Promise<CatalogueVersionRecord | null> {
  const row = await db
    .selectFrom('catalogueVersions')
    .select(versionColumns)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const [full] = await assemble(db, [row]);
  return full ?? null;
}

/** A page of versions (without entries; `entryCount` instead), newest effective date first. */
export async function page(
  db: Kysely<Database>,
  filter: {
    regionCode?: string;
    status?: 'draft' | 'published';
    offset: number;
    limit: number;
  },
): Promise<{ rows: (CatalogueVersionRow & { entryCount: number })[]; total: number }> {
  let query = db.selectFrom('catalogueVersions');
  if (filter.regionCode) {
    query = query.where('regionCode', 'like', `${regionPrefix(filter.regionCode)}%`);
  }
  if (filter.status) query = query.where('status', '=', filter.status);
  const [rows, count] = await Promise.all([
    query
      .select(versionColumns)
      .select((eb) =>
        eb
          .selectFrom('catalogueEntries as e')
          .whereRef('e.catalogueVersionId', '=', 'catalogueVersions.id')
          .select((e) => e.fn.countAll<string>().as('n'))
          .as('entryCount'),
      )
      .orderBy('effectiveFrom', 'desc')
      .orderBy('createdAt', 'desc')
      .orderBy('id')
      .offset(filter.offset)
      .limit(filter.limit)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    rows: rows.map((r) => ({ ...r, entryCount: Number(r.entryCount ?? 0) })),
    total: Number(count.n),
  };
}

/** The published version with this id, with entries, or null. */
export async function findVersion(
  db: Kysely<Database>,
  id: string,
): Promise<CatalogueVersion | null> {
  const record = await findRecord(db, id);
  return record && record.status === 'published' ? toDomain(record) : null;
}

/**
 * Published versions with entries, optionally of some regions (pass a region's lineage, e.g. from
 * the domain's `regionLineageOf`) and only those not ended before `activeOn`; the domain's
 * `catalogueVersionInForce` / `subsidyStandard` pick among them. Drafts never price anything.
 */
export async function listVersions(
  db: Kysely<Database>,
  filter: { regionCodes?: readonly string[]; activeOn?: IsoDate } = {},
): Promise<CatalogueVersion[]> {
  if (filter.regionCodes?.length === 0) return [];
  let query = db
    .selectFrom('catalogueVersions')
    .select(versionColumns)
    .where('status', '=', 'published');
  if (filter.regionCodes) query = query.where('regionCode', 'in', filter.regionCodes);
  if (filter.activeOn) {
    const on = filter.activeOn;
    query = query
      .where('effectiveFrom', '<=', on)
      .where((eb) => eb.or([eb('effectiveTo', 'is', null), eb('effectiveTo', '>=', on)]));
  }
  const rows = await query.orderBy('regionCode').orderBy('effectiveFrom').orderBy('id').execute();
  return (await assemble(db, rows)).map(toDomain);
}

function toDomain(record: CatalogueVersionRecord): CatalogueVersion {
  return {
    id: record.id,
    regionCode: record.regionCode,
    label: record.label,
    publishedOn: record.publishedOn ?? '',
    effectiveFrom: record.effectiveFrom,
    effectiveTo: record.effectiveTo,
    entries: record.entries,
  };
}

function toRecordBase(row: CatalogueVersionRow): Omit<CatalogueVersionRecord, 'entries'> {
  return {
    id: row.id,
    regionCode: row.regionCode,
    label: row.label,
    publishedOn: row.publishedOn,
    effectiveFrom: row.effectiveFrom,
    effectiveTo: row.effectiveTo,
    status: row.status,
    createdBy: row.createdBy,
    publishedBy: row.publishedBy,
    createdAt: row.createdAt,
  };
}

async function assemble(
  db: Kysely<Database>,
  rows: CatalogueVersionRow[],
): Promise<CatalogueVersionRecord[]> {
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
    ...toRecordBase(row),
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
