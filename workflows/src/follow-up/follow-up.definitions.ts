import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  Checkpoint,
  FollowUpAnswer,
  FollowUpState,
  PlacedTrainees,
  RetentionAnswer,
  RetentionOutcome,
} from './follow-up.types.js';

/**
 * One retention workflow per project: every placed trainee's 3- and 6-month checks (十三), timed
 * together, recorded in batches. (One workflow per trainee cost ~27 history events each and was
 * most of the platform's Temporal work; projects placed before the change keep theirs.)
 */
export const retentionWorkflowId = (projectId: string) => `project-${projectId}-retention`;

/** Trainees placed: the retention workflow starts following them (a trainee already followed is kept). */
export const placedSignal = defineSignal<[PlacedTrainees]>('placed');

/** The answer to a trainee's open check. */
export const answerRetentionCheckUpdate = defineUpdate<
  { checkpointMonths: Checkpoint; outcome: RetentionOutcome },
  [RetentionAnswer]
>('answerRetentionCheck');

/** One trainee's checks as they stand (null: the workflow does not follow this trainee). */
export const retentionStateQuery = defineQuery<FollowUpState | null, [string]>('traineeState');

/** The workflow of one placed trainee, before the retention workflow (running ones still answer). */
export const followUpWorkflowId = (projectId: string, traineeId: string) =>
  `project-${projectId}-followup-${traineeId}`;

export const answerFollowUpUpdate = defineUpdate<
  { checkpointMonths: Checkpoint; outcome: RetentionOutcome },
  [FollowUpAnswer]
>('answerFollowUp');
export const followUpStateQuery = defineQuery<FollowUpState>('state');
