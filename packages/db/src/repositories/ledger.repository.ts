import type { LedgerEntryKind } from '@qiancheng/domain';
import type { Kysely } from 'kysely';
import type { Database, LedgerEntryRow, NewLedgerEntryRow } from '../database.js';
import { anyText, anyUuid } from './sets.js';

const columns = [
  'id',
  'seq',
  'idempotencyKey',
  'claimId',
  'kind',
  'direction',
  'fundingSource',
  'payerRegionCode',
  'amountFen',
  'reversesEntryId',
  'recordedAt',
  'recordedBy',
  'reason',
] as const;

/** Thrown when an idempotency key is reused for a different entry: a bug in the writer. */
export class IdempotencyKeyReusedError extends Error {
  override readonly name = 'IdempotencyKeyReusedError';
  constructor(readonly idempotencyKey: string) {
    super(`ledger idempotency key ${idempotencyKey} was already used for a different entry`);
  }
}

/** A new ledger line: reversals and clawbacks go through {@link reverse}. */
export type NewLedgerLine = Omit<NewLedgerEntryRow, 'kind' | 'reversesEntryId'> & {
  kind: Extract<LedgerEntryKind, 'claim' | 'payment'>;
};

/**
 * Appends an entry to the ledger, exactly once per idempotency key (derive it from the workflow
 * id and step): a retry returns the entry written the first time with `created: false`. A key
 * reused for different content throws {@link IdempotencyKeyReusedError}.
 */
export async function append(
  db: Kysely<Database>,
  entry: NewLedgerLine,
): Promise<{ entry: LedgerEntryRow; created: boolean }> {
  return write(db, { ...entry, reversesEntryId: null });
}

/**
 * Undoes an entry with a new one (十八 追回: never by editing or deleting): a `reversal` of a claim
 * entry or a `clawback` of a payment, for the same claim, source, payer and amount. An entry is
 * reversed at most once (the database refuses a second reversal under another key).
 */
export async function reverse(
  db: Kysely<Database>,
  input: { entryId: string; idempotencyKey: string; recordedBy: string; reason: string },
): Promise<{ entry: LedgerEntryRow; created: boolean }> {
  const original = await db
    .selectFrom('ledgerEntries')
    .select(columns)
    .where('id', '=', input.entryId)
    .executeTakeFirst();
  if (!original) throw new Error(`ledger entry ${input.entryId} not found`);
  if (original.kind !== 'claim' && original.kind !== 'payment') {
    throw new Error(`a ${original.kind} entry cannot itself be reversed`);
  }
  return write(db, {
    idempotencyKey: input.idempotencyKey,
    claimId: original.claimId,
    kind: original.kind === 'claim' ? 'reversal' : 'clawback',
    fundingSource: original.fundingSource,
    payerRegionCode: original.payerRegionCode,
    amountFen: original.amountFen,
    reversesEntryId: original.id,
    recordedBy: input.recordedBy,
    reason: input.reason,
  });
}

/**
 * Appends many entries in one statement, each exactly once per idempotency key (as {@link append});
 * entries already written are checked in one more query, and a key reused for different content
 * throws {@link IdempotencyKeyReusedError}. Returns how many this call wrote.
 */
export async function appendMany(
  db: Kysely<Database>,
  entries: readonly NewLedgerLine[],
): Promise<{ created: number }> {
  return writeMany(
    db,
    entries.map((e) => ({ ...e, reversesEntryId: null })),
  );
}

/**
 * Reverses many entries (as {@link reverse}: a `reversal` of a claim entry, a `clawback` of a
 * payment, mirroring it), in one statement plus one check of those already written. Returns how
 * many this call wrote.
 */
export async function reverseMany(
  db: Kysely<Database>,
  reversals: readonly {
    entry: Pick<
      LedgerEntryRow,
      'id' | 'claimId' | 'kind' | 'fundingSource' | 'payerRegionCode' | 'amountFen'
    >;
    idempotencyKey: string;
    recordedBy: string;
    reason: string;
  }[],
): Promise<{ created: number }> {
  return writeMany(
    db,
    reversals.map(({ entry, idempotencyKey, recordedBy, reason }) => {
      if (entry.kind !== 'claim' && entry.kind !== 'payment') {
        throw new Error(`a ${entry.kind} entry cannot itself be reversed`);
      }
      return {
        idempotencyKey,
        claimId: entry.claimId,
        kind: entry.kind === 'claim' ? 'reversal' : 'clawback',
        fundingSource: entry.fundingSource,
        payerRegionCode: entry.payerRegionCode,
        amountFen: entry.amountFen,
        reversesEntryId: entry.id,
        recordedBy,
        reason,
      };
    }),
  );
}

