import type { Kysely } from 'kysely';
import type { Database, EnterpriseRow, NewEnterpriseRow } from '../database.js';

const columns = [
  'id',
  'name',
  'unifiedSocialCreditCode',
  'regionCode',
  'sector',
  'createdAt',
] as const;

/** Registers an enterprise. */
export async function insert(
  db: Kysely<Database>,
  enterprise: NewEnterpriseRow,
): Promise<EnterpriseRow> {
  return db
    .insertInto('enterprises')
    .values(enterprise)
    .returning(columns)
    .executeTakeFirstOrThrow();
}

/** The enterprise with this id, or null. */
export async function find(db: Kysely<Database>, id: string): Promise<EnterpriseRow | null> {
  const row = await db
    .selectFrom('enterprises')
    .select(columns)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

/** The enterprise with this 统一社会信用代码, or null. */
export async function findByCreditCode(
  db: Kysely<Database>,
  unifiedSocialCreditCode: string,
): Promise<EnterpriseRow | null> {
  const row = await db
    .selectFrom('enterprises')
    .select(columns)
    .where('unifiedSocialCreditCode', '=', unifiedSocialCreditCode)
    .executeTakeFirst();
  return row ?? null;
}

/** Enterprises, optionally of one region, by name. */
export async function list(
  db: Kysely<Database>,
  filter: { regionCode?: string } = {},
): Promise<EnterpriseRow[]> {
  let query = db.selectFrom('enterprises').select(columns);
  if (filter.regionCode) query = query.where('regionCode', '=', filter.regionCode);
  return query.orderBy('name').orderBy('id').execute();
}

/** Of the given ids, those of enterprises on record, in one query. */
export async function existing(db: Kysely<Database>, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('enterprises')
    .select('id')
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return rows.map((r) => r.id);
}
