import type { IsoDate, IsoTimestamp } from './dates.js';
import type { Fen } from './money.js';
import type { RegionCode } from './region.js';

/** Kinds of employment contract recorded for a placement. */
export const CONTRACT_TYPES = [
  'open_ended',
  'fixed_term',
  'part_time',
  'labour_dispatch',
  'flexible',
] as const;
export type ContractType = (typeof CONTRACT_TYPES)[number];

/** A trainee placed in a job (就业服务, 十二). */
export interface Placement {
  id: string;
  enrolmentId: string;
  traineeId: string;
  enterpriseId: string;
  /** The demand order the job fills; null when placed elsewhere. */
  demandOrderId: string | null;
  startedOn: IsoDate;
  contractType: ContractType;
  /** Contract term; null for open-ended and flexible work. */
  contractMonths: number | null;
  monthlyWageFen: Fen;
  workRegionCode: RegionCode;
  recordedAt: IsoTimestamp;
}

/** Follow-up milestones, in months after placement. */
export const FOLLOW_UP_MILESTONES = [3, 6] as const;
export type FollowUpMilestone = (typeof FOLLOW_UP_MILESTONES)[number];

/** What a follow-up found. `unknown` (unreachable, no answer) is never counted as retained. */
export const RETENTION_OUTCOMES = ['retained', 'left', 'unknown'] as const;
export type RetentionOutcome = (typeof RETENTION_OUTCOMES)[number];

/** A retention check at 3 or 6 months after placement. */
export interface FollowUp {
  id: string;
  placementId: string;
  milestoneMonths: FollowUpMilestone;
  dueOn: IsoDate;
  /** Null until the check is made. */
  outcome: RetentionOutcome | null;
  recordedAt: IsoTimestamp | null;
}
