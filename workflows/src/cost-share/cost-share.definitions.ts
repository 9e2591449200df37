import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { CostShareDecision, CostShareProgress } from './cost-share.types.js';

/** One approval workflow per partner region and round. */
export const costShareWorkflowId = (projectId: string, regionCode: string, round: number) =>
  `project-${projectId}-share-${regionCode}-r${round}`;

/** The parent forwards a validated decision (the API talks to the parent's updates). */
export const costShareDecisionSignal = defineSignal<[CostShareDecision]>('decision');
/** The parent withdraws the round (project cancelled). */
export const costShareWithdrawSignal = defineSignal<[{ by: string; reason: string }]>('withdraw');
export const costShareProgressQuery = defineQuery<CostShareProgress>('progress');
/** The parent extends the deadline after an escalation (a coordinator's decision, 十二). */
export const costShareExtendSignal = defineSignal<[{ deadline: string }]>('extend');
