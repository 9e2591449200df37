import type { AgreementStatus, CostSharingParty } from '@qiancheng/domain';
import { type Kysely, sql } from 'kysely';
import type {
  ApprovalRow,
  CostSharingAgreementRow,
  CostSharingRoundRow,
  Database,
  RoundStatus,
} from '../database.js';

const agreementColumns = ['id', 'projectId', 'status', 'createdAt', 'updatedAt'] as const;
const roundColumns = [
  'id',
  'agreementId',
  'round',
  'deadline',
  'status',
  'openedAt',
  'closedAt',
  'createdBy',
  'reason',
] as const;
const approvalColumns = [
  'id',
  'roundId',
  'regionCode',
  'status',
  'deadline',
  'remindersSent',
  'escalatedAt',
  'decidedAt',
  'decidedBy',
  'reason',
] as const;

/** A round with its parties' shares and their approvals (both in region-code order). */
export interface RoundRecord extends CostSharingRoundRow {
  parties: CostSharingParty[];
  approvals: ApprovalRow[];
}

/** Creates the cost-sharing agreement of a cross-region project (十二). */
export async function createAgreement(
  db: Kysely<Database>,
  agreement: { id?: string; projectId: string; status?: AgreementStatus },
): Promise<CostSharingAgreementRow> {
  return db
    .insertInto('costSharingAgreements')
    .values(agreement)
    .returning(agreementColumns)
    .executeTakeFirstOrThrow();
}

