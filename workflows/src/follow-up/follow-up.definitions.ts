import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { FollowUpAnswer, FollowUpState, RetentionOutcome } from './follow-up.types.js';

/** One follow-up workflow per placed trainee. */
export const followUpWorkflowId = (projectId: string, traineeId: string) =>
  `project-${projectId}-followup-${traineeId}`;

export const answerFollowUpUpdate = defineUpdate<
  { checkpointMonths: 3 | 6; outcome: RetentionOutcome },
  [FollowUpAnswer]
>('answerFollowUp');
export const followUpStateQuery = defineQuery<FollowUpState>('state');
