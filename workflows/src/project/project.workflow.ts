import { sleep } from '@temporalio/workflow';
import { createProjectContext, enterStage, finish, type StageOutcome } from './context.js';
import { registerCancelHandler, runCancel } from './handlers/cancel.js';
import { registerStateHandlers } from './handlers/failures.js';
import { registerFraudHandlers } from './handlers/fraud.js';
import { registerShareDecisionHandlers } from './handlers/share-decisions.js';
import {
  HUMAN_STAGES,
  type HumanStage,
  type ProjectResult,
  type ProjectWorkflowInput,
} from './project.types.js';
import { runCostSharing } from './stages/cost-sharing.js';
import { runDemand } from './stages/demand.js';
import { registerEmploymentHandlers, runEmployment } from './stages/employment.js';
import { registerEnrolmentHandlers, runEnrolment } from './stages/enrolment.js';
import { registerEvaluationHandlers, runEvaluation } from './stages/evaluation.js';
import { runQualityReview } from './stages/quality-review.js';
import { runSettlement } from './stages/settlement.js';
import { registerTrainingHandlers, runTraining } from './stages/training.js';

/**
 * One training project from demand to closing (十二: 岗位需求 + 技能培训 + 技能评价 + 就业服务):
 * demand → cost sharing (cross-region only) → enrolment → training → evaluation → employment →
 * settlement → quality review → closed, or cancelled. Human steps are updates; facts are signals.
 * Each stage and each group of handlers lives in its own module; this file is the chain's shape.
 * A project with many steps continues as new within a human stage (next-run.ts); the new run
 * resumes that stage.
 */
export async function projectWorkflow(input: ProjectWorkflowInput): Promise<ProjectResult> {
  const ctx = createProjectContext(input);
  registerStateHandlers(ctx);
  registerShareDecisionHandlers(ctx);
  registerEnrolmentHandlers(ctx);
  registerTrainingHandlers(ctx);
  registerEvaluationHandlers(ctx);
  registerEmploymentHandlers(ctx);
  registerFraudHandlers(ctx);
  registerCancelHandler(ctx);

  const resumed = input.carriedOver?.stage;
  if (!resumed) {
    await runDemand(ctx);
    if (ctx.partners.length > 0 && (await runCostSharing(ctx)) === 'cancelled')
      return runCancel(ctx);
  }

  // The human stages: each waits for its closing step (or a cancellation).
  const humanStages: Record<HumanStage, (c: typeof ctx) => Promise<StageOutcome>> = {
    enrolment: runEnrolment,
    training: runTraining,
    evaluation: runEvaluation,
    employment: runEmployment,
  };
  for (const stage of HUMAN_STAGES.slice(resumed ? HUMAN_STAGES.indexOf(resumed) : 0)) {
    if ((await humanStages[stage](ctx)) === 'cancelled') return runCancel(ctx);
  }

  await runSettlement(ctx);
  await runQualityReview(ctx);
  await enterStage(ctx, 'closed', 'system');

  // Fraud findings (十八) can still arrive for a while: keep answering them, then end.
  await sleep(input.timings.auditWindowMs);
  return finish(ctx, 'closed');
}
