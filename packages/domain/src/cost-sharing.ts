import type { IsoTimestamp } from './dates.js';
import { InvalidInputError } from './errors.js';
import type { BasisPoints } from './money.js';
import type { RegionCode } from './region.js';

/** The part a region plays in cross-region training (十二: 输出地, 输入地). */
export type PartnerRole = 'labour_import' | 'labour_export' | 'training_host';

/** A region sharing the cost of a cross-region project. */
export interface CostSharingParty {
  regionCode: RegionCode;
  role: PartnerRole;
  shareBp: BasisPoints;
}

/** Status of one party's approval in one round. */
export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'expired'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/** One party's decision on its share, for one round. */
export interface CostSharingApproval {
  id: string;
  agreementId: string;
  round: number;
  regionCode: RegionCode;
  status: ApprovalStatus;
  deadline: IsoTimestamp;
  remindersSent: number;
  /** Set when the deadline passed and the party's provincial coordinator was alerted. */
  escalatedAt: IsoTimestamp | null;
  decidedAt: IsoTimestamp | null;
  /** Actor id of the approver. */
  decidedBy: string | null;
  /** Required on rejection, so the owner knows what to revise. */
  reason: string | null;
}

/** Lifecycle of the agreement as a whole. */
export const AGREEMENT_STATUSES = [
  'draft',
  'awaiting_approval',
  'approved',
  'revising',
  'cancelled',
] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

/**
 * A cost-sharing agreement between regions (成本分担, 十二). Each revision after a rejection is a
 * new round with new shares and fresh approvals; earlier rounds stay on record.
 */
export interface CostSharingAgreement {
  id: string;
  projectId: string;
  round: number;
  parties: CostSharingParty[];
  approvals: CostSharingApproval[];
  /** Deadline of the current round. */
  deadline: IsoTimestamp;
  status: AgreementStatus;
}

/** Where a round of approvals stands, with the regions in each state. */
export interface RoundOutcome {
  /**
   * `rejected` if any party rejected; else `expired` if any deadline passed undecided; else
   * `approved` once every party approved; else `pending`.
   */
  status: ApprovalStatus;
  approved: RegionCode[];
  pending: RegionCode[];
  rejected: RegionCode[];
  expired: RegionCode[];
}

/**
 * Where a round stands given its parties' statuses: `rejected` if any party rejected (the owner
 * must revise), else `expired` if any let its deadline pass (an escalation, then a revision), else
 * `approved` once every party approved (十二: enrolment may start), else `pending`. The one rule the
 * workflow, its activities and the API decide a round by.
 */
export function decideRound(statuses: readonly ApprovalStatus[]): ApprovalStatus {
  if (statuses.includes('rejected')) return 'rejected';
  if (statuses.includes('expired')) return 'expired';
  return statuses.length > 0 && statuses.every((s) => s === 'approved') ? 'approved' : 'pending';
}

/**
 * Decides a round of approvals. Enrolment may start only on `approved` (every party approved,
 * 十二); a party without an approval record counts as pending, and a rejection outranks an
 * expiry because it needs the owner to revise rather than an escalation.
 */
export function roundOutcome(
  parties: readonly Pick<CostSharingParty, 'regionCode'>[],
  approvals: readonly Pick<CostSharingApproval, 'round' | 'regionCode' | 'status'>[],
  round: number,
): RoundOutcome {
  if (parties.length === 0) throw new InvalidInputError('an agreement needs parties', 'parties');
  const outcome: RoundOutcome = {
    status: 'pending',
    approved: [],
    pending: [],
    rejected: [],
    expired: [],
  };
  for (const { regionCode } of parties) {
    const approval = approvals.find((a) => a.round === round && a.regionCode === regionCode);
    outcome[approval?.status ?? 'pending'].push(regionCode);
  }
  outcome.status = decideRound(
    parties.map(
      ({ regionCode }) =>
        approvals.find((a) => a.round === round && a.regionCode === regionCode)?.status ??
        'pending',
    ),
  );
  return outcome;
}
