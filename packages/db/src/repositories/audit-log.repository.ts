import type { Kysely, QueryCreator } from 'kysely';
import type { AuditLogRow, Database, NewAuditLogRow } from '../database.js';

/** Appends one audit entry (inside the caller's transaction when given one). */
export async function append(db: Kysely<Database>, entry: NewAuditLogRow): Promise<AuditLogRow> {
  return db
    .insertInto('auditLog')
    .values({ ...entry, details: JSON.stringify(entry.details ?? {}) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Appends an entry once per idempotency key: a retried writer (an activity) finds the first
 * entry instead of writing a second. Returns whether this call wrote it.
 */
export async function appendOnce(
  db: Kysely<Database>,
  entry: NewAuditLogRow & { idempotencyKey: string },
): Promise<{ created: boolean }> {
  const row = await appendOnceQuery(db, entry).executeTakeFirst();
  return { created: row !== undefined };
}

/**
 * {@link appendOnce}'s statement, unrun: a part of a larger one (a `with` of another
 * repository's statement), returning the entry's id when it wrote it.
 */
export function appendOnceQuery(
  db: QueryCreator<Database>,
  entry: NewAuditLogRow & { idempotencyKey: string },
) {
  return db
    .insertInto('auditLog')
    .values({ ...entry, details: JSON.stringify(entry.details ?? {}) })
    .onConflict((oc) => oc.column('idempotencyKey').doNothing())
    .returning('id');
}

/**
 * Appends many entries once each per idempotency key, in one statement (as {@link appendOnce}).
 * Returns how many this call wrote.
 */
export async function appendManyOnce(
  db: Kysely<Database>,
  entries: readonly (NewAuditLogRow & { idempotencyKey: string })[],
): Promise<{ created: number }> {
  if (entries.length === 0) return { created: 0 };
  const rows = await db
    .insertInto('auditLog')
    .values(entries.map((e) => ({ ...e, details: JSON.stringify(e.details ?? {}) })))
    .onConflict((oc) => oc.column('idempotencyKey').doNothing())
    .returning('id')
    .execute();
  return { created: rows.length };
}

/** The audit trail of one subject, oldest first. */
export async function listForSubject(
  db: Kysely<Database>,
  subjectType: string,
  subjectId: string,
): Promise<AuditLogRow[]> {
  return db
    .selectFrom('auditLog')
    .selectAll()
    .where('subjectType', '=', subjectType)
    .where('subjectId', '=', subjectId)
    .orderBy('id')
    .execute();
}
