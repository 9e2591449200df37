import { placementProblems } from '@qiancheng/domain';
import { setHandler } from '@temporalio/workflow';
import { attempt, type ProjectContext, refuse, type StageOutcome, tracked } from '../context.js';
import { closeEmploymentUpdate, recordPlacementsUpdate } from '../project.definitions.js';
import { registerClosingStep, runHumanStage } from './human-stage.js';

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
  registerClosingStep(ctx, closeEmploymentUpdate, 'employment', 'close_employment', () => ({
    placed: ctx.state.counts.placed,
  }));
}

export function runEmployment(ctx: ProjectContext): Promise<StageOutcome> {
  return runHumanStage(ctx, 'employment', 'record_placements');
}
