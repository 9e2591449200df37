import { assessmentProblems } from '@qiancheng/domain';
import { setHandler } from '@temporalio/workflow';
import { attempt, type ProjectContext, refuse, type StageOutcome, tracked } from '../context.js';
import { closeEvaluationUpdate, submitAssessmentsUpdate } from '../project.definitions.js';
import { registerClosingStep, runHumanStage } from './human-stage.js';

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
  registerClosingStep(ctx, closeEvaluationUpdate, 'evaluation', 'close_evaluation', () => ({
    certified: ctx.state.counts.certified,
  }));
}

export function runEvaluation(ctx: ProjectContext): Promise<StageOutcome> {
  return runHumanStage(ctx, 'evaluation', 'submit_assessments');
}
