import { condition, setHandler } from '@temporalio/workflow';
import { chainStep, enterStage, type ProjectContext, setPending } from '../context.js';
import { followUpsSettledSignal } from '../project.definitions.js';

/**
 * Quality review (十三) needs the 3- and 6-month retention: it waits for every follow-up first.
 * It looks at them when the retention workflow says it has recorded them all, and at every poll
 * interval besides (projects placed before that workflow existed have per-trainee follow-ups,
 * which say nothing).
 */
export async function runQualityReview(ctx: ProjectContext): Promise<void> {
  const { state, projectId, input } = ctx;
  let settledSignalled = false;
  setHandler(followUpsSettledSignal, () => {
    settledSignalled = true;
  });
  await enterStage(ctx, 'quality_review', 'system');
  if (state.counts.followUpsStarted > 0) {
    setPending(ctx, { kind: 'follow_ups', regionCode: input.regionCode, deadline: null });
    for (;;) {
      // Cleared before looking, so news that arrives while we look wakes the next wait.
      settledSignalled = false;
      const progress = await chainStep(ctx, 'follow_up_progress', () =>
        ctx.io.followUpProgress({ projectId }),
      );
      state.counts.followUpsDone = progress.done;
      if (progress.done >= progress.total) break;
      // A timer, like the sleep it replaced: histories recorded before the signal replay alike.
      await condition(() => settledSignalled, input.timings.followUpPollMs);
    }
  }
  setPending(ctx);
  await chainStep(ctx, 'review_quality', () => ctx.io.reviewQuality({ projectId }));
}
