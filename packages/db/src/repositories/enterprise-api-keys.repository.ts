import { type Kysely, sql } from 'kysely';
import { apiKeyPrefix, generateApiKey, hashApiKey } from '../api-keys.js';
import type { Database, EnterpriseApiKeyRow } from '../database.js';

/** An API key as stored, without its hash. */
export type EnterpriseApiKeyRecord = Omit<EnterpriseApiKeyRow, 'keyHash'>;

const columns = [
  'id',
  'enterpriseId',
  'label',
  'prefix',
  'createdAt',
  'lastUsedAt',
  'revokedAt',
] as const;

/**
 * Issues an API key for an enterprise. The key is returned once, here, and only its SHA-256 is
 * stored. `key` may be given (demo data); it must look like one `generateApiKey` makes.
 */
export async function create(
  db: Kysely<Database>,
  input: { enterpriseId: string; label: string; key?: string },
): Promise<{ apiKey: EnterpriseApiKeyRecord; key: string }> {
  const generated = input.key === undefined ? generateApiKey() : null;
  const key = input.key ?? generated?.key ?? '';
  const prefix = apiKeyPrefix(key);
  if (!prefix) throw new Error('not a well-formed API key (qck_XXXXXXXX_…)');
  const apiKey = await db
    .insertInto('enterpriseApiKeys')
    .values({
      enterpriseId: input.enterpriseId,
      label: input.label,
      prefix,
      keyHash: hashApiKey(key),
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
  return { apiKey, key };
}

/**
 * The active (not revoked) key matching `key`, or null, and notes its use. Looked up by hash, so
 * the comparison never touches the key itself.
 */
export async function findActiveByKey(
  db: Kysely<Database>,
  key: string,
): Promise<EnterpriseApiKeyRecord | null> {
  if (!apiKeyPrefix(key)) return null;
  const row = await db
    .updateTable('enterpriseApiKeys')
    .set({ lastUsedAt: sql`now()` })
    .where('keyHash', '=', hashApiKey(key))
    .where('revokedAt', 'is', null)
    .returning(columns)
    .executeTakeFirst();
  return row ?? null;
}

/** An enterprise's keys, newest first. */
export async function listForEnterprise(
  db: Kysely<Database>,
  enterpriseId: string,
): Promise<EnterpriseApiKeyRecord[]> {
  return db
    .selectFrom('enterpriseApiKeys')
    .select(columns)
    .where('enterpriseId', '=', enterpriseId)
    .orderBy('createdAt', 'desc')
    .orderBy('id')
    .execute();
}

/** Revokes a key; null when unknown or already revoked. */
export async function revoke(
  db: Kysely<Database>,
  id: string,
): Promise<EnterpriseApiKeyRecord | null> {
  const row = await db
    .updateTable('enterpriseApiKeys')
    .set({ revokedAt: sql`now()` })
    .where('id', '=', id)
    .where('revokedAt', 'is', null)
    .returning(columns)
    .executeTakeFirst();
  return row ?? null;
}
