import { closeStageProblems, placementProblems } from '@qiancheng/domain';
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
import { closeEmploymentUpdate, recordPlacementsUpdate } from '../project.definitions.js';

/** Employment (就业服务): placements, each starting its trainee's retention follow-ups (十三). */
export function registerEmploymentHandlers(ctx: ProjectContext) {
  const { state, projectId } = ctx;
  setHandler(
    recordPlacementsUpdate,
    async ({ placements, by }) =>
      tracked(ctx, async () => {
        const { recorded, traineeIds } = await attempt(ctx, 'record_placements', by, () =>
          ctx.io.recordPlacements({ projectId, placements, by }),
        );
        state.counts.placed += recorded;
        const { started } = traineeIds.length
          ? await attempt(ctx, 'start_follow_ups', by, () =>
              ctx.io.startFollowUps({ projectId, traineeIds, timings: ctx.input.timings }),
            )
          : { started: 0 };
        state.counts.followUpsStarted += started;
        return { recorded, followUpsStarted: started };
      }),
    {
      validator: ({ placements }) =>
        refuse(placementProblems({ projectId, stage: state.stage, placements })),
    },
  );
  setHandler(
    closeEmploymentUpdate,
    ({ by, reason }) => {
      ctx.closed.employment = true;
      decide(ctx, by, 'close_employment', reason ?? null);
      return { placed: state.counts.placed };
    },
    {
      validator: ({ reason }) =>
        refuse(closeStageProblems({ projectId, stage: state.stage, closes: 'employment', reason })),
    },
  );
}

export async function runEmployment(ctx: ProjectContext): Promise<StageOutcome> {
  await enterStage(ctx, 'employment', ctx.input.launchedBy);
  setPending(ctx, { kind: 'record_placements', regionCode: ctx.input.regionCode, deadline: null });
  await condition(settledOrCancelled(ctx, () => ctx.closed.employment));
  return ctx.cancelRequest ? 'cancelled' : 'done';
}
