import type { LedgerEntryKind } from '@qiancheng/domain';
import type { Kysely } from 'kysely';
import type { Database, LedgerEntryRow, NewLedgerEntryRow } from '../database.js';

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
  const same =
    existing.claimId === entry.claimId &&
    existing.kind === entry.kind &&
    existing.fundingSource === entry.fundingSource &&
    existing.payerRegionCode === (entry.payerRegionCode ?? null) &&
    existing.amountFen === entry.amountFen &&
    existing.reversesEntryId === (entry.reversesEntryId ?? null);
  if (!same) throw new IdempotencyKeyReusedError(entry.idempotencyKey);
  return { entry: existing, created: false };
}
