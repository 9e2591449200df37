import type { ActorRef } from './actor.js';
import type { IsoTimestamp } from './dates.js';
import { InvalidInputError } from './errors.js';
import { assertFen, type Fen } from './money.js';
import type { OccupationCode } from './occupation.js';
import type { FundingSourceCode } from './reference/funding-sources.js';
import type { SkillLevelCode } from './reference/skill-levels.js';
import type { RegionCode } from './region.js';
import type { ShortageTier } from './subsidy.js';

/** Lifecycle of a subsidy claim. */
export const CLAIM_STATUSES = ['pending', 'approved', 'paid', 'rejected', 'clawed_back'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** A subsidy claim for one trainee's certificate (补贴结算). */
export interface SubsidyClaim {
  id: string;
  projectId: string;
  enrolmentId: string;
  traineeId: string;
  certificateId: string;
  occupationCode: OccupationCode;
  level: SkillLevelCode;
  /** Asia/Shanghai year of the certificate date; one subsidy per occupation and level per year. */
  policyYear: number;
  catalogueVersionId: string;
  shortageTier: ShortageTier;
  amount: Fen;
  status: ClaimStatus;
  createdAt: IsoTimestamp;
}

/**
 * Kinds of ledger entry. `claim` records money owed to the provider and `payment` money paid;
 * each is undone only by a new entry — `reversal` for a claim, `clawback` for a payment (十八) —
 * never by editing or deleting (append-only).
 */
export const LEDGER_ENTRY_KINDS = ['claim', 'payment', 'reversal', 'clawback'] as const;
export type LedgerEntryKind = (typeof LEDGER_ENTRY_KINDS)[number];

/** +1 adds to what is owed or paid, −1 takes it back. */
export type LedgerDirection = 1 | -1;

/** The direction each kind moves money in. */
export const LEDGER_DIRECTION: Record<LedgerEntryKind, LedgerDirection> = {
  claim: 1,
  payment: 1,
  reversal: -1,
  clawback: -1,
};

/** One append-only line of the settlement ledger, for one claim and one funding party. */
export interface LedgerEntry {
  id: string;
  claimId: string;
  kind: LedgerEntryKind;
  fundingSource: FundingSourceCode;
  payerRegionCode: RegionCode | null;
  /** Always non-negative; the sign is in `direction`. */
  amount: Fen;
  direction: LedgerDirection;
  /** For `reversal` and `clawback`: the entry undone. */
  reversesEntryId: string | null;
  recordedAt: IsoTimestamp;
  recordedBy: ActorRef;
  reason: string | null;
}

/** The signed value of an entry (amount × direction). */
export function signedAmount(entry: Pick<LedgerEntry, 'amount' | 'direction'>): number {
  assertFen(entry.amount);
  return entry.amount * entry.direction;
}

/** Net owed (claims less reversals) and net paid (payments less clawbacks), in fen. */
export function ledgerTotals(entries: readonly LedgerEntry[]): { owed: number; paid: number } {
  let owed = 0;
  let paid = 0;
  for (const entry of entries) {
    if (entry.kind === 'claim' || entry.kind === 'reversal') owed += signedAmount(entry);
    else paid += signedAmount(entry);
  }
  return { owed, paid };
}

/** What a reversing entry needs beyond the entry it reverses. */
export interface ReversalDetails {
  id: string;
  recordedAt: IsoTimestamp;
  recordedBy: ActorRef;
  reason: string;
}

/** The entry that undoes `original`: a `reversal` of a claim, a `clawback` of a payment. */
export function reversingEntry(original: LedgerEntry, details: ReversalDetails): LedgerEntry {
  if (original.kind !== 'claim' && original.kind !== 'payment') {
    throw new InvalidInputError(`a ${original.kind} entry cannot itself be reversed`, 'kind');
  }
  const kind: LedgerEntryKind = original.kind === 'claim' ? 'reversal' : 'clawback';
  return {
    id: details.id,
    claimId: original.claimId,
    kind,
    fundingSource: original.fundingSource,
    payerRegionCode: original.payerRegionCode,
    amount: original.amount,
    direction: LEDGER_DIRECTION[kind],
    reversesEntryId: original.id,
    recordedAt: details.recordedAt,
    recordedBy: details.recordedBy,
    reason: details.reason,
  };
}

/**
 * The entries that claw back a claim after fraud is found (十八 追回补贴资金): one reversing entry
 * for each claim or payment entry of the claim not already reversed. Idempotent — run it again
 * over the ledger including its output and it returns nothing — and `idFor` lets the caller
 * derive ids deterministically (e.g. from the workflow id and the original entry id).
 */
export function clawbackEntries(
  entries: readonly LedgerEntry[],
  claimId: string,
  details: Omit<ReversalDetails, 'id'> & { idFor: (original: LedgerEntry) => string },
): LedgerEntry[] {
  const reversed = new Set(
    entries.flatMap((e) => (e.reversesEntryId !== null ? [e.reversesEntryId] : [])),
  );
  return entries
    .filter(
      (e) =>
        e.claimId === claimId &&
        (e.kind === 'claim' || e.kind === 'payment') &&
        !reversed.has(e.id),
    )
    .map((original) =>
      reversingEntry(original, {
        id: details.idFor(original),
        recordedAt: details.recordedAt,
        recordedBy: details.recordedBy,
        reason: details.reason,
      }),
    );
}

/** One paying party's part of a claim, fund by fund, as the ledger has it (net of reversals). */
export interface ClaimPart {
  payerRegionCode: RegionCode;
  owed: Fen;
  paid: Fen;
  lines: { fundingSource: FundingSourceCode; owed: Fen; paid: Fen }[];
}

/**
 * A claim's parts by paying party and fund, from its ledger entries: owed is claims less
 * reversals, paid is payments less clawbacks. Parties in the order their first entry was written.
 */
export function claimParts(
  entries: readonly Pick<LedgerEntry, 'kind' | 'amount' | 'fundingSource' | 'payerRegionCode'>[],
): ClaimPart[] {
  const parts: ClaimPart[] = [];
  for (const entry of entries) {
    const payer = entry.payerRegionCode;
    if (payer === null) continue;
    let part = parts.find((p) => p.payerRegionCode === payer);
    if (!part) {
      part = { payerRegionCode: payer, owed: 0, paid: 0, lines: [] };
      parts.push(part);
    }
    let line = part.lines.find((l) => l.fundingSource === entry.fundingSource);
    if (!line) {
      line = { fundingSource: entry.fundingSource, owed: 0, paid: 0 };
      part.lines.push(line);
    }
    const signed = entry.amount * LEDGER_DIRECTION[entry.kind];
    if (entry.kind === 'claim' || entry.kind === 'reversal') {
      line.owed += signed;
      part.owed += signed;
    } else {
      line.paid += signed;
      part.paid += signed;
    }
  }
  return parts;
}
