import type { ProjectTimings } from '../project/project.types.js';

export type RetentionOutcome = 'retained' | 'left' | 'unknown';
export type Checkpoint = 3 | 6;

/** The durations a retention check runs by: when it opens after placement, how long it waits. */
export type RetentionTimings = Pick<
  ProjectTimings,
  'followUp3MonthMs' | 'followUp6MonthMs' | 'followUpAnswerWindowMs'
>;

/** Input of the per-trainee follow-up workflow (before the project's retention workflow). */
export interface FollowUpInput {
  projectId: string;
  traineeId: string;
  /** ISO timestamp the placement was recorded; checks are timed from it. */
  placedAt: string;
  timings: RetentionTimings;
}

export interface FollowUpAnswer {
  checkpointMonths: Checkpoint;
  retained: boolean;
  by: string;
}

/** One trainee's retention checks as they stand. */
export interface FollowUpState {
  /** The checkpoint waiting for its answer, if any. */
  open: Checkpoint | null;
  outcomes: { 3: RetentionOutcome | null; 6: RetentionOutcome | null };
}

/** A placed trainee, as the project's retention workflow follows them (and carries them over). */
export interface RetentionTrainee {
  traineeId: string;
  /** When the placement was recorded (epoch ms): the checks are timed from it. */
  placedAtMs: number;
  outcomes: FollowUpState['outcomes'];
  /** When the 3-month outcome was recorded: the 6-month check never opens before it. */
  settled3AtMs: number | null;
}

export interface RetentionInput {
  projectId: string;
  timings: RetentionTimings;
  /** History events before a new run ({@link RETENTION_EVENTS_PER_RUN} when absent; tests lower it). */
  eventsPerRun?: number;
  /** Set only by the workflow itself when it continues as new: the trainees it follows. */
  carriedOver?: RetentionTrainee[];
}

/** What the placements activity tells the retention workflow: who was placed, and when. */
export interface PlacedTrainees {
  placements: { traineeId: string; placedAt: string }[];
}

/** An answer to one trainee's open check (the retention workflow's update). */
export interface RetentionAnswer extends FollowUpAnswer {
  traineeId: string;
}

/** A check's outcome as recorded (by the person who answered, or null when nobody did). */
export interface RecordedOutcome {
  traineeId: string;
  checkpointMonths: Checkpoint;
  outcome: RetentionOutcome;
  by: string | null;
}
