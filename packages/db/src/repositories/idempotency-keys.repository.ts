import { type Kysely, sql } from 'kysely';
import type { Database } from '../database.js';

/** What to do with a request carrying an idempotency key. */
export type IdempotencyClaim =
  /** First time: handle the request, then `complete` (or `release` on failure). */
  | { state: 'new' }
  /** The first request with this key is still being handled. */
  | { state: 'in_progress' }
  /** Handled before: answer with the stored response. */
  | { state: 'completed'; responseStatus: number; responseBody: unknown }
  /** The key was used for a different request (another body): refuse. */
  | { state: 'mismatch' };

/**
 * How long a claim holds without an answer. A request that never finished (its API process was
 * killed mid-request, so neither `complete` nor `release` ran) would otherwise hold its key for
 * good and every retry would hear "in progress"; past this lease the same request may claim it
 * again. Longer than any request runs (a workflow update waits 20 s at most).
 */
export const CLAIM_LEASE_SECONDS = 120;

/**
 * Claims `key` in `scope` (e.g. an enterprise id) for a request with `requestHash`, atomically:
 * of concurrent requests with the same key exactly one gets `new` — also when it takes over the
 * lapsed claim of the same request (see CLAIM_LEASE_SECONDS).
 */
export async function claim(
  db: Kysely<Database>,
  input: { scope: string; key: string; requestHash: string },
  leaseSeconds: number = CLAIM_LEASE_SECONDS,
): Promise<IdempotencyClaim> {
  const inserted = await db
    .insertInto('idempotencyKeys')
    .values(input)
    .onConflict((oc) =>
      oc
        .columns(['scope', 'key'])
        // The lease starts again (createdAt is otherwise never written by the application).
        .doUpdateSet({ createdAt: sql`now()` } as unknown as { requestHash: string })
        .where('idempotencyKeys.completedAt', 'is', null)
        .where('idempotencyKeys.requestHash', '=', input.requestHash)
        .where(
          'idempotencyKeys.createdAt',
          '<',
          sql<Date>`now() - make_interval(secs => ${leaseSeconds})`,
        ),
    )
    .returning('key')
    .executeTakeFirst();
  if (inserted) return { state: 'new' };
  const found = await lookup(db, input);
  // Released between our insert and select: the caller may simply retry.
  return found.state === 'free' ? { state: 'in_progress' } : found;
}

/**
 * What `key` in `scope` holds for a request with `requestHash`, without claiming it: `free` when
 * nobody holds it (never used, released, or purged).
 */
export async function lookup(
  db: Kysely<Database>,
  input: { scope: string; key: string; requestHash: string },
): Promise<Exclude<IdempotencyClaim, { state: 'new' }> | { state: 'free' }> {
  const existing = await db
    .selectFrom('idempotencyKeys')
    .select(['requestHash', 'responseStatus', 'responseBody'])
    .where('scope', '=', input.scope)
    .where('key', '=', input.key)
    .executeTakeFirst();
  if (!existing) return { state: 'free' };
  if (existing.requestHash !== input.requestHash) return { state: 'mismatch' };
  if (existing.responseStatus === null) return { state: 'in_progress' };
  return {
    state: 'completed',
    responseStatus: existing.responseStatus,
    responseBody: existing.responseBody,
  };
}

/** Stores the response of a claimed key, so repeats get the same answer. */
export async function complete(
  db: Kysely<Database>,
  input: { scope: string; key: string; responseStatus: number; responseBody: unknown },
): Promise<boolean> {
  const result = await db
    .updateTable('idempotencyKeys')
    .set({
      responseStatus: input.responseStatus,
      responseBody: input.responseBody === undefined ? null : JSON.stringify(input.responseBody),
      completedAt: sql`now()`,
    })
    .where('scope', '=', input.scope)
    .where('key', '=', input.key)
    .where('completedAt', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Gives up an uncompleted claim (the request failed), so the client can retry with the key. */
export async function release(db: Kysely<Database>, scope: string, key: string): Promise<boolean> {
  const result = await db
    .deleteFrom('idempotencyKeys')
    .where('scope', '=', scope)
    .where('key', '=', key)
    .where('completedAt', 'is', null)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Forgets keys created before `before` (keys are kept for a bounded time, e.g. 24 h). */
export async function purgeOlderThan(db: Kysely<Database>, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('idempotencyKeys')
    .where('createdAt', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
