import type { Kysely, Transaction } from 'kysely';

/**
 * Runs `fn` in the caller's transaction when `db` is one, else in a new transaction: repository
 * functions that write several tables stay atomic either way, and never nest a second one.
 */
export async function inTransaction<DB, T>(
  db: Kysely<DB>,
  fn: (trx: Kysely<DB> | Transaction<DB>) => Promise<T>,
): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}
