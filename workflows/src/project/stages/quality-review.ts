import { sleep } from '@temporalio/workflow';
import { chainStep, enterStage, type ProjectContext, setPending } from '../context.js';

/** Quality review (十三) needs the 3- and 6-month retention: it waits for every follow-up first. */
export async function runQualityReview(ctx: ProjectContext): Promise<void> {
  const { state, projectId, input } = ctx;
  await enterStage(ctx, 'quality_review', 'system');
  if (state.counts.followUpsStarted > 0) {
    setPending(ctx, { kind: 'follow_ups', regionCode: input.regionCode, deadline: null });
    for (;;) {
      const progress = await chainStep(ctx, 'follow_up_progress', () =>
        ctx.io.followUpProgress({ projectId }),
      );
      state.counts.followUpsDone = progress.done;
      if (progress.done >= progress.total) break;
      await sleep(input.timings.followUpPollMs);
    }
  }
  setPending(ctx);
  await chainStep(ctx, 'review_quality', () => ctx.io.reviewQuality({ projectId }));
}
