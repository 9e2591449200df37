/**
 * @qiancheng/workflows — client-facing definitions only: task queue, workflow ids, names and
 * types, update/signal/query definitions, search attributes. The API imports this entry; it never
 * imports workflow code or activities.
 */

export { costShareWorkflowId } from './cost-share/cost-share.definitions.js';
export type { CostShareApprovalResult } from './cost-share/cost-share.types.js';
export type { costShareApprovalWorkflow } from './cost-share/cost-share-approval.workflow.js';
export {
  answerFollowUpUpdate,
  answerRetentionCheckUpdate,
  followUpStateQuery,
  followUpWorkflowId,
  retentionStateQuery,
  retentionWorkflowId,
} from './follow-up/follow-up.definitions.js';
export type {
  FollowUpAnswer,
  FollowUpInput,
  FollowUpState,
  RetentionAnswer,
  RetentionOutcome,
} from './follow-up/follow-up.types.js';
export type { followUpWorkflow } from './follow-up/follow-up.workflow.js';
export type { retentionWorkflow } from './follow-up/retention.workflow.js';
export type { PingInput, PingResult } from './ping/ping.types.js';
export type { pingWorkflow } from './ping/ping.workflow.js';
export * from './project/project.definitions.js';
export * from './project/project.types.js';
export type { projectWorkflow } from './project/project.workflow.js';
export { SEARCH_ATTRIBUTES } from './search-attributes.js';
export { TASK_QUEUE } from './task-queue.js';
