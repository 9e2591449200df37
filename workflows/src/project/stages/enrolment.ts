import { closeEnrolmentProblems, enrolmentProblems } from '@qiancheng/domain';
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
import { closeEnrolmentUpdate, enrolTraineesUpdate } from '../project.definitions.js';

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
  setHandler(
    closeEnrolmentUpdate,
    ({ by, reason }) => {
      ctx.closed.enrolment = true;
      decide(ctx, by, 'close_enrolment', reason ?? null);
      return { enrolled: state.counts.enrolled };
    },
    {
      validator: ({ reason }) =>
        refuse(
          closeEnrolmentProblems({
            projectId,
            stage: state.stage,
            enrolled: state.counts.enrolled,
            reason,
          }),
        ),
    },
  );
}

export async function runEnrolment(ctx: ProjectContext): Promise<StageOutcome> {
  await enterStage(ctx, 'enrolment', ctx.input.launchedBy);
  setPending(ctx, { kind: 'enrol_trainees', regionCode: ctx.input.regionCode, deadline: null });
  await condition(settledOrCancelled(ctx, () => ctx.closed.enrolment));
  return ctx.cancelRequest ? 'cancelled' : 'done';
}
