import { closeEnrolmentProblems, enrolmentProblems } from '@qiancheng/domain';
import { setHandler } from '@temporalio/workflow';
import { attempt, type ProjectContext, refuse, type StageOutcome, tracked } from '../context.js';
import { closeEnrolmentUpdate, enrolTraineesUpdate } from '../project.definitions.js';
import { registerClosingStep, runHumanStage } from './human-stage.js';

/** Enrolment: trainees are enrolled in batches (eligibility checked per trainee), then it closes. */
export function registerEnrolmentHandlers(ctx: ProjectContext) {
  const { state, projectId } = ctx;
  setHandler(
    enrolTraineesUpdate,
    async ({ traineeIds, by }) => {
      const result = await tracked(ctx, () =>
        attempt(ctx, 'enrol_trainees', by, () =>
          ctx.io.enrolTrainees({ projectId, traineeIds, by }),
        ),
      );
      state.counts.enrolled += result.enrolled;
      state.counts.ineligible += result.ineligible.length;
      return result;
    },
    {
      validator: ({ traineeIds }) =>
        refuse(
          enrolmentProblems({
            projectId,
            stage: state.stage,
            enrolmentClosed: ctx.closed.enrolment,
            traineeIds,
          }),
        ),
    },
  );
  registerClosingStep(
    ctx,
    closeEnrolmentUpdate,
    'enrolment',
    'close_enrolment',
    () => ({ enrolled: ctx.state.counts.enrolled }),
    (reason) =>
      closeEnrolmentProblems({
        projectId,
        stage: state.stage,
        enrolled: state.counts.enrolled,
        reason,
      }),
  );
}

export function runEnrolment(ctx: ProjectContext): Promise<StageOutcome> {
  return runHumanStage(ctx, 'enrolment', 'enrol_trainees');
}
