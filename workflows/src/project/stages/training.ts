import { closeStageProblems, isRecordId, MAX_BATCH } from '@qiancheng/domain';
import { condition, setHandler, TemporalFailure } from '@temporalio/workflow';
import {
  decide,
  enterStage,
  type ProjectContext,
  recordFailure,
  refuse,
  type StageOutcome,
  setPending,
  settledOrCancelled,
  tracked,
} from '../context.js';
import { attendanceSignal, completeTrainingUpdate } from '../project.definitions.js';

/** Training: attendance arrives as signals (facts), then the manager completes the training. */
export function registerTrainingHandlers(ctx: ProjectContext) {
  const { state, projectId } = ctx;
  setHandler(attendanceSignal, async (attendance) => {
    // A signal has no answer: a malformed one is dropped (the API validates before sending).
    if (
      state.stage !== 'training' ||
      attendance.presentTraineeIds.length > MAX_BATCH ||
      !isRecordId(attendance.moduleId) ||
      !attendance.presentTraineeIds.every(isRecordId)
    ) {
      return;
    }
    try {
      const { recorded } = await tracked(ctx, () =>
        ctx.io.recordAttendance({ projectId, ...attendance }),
      );
      state.counts.attendanceRecords += recorded;
    } catch (error) {
      // Nobody waits for a signal's answer: the failure shows in the state instead.
      if (!(error instanceof TemporalFailure)) throw error;
      recordFailure(ctx, 'record_attendance', attendance.by, error);
    }
  });
  setHandler(
    completeTrainingUpdate,
    ({ by, reason }) => {
      ctx.closed.training = true;
      decide(ctx, by, 'complete_training', reason ?? null);
      return { attendanceRecords: state.counts.attendanceRecords };
    },
    {
      validator: ({ reason }) =>
        refuse(closeStageProblems({ projectId, stage: state.stage, closes: 'training', reason })),
    },
  );
}

export async function runTraining(ctx: ProjectContext): Promise<StageOutcome> {
  await enterStage(ctx, 'training', ctx.input.launchedBy);
  setPending(ctx, { kind: 'complete_training', regionCode: ctx.input.regionCode, deadline: null });
  await condition(settledOrCancelled(ctx, () => ctx.closed.training));
  return ctx.cancelRequest ? 'cancelled' : 'done';
}
