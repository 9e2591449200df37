import { closeStageProblems, type StepProblem } from '@qiancheng/domain';
import type { UpdateDefinition } from '@temporalio/common';
import { condition, setHandler } from '@temporalio/workflow';
import {
  decide,
  enterStage,
  type ProjectContext,
  refuse,
  type StageOutcome,
  setPending,
  settledOrCancelled,
} from '../context.js';
import { continueInNewRun, runIsFull } from '../next-run.js';
import type { HumanStage, PendingStep, StepInput } from '../project.types.js';

/**
 * A stage's closing step (close enrolment, complete training, …): checked by the domain, noted
 * as a decision with its reason, answered with the stage's count. The stage ends once no batch
 * of its own is still in flight (runHumanStage).
 */
export function registerClosingStep(
  ctx: ProjectContext,
  update: UpdateDefinition<Record<string, number>, [StepInput]>,
  stage: HumanStage,
  action: string,
  answer: () => Record<string, number>,
  problems: (reason: string | undefined) => StepProblem[] = (reason) =>
    closeStageProblems({ projectId: ctx.projectId, stage: ctx.state.stage, closes: stage, reason }),
) {
  setHandler(
    update,
    ({ by, reason }) => {
      ctx.closed[stage] = true;
      decide(ctx, by, action, reason ?? null);
      return answer();
    },
    { validator: ({ reason }) => refuse(problems(reason)) },
  );
}

/**
 * Enters a human stage with its one pending step (or resumes it in a new run), and waits for its
 * closing step or a cancel. When the run fills up first, the stage goes on in a new run.
 */
export async function runHumanStage(
  ctx: ProjectContext,
  stage: HumanStage,
  pending: PendingStep['kind'],
): Promise<StageOutcome> {
  if (ctx.resumeStage === stage) {
    ctx.resumeStage = null;
  } else {
    await enterStage(ctx, stage, ctx.input.launchedBy);
    setPending(ctx, { kind: pending, regionCode: ctx.input.regionCode, deadline: null });
  }
  const settled = settledOrCancelled(ctx, () => ctx.closed[stage]);
  await condition(() => settled() || runIsFull(ctx));
  if (settled()) return ctx.cancelRequest ? 'cancelled' : 'done';
  return continueInNewRun(ctx, stage);
}
