import { sql } from 'kysely';
import { apiKeyPrefix, hashApiKey } from '../api-keys.js';
import type { Db } from '../create-db.js';

/** How stale `last_used_at` may get: refreshing it on every request makes one hot row per key. */
const TOUCH_EVERY_MS = 60_000;

/**
 * The active key matching `key`, looked up by its hash (revocation takes effect at once). Unlike
 * `enterpriseApiKeys.findActiveByKey`, it notes the use at most once a minute, so an enterprise's
 * concurrent requests do not queue on one row lock.
 */
export async function findActive(db: Db, key: string) {
  if (!apiKeyPrefix(key)) return null;
  const row = await db
    .selectFrom('enterpriseApiKeys')
    .select(['id', 'enterpriseId', 'prefix', 'lastUsedAt'])
    .where('keyHash', '=', hashApiKey(key))
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
    await db
      .updateTable('enterpriseApiKeys')
      .set({ lastUsedAt: sql`now()` })
      .where('id', '=', row.id)
      .execute();
  }
  return row;
}
