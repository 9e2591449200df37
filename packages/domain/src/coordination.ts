import type { ProjectStage } from './project-stage.js';
import {
  reasonProblems,
  type ShareDecisionCheck,
  type StepProblem,
  shareDecisionProblems,
} from './project-steps.js';

/** What a provincial coordinator may do with an escalated approval (十二 省级统筹). */
export const COORDINATOR_ACTIONS = ['approve', 'reject', 'extend'] as const;
export type CoordinatorAction = (typeof COORDINATOR_ACTIONS)[number];

/** A coordinator's decision on an escalated share, as the workflow receives it. */
export interface CoordinatorDecisionCheck {
  projectId: string;
  stage: ProjectStage;
  currentRound: number;
  parties: readonly { regionCode: string; status: string; escalated: boolean }[];
  decision: {
    regionCode: string;
    round: number;
    action: CoordinatorAction;
    reason?: string | null | undefined;
    /** ISO timestamp; the new deadline of an extension. */
    deadline?: string | null | undefined;
  };
  /** Epoch ms now (the workflow's clock). */
  now: number;
}

/** A refusal of a coordinator's decision that a share decision cannot have. */
export interface CoordinatorProblem {
  type: StepProblem['type'] | 'NotEscalated' | 'DeadlineRequired' | 'DeadlineNotLater';
  message: string;
  field: string | null;
}

/**
 * A coordinator decides only a share that was escalated to them (its deadline passed unanswered)
 * and is still pending; approving and rejecting are otherwise the partner's own decision (a
 * rejection needs a reason), and an extension needs a reason and a new deadline in the future.
 */
export function coordinatorDecisionProblems(c: CoordinatorDecisionCheck): CoordinatorProblem[] {
  const { decision } = c;
  const base: ShareDecisionCheck = {
    projectId: c.projectId,
    stage: c.stage,
    currentRound: c.currentRound,
    parties: c.parties,
    decision: { regionCode: decision.regionCode, round: decision.round, reason: decision.reason },
    rejecting: decision.action === 'reject',
  };
  const shared = shareDecisionProblems(base);
  if (shared.length) return shared;
  const party = c.parties.find((p) => p.regionCode === decision.regionCode);
  if (!party?.escalated) {
    return [
      {
        type: 'NotEscalated',
        message: `the share of ${decision.regionCode} has not been escalated; its approver decides it`,
        field: 'regionCode',
      },
    ];
  }
  if (decision.action !== 'extend') return [];
  const reason = reasonProblems(decision.reason, 'an extension');
  if (reason.length) return reason;
  const until = decision.deadline ? Date.parse(decision.deadline) : Number.NaN;
  if (Number.isNaN(until)) {
    return [
      { type: 'DeadlineRequired', message: 'an extension needs a new deadline', field: 'deadline' },
    ];
  }
  if (until <= c.now) {
    return [
      {
        type: 'DeadlineNotLater',
        message: 'the new deadline must be in the future',
        field: 'deadline',
      },
    ];
  }
  return [];
}
