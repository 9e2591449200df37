import type { ProjectTimings } from '../project/project.types.js';

export type RetentionOutcome = 'retained' | 'left' | 'unknown';

export interface FollowUpInput {
  projectId: string;
  traineeId: string;
  /** ISO timestamp the placement was recorded; checks are timed from it. */
  placedAt: string;
  timings: Pick<ProjectTimings, 'followUp3MonthMs' | 'followUp6MonthMs' | 'followUpAnswerWindowMs'>;
}

export interface FollowUpAnswer {
  checkpointMonths: 3 | 6;
  retained: boolean;
  by: string;
}

export interface FollowUpState {
  /** The checkpoint waiting for its answer, if any. */
  open: 3 | 6 | null;
  outcomes: { 3: RetentionOutcome | null; 6: RetentionOutcome | null };
}
