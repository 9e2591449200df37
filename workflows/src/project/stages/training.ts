import { isRecordId, MAX_BATCH } from '@qiancheng/domain';
import { setHandler, TemporalFailure } from '@temporalio/workflow';
import { type ProjectContext, recordFailure, type StageOutcome, tracked } from '../context.js';
import { attendanceSignal, completeTrainingUpdate } from '../project.definitions.js';
import { registerClosingStep, runHumanStage } from './human-stage.js';

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
  registerClosingStep(ctx, completeTrainingUpdate, 'training', 'complete_training', () => ({
    attendanceRecords: ctx.state.counts.attendanceRecords,
  }));
}

export function runTraining(ctx: ProjectContext): Promise<StageOutcome> {
  return runHumanStage(ctx, 'training', 'complete_training');
}