/** The agreement with this id, or null. */
export async function findAgreement(
  db: Kysely<Database>,
  id: string,
): Promise<CostSharingAgreementRow | null> {
  const row = await db
    .selectFrom('costSharingAgreements')
    .select(agreementColumns)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

/** The project's agreement, or null. */
export async function findAgreementForProject(
  db: Kysely<Database>,
  projectId: string,
): Promise<CostSharingAgreementRow | null> {
  const row = await db
    .selectFrom('costSharingAgreements')
    .select(agreementColumns)
    .where('projectId', '=', projectId)
    .executeTakeFirst();
  return row ?? null;
}

/** Sets the agreement's status, optionally only from the given ones; null if it was not in them. */
export async function setAgreementStatus(
  db: Kysely<Database>,
  id: string,
  status: AgreementStatus,
  options: { from?: readonly AgreementStatus[] } = {},
): Promise<CostSharingAgreementRow | null> {
  if (options.from?.length === 0) return null;
  let query = db
    .updateTable('costSharingAgreements')
    .set({ status, updatedAt: sql`now()` })
    .where('id', '=', id);
  if (options.from) query = query.where('status', 'in', options.from);
  const row = await query.returning(agreementColumns).executeTakeFirst();
  return row ?? null;
}

/** The round with this id, or null. */
export async function findRound(db: Kysely<Database>, id: string): Promise<RoundRecord | null> {
  const row = await db
    .selectFrom('costSharingRounds')
    .select(roundColumns)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const [record] = await withParties(db, [row]);
  return record ?? null;
}

/** An agreement's rounds, first to last. */
export async function listRounds(
  db: Kysely<Database>,
  agreementId: string,
): Promise<RoundRecord[]> {
  const rows = await db
    .selectFrom('costSharingRounds')
    .select(roundColumns)
    .where('agreementId', '=', agreementId)
    .orderBy('round')
    .execute();
  return withParties(db, rows);
}

/** Closes an open round with its outcome; null when it was not open. */
export async function closeRound(
  db: Kysely<Database>,
  id: string,
  status: Exclude<RoundStatus, 'open' | 'draft'>,
): Promise<CostSharingRoundRow | null> {
  const row = await db
    .updateTable('costSharingRounds')
    .set({ status, closedAt: sql`now()` })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .returning(roundColumns)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Records a party's decision on its share. Only a pending approval can be decided (a decision is
 * final); null otherwise, so a repeated update request changes nothing. A rejection needs a
 * reason (the database insists).
 */
export async function decide(
  db: Kysely<Database>,
  input: {
    roundId: string;
    regionCode: string;
    decision: 'approved' | 'rejected';
    decidedBy: string;
    reason: string | null;
    at?: Date;
  },
): Promise<ApprovalRow | null> {
  const row = await db
    .updateTable('approvals')
    .set({
      status: input.decision,
      decidedBy: input.decidedBy,
      decidedAt: input.at ?? new Date(),
      reason: input.reason,
    })
    .where('roundId', '=', input.roundId)
    .where('regionCode', '=', input.regionCode)
    .where('status', '=', 'pending')
    .returning(approvalColumns)
    .executeTakeFirst();
  return row ?? null;
}

/** Counts a reminder sent for a pending approval; null when it is no longer pending. */
export async function recordReminder(
  db: Kysely<Database>,
  approvalId: string,
): Promise<ApprovalRow | null> {
  const row = await db
    .updateTable('approvals')
    .set((eb) => ({ remindersSent: eb('remindersSent', '+', 1) }))
    .where('id', '=', approvalId)
    .where('status', '=', 'pending')
    .returning(approvalColumns)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Marks a pending approval escalated to the party's provincial coordinator after its deadline.
 * Idempotent: the first escalation time is kept. Null when it is no longer pending.
 */
export async function recordEscalation(
  db: Kysely<Database>,
  approvalId: string,
  at: Date = new Date(),
): Promise<ApprovalRow | null> {
  const row = await db
    .updateTable('approvals')
    .set((eb) => ({ escalatedAt: eb.fn.coalesce('escalatedAt', eb.val(at)) }))
    .where('id', '=', approvalId)
    .where('status', '=', 'pending')
    .returning(approvalColumns)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Gives a pending approval a new deadline (a provincial coordinator's extension after an
 * escalation, 十二): it is no longer escalated until the new deadline passes too. Null when it is
 * no longer pending.
 */
export async function extendDeadline(
  db: Kysely<Database>,
  approvalId: string,
  deadline: Date,
): Promise<ApprovalRow | null> {
  const row = await db
    .updateTable('approvals')
    .set({ deadline, escalatedAt: null })
    .where('id', '=', approvalId)
    .where('status', '=', 'pending')
    .returning(approvalColumns)
    .executeTakeFirst();
  return row ?? null;
}

/** Marks a pending approval expired (no decision by the deadline); null when not pending. */
export async function expire(
  db: Kysely<Database>,
  approvalId: string,
): Promise<ApprovalRow | null> {
  const row = await db
    .updateTable('approvals')
    .set({ status: 'expired' })
    .where('id', '=', approvalId)
    .where('status', '=', 'pending')
    .returning(approvalColumns)
    .executeTakeFirst();
  return row ?? null;
}

/** Pending approvals of a region (an approver's inbox), by deadline. */
export async function listPendingForRegion(
  db: Kysely<Database>,
  regionCode: string,
): Promise<ApprovalRow[]> {
  return db
    .selectFrom('approvals')
    .select(approvalColumns)
    .where('regionCode', '=', regionCode)
    .where('status', '=', 'pending')
    .orderBy('deadline')
    .orderBy('id')
    .execute();
}

async function withParties(
  db: Kysely<Database>,
  rounds: CostSharingRoundRow[],
): Promise<RoundRecord[]> {
  if (rounds.length === 0) return [];
  const ids = rounds.map((r) => r.id);
  const [shares, approvals] = await Promise.all([
    db
      .selectFrom('partyShares')
      .select(['roundId', 'regionCode', 'role', 'shareBp'])
      .where('roundId', 'in', ids)
      .orderBy('regionCode')
      .execute(),
    db
      .selectFrom('approvals')
      .select(approvalColumns)
      .where('roundId', 'in', ids)
      .orderBy('regionCode')
      .execute(),
  ]);
  return rounds.map((round) => ({
    ...round,
    parties: shares
      .filter((s) => s.roundId === round.id)
      .map((s) => ({ regionCode: s.regionCode, role: s.role, shareBp: s.shareBp })),
    approvals: approvals.filter((a) => a.roundId === round.id),
  }));
}
