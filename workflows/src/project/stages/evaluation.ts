import { assessmentProblems, closeStageProblems } from '@qiancheng/domain';
import { condition, setHandler } from '@temporalio/workflow';
import {
  attempt,
  decide,
  enterStage,
  type ProjectContext,
  refuse,
  type StageOutcome,
  setPending,
  settledOrCancelled,
  tracked,
} from '../context.js';
import { closeEvaluationUpdate, submitAssessmentsUpdate } from '../project.definitions.js';

/** Evaluation (十四): assessment results (and certificates for passes), then it closes. */
export function registerEvaluationHandlers(ctx: ProjectContext) {
  const { state, projectId } = ctx;
  setHandler(
    submitAssessmentsUpdate,
    async ({ results, by }) => {
      const outcome = await tracked(ctx, () =>
        attempt(ctx, 'submit_assessments', by, () =>
          ctx.io.recordAssessments({ projectId, results, by }),
        ),
      );
      state.counts.assessed += outcome.recorded;
      state.counts.certified += outcome.certified;
      return outcome;
    },
    {
      validator: ({ results }) =>
        refuse(assessmentProblems({ projectId, stage: state.stage, results })),
    },
  );
  setHandler(
    closeEvaluationUpdate,
    ({ by, reason }) => {
      ctx.closed.evaluation = true;
      decide(ctx, by, 'close_evaluation', reason ?? null);
      return { certified: state.counts.certified };
    },
    {
      validator: ({ reason }) =>
        refuse(closeStageProblems({ projectId, stage: state.stage, closes: 'evaluation', reason })),
    },
  );
}

export async function runEvaluation(ctx: ProjectContext): Promise<StageOutcome> {
  await enterStage(ctx, 'evaluation', ctx.input.launchedBy);
  setPending(ctx, { kind: 'submit_assessments', regionCode: ctx.input.regionCode, deadline: null });
  await condition(settledOrCancelled(ctx, () => ctx.closed.evaluation));
  return ctx.cancelRequest ? 'cancelled' : 'done';
}