/** The entries of many claims in the order written, by claim id, in one query. */
export async function listForClaims(
  db: Kysely<Database>,
  claimIds: readonly string[],
): Promise<Map<string, LedgerEntryRow[]>> {
  const byClaim = new Map<string, LedgerEntryRow[]>();
  if (claimIds.length === 0) return byClaim;
  const rows = await db
    .selectFrom('ledgerEntries')
    .select(columns)
    .where('claimId', '=', anyUuid(claimIds))
    .orderBy('seq')
    .execute();
  for (const row of rows) {
    const list = byClaim.get(row.claimId) ?? [];
    list.push(row);
    byClaim.set(row.claimId, list);
  }
  return byClaim;
}

/** The entry written under this idempotency key, or null. */
export async function findByIdempotencyKey(
  db: Kysely<Database>,
  idempotencyKey: string,
): Promise<LedgerEntryRow | null> {
  const row = await db
    .selectFrom('ledgerEntries')
    .select(columns)
    .where('idempotencyKey', '=', idempotencyKey)
    .executeTakeFirst();
  return row ?? null;
}

/** A claim's entries in the order written (the input of the domain's `clawbackEntries`). */
export async function listForClaim(
  db: Kysely<Database>,
  claimId: string,
): Promise<LedgerEntryRow[]> {
  return db
    .selectFrom('ledgerEntries')
    .select(columns)
    .where('claimId', '=', claimId)
    .orderBy('seq')
    .execute();
}

/** A project's entries in the order written. */
export async function listForProject(
  db: Kysely<Database>,
  projectId: string,
): Promise<LedgerEntryRow[]> {
  return db
    .selectFrom('ledgerEntries')
    .innerJoin('subsidyClaims', 'subsidyClaims.id', 'ledgerEntries.claimId')
    .select(columns.map((c) => `ledgerEntries.${c}` as const))
    .where('subsidyClaims.projectId', '=', projectId)
    .orderBy('ledgerEntries.seq')
    .execute();
}

/** Net owed (claims less reversals) and net paid (payments less clawbacks) of a claim, in fen. */
export async function totalsForClaim(
  db: Kysely<Database>,
  claimId: string,
): Promise<{ owedFen: number; paidFen: number }> {
  const entries = await listForClaim(db, claimId);
  let owedFen = 0;
  let paidFen = 0;
  for (const e of entries) {
    if (e.kind === 'claim' || e.kind === 'reversal') owedFen += e.amountFen * e.direction;
    else paidFen += e.amountFen * e.direction;
  }
  return { owedFen, paidFen };
}

async function writeMany(
  db: Kysely<Database>,
  entries: readonly NewLedgerEntryRow[],
): Promise<{ created: number }> {
  if (entries.length === 0) return { created: 0 };
  const inserted = await db
    .insertInto('ledgerEntries')
    .values([...entries])
    .onConflict((oc) => oc.column('idempotencyKey').doNothing())
    .returning('idempotencyKey')
    .execute();
  const written = new Set(inserted.map((r) => r.idempotencyKey));
  const others = entries.filter((e) => !written.has(e.idempotencyKey));
  if (others.length > 0) {
    const existing = new Map(
      (
        await db
          .selectFrom('ledgerEntries')
          .select(columns)
          .where('idempotencyKey', '=', anyText(others.map((e) => e.idempotencyKey)))
          .execute()
      ).map((e) => [e.idempotencyKey, e]),
    );
    for (const entry of others) {
      const found = existing.get(entry.idempotencyKey);
      if (!found) throw new Error('ledger conflict but no entry found');
      if (!sameEntry(found, entry)) throw new IdempotencyKeyReusedError(entry.idempotencyKey);
    }
  }
  return { created: inserted.length };
}

function sameEntry(existing: LedgerEntryRow, entry: NewLedgerEntryRow): boolean {
  return (
    existing.claimId === entry.claimId &&
    existing.kind === entry.kind &&
    existing.fundingSource === entry.fundingSource &&
    existing.payerRegionCode === (entry.payerRegionCode ?? null) &&
    existing.amountFen === entry.amountFen &&
    existing.reversesEntryId === (entry.reversesEntryId ?? null)
  );
}

async function write(
  db: Kysely<Database>,
  entry: NewLedgerEntryRow,
): Promise<{ entry: LedgerEntryRow; created: boolean }> {
  const inserted = await db
    .insertInto('ledgerEntries')
    .values(entry)
    .onConflict((oc) => oc.column('idempotencyKey').doNothing())
    .returning(columns)
    .executeTakeFirst();
  if (inserted) return { entry: inserted, created: true };
  const existing = await findByIdempotencyKey(db, entry.idempotencyKey);
  if (!existing) throw new Error('ledger conflict but no entry found');
  if (!sameEntry(existing, entry)) throw new IdempotencyKeyReusedError(entry.idempotencyKey);
  return { entry: existing, created: false };
}
