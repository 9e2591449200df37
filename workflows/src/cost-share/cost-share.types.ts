import type { ShareStatus } from '../project/project.types.js';

export interface CostShareApprovalInput {
  projectId: string;
  regionCode: string;
  coordinatorRegionCode: string;
  round: number;
  shareBp: number;
  /** ISO timestamps of the round's opening and this party's deadline (the parent computes both). */
  openedAt: string;
  deadline: string;
  /** When reminders go out, in ms after the round opened (the domain's reminderOffsetsMs). */
  reminderOffsetsMs: number[];
  escalationGraceMs: number;
}

export interface CostShareDecision {
  approved: boolean;
  by: string;
  reason: string | null;
}

export interface CostShareApprovalResult {
  regionCode: string;
  round: number;
  status: Exclude<ShareStatus, 'pending'>;
  decidedBy: string | null;
  reason: string | null;
  remindersSent: number;
  escalated: boolean;
}

export interface CostShareProgress {
  remindersSent: number;
  escalated: boolean;
}
