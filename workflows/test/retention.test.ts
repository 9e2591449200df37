import { fileURLToPath } from 'node:url';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answerRetentionCheckUpdate,
  placedSignal,
  retentionStateQuery,
} from '../src/follow-up/follow-up.definitions.js';
import type { Checkpoint, PlacedTrainees } from '../src/follow-up/follow-up.types.js';
import type { retentionWorkflow } from '../src/follow-up/retention.workflow.js';
import { startTracing } from '../src/platform/tracing.js';
import { workflowInterceptorModules, workflowSinks } from '../src/worker/create-worker.js';
import {
  copyDemoProject,
  driveFromEnrolment,
  type Harness,
  launch,
  startHarness,
  waitForState,
} from './harness.js';

// The project's retention workflow on its own rules (十三): one workflow follows every placed
// trainee, answers are checked against the open check, several placement batches join the same
// workflow, and a long run carries its trainees into a new run without losing an answer.
let h: Harness;
beforeAll(async () => {
  h = await startHarness('retention');
});
afterAll(async () => {
  await h?.close();
});

/** The update's refusal type, or null when it was accepted. */
async function refusal(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure)
      return error.cause.type ?? 'ApplicationFailure';
    throw error;
  }
}

describe('the retention workflow', () => {
  // Checks wait 10 s for their answers (room on a busy machine), so the whole story takes ~40 s.
  it('checks answers, joins later placements and carries its trainees across runs', {
    timeout: 120_000,
  }, async () => {
    // A closed project's placed trainees: their placements exist, so outcomes can be recorded.
    const projectId = await copyDemoProject(h.db, '深圳低空经济无人机驾驶员');
    const project = await launch(h, projectId, { partners: [] });
    await waitForState(project, (s) => s.stage === 'enrolment');
    const { placedIds } = await driveFromEnrolment(h, project, projectId, { trainees: 4 });
    expect(placedIds).toHaveLength(4);
    const [a, b, c, d] = placedIds as [string, string, string, string];

    // A workflow of our own over the same trainees, with a tiny run, timed from now.
    const placedAt = new Date().toISOString();
    const handle = await h.client.workflow.signalWithStart<
      typeof retentionWorkflow,
      [PlacedTrainees]
    >('retentionWorkflow', {
      taskQueue: h.taskQueue,
      workflowId: `retention-test-${projectId}`,
      args: [
        {
          projectId,
          timings: {
            followUp3MonthMs: 1_500,
            followUp6MonthMs: 4_000,
            followUpAnswerWindowMs: 10_000,
          },
          eventsPerRun: 12,
        },
      ],
      signal: placedSignal,
      signalArgs: [{ placements: [a, b].map((traineeId) => ({ traineeId, placedAt })) }],
    });
    // A later batch (and a repeat of an earlier trainee) joins the same workflow.
    await handle.signal(placedSignal, {
      placements: [b, c, d].map((traineeId) => ({ traineeId, placedAt })),
    });

    const answer = (traineeId: string, checkpointMonths: Checkpoint, retained: boolean) =>
      handle.executeUpdate(answerRetentionCheckUpdate, {
        args: [{ traineeId, checkpointMonths, retained, by: 'user:pm' }],
      });
    const stateOf = (traineeId: string) => handle.query(retentionStateQuery, traineeId);
    async function opened(traineeId: string, months: Checkpoint) {
      const until = Date.now() + 20_000;
      while ((await stateOf(traineeId))?.open !== months) {
        if (Date.now() > until)
          throw new Error(`${months}-month check of ${traineeId} never opened`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }

    // Before the 3-month check opens nothing is accepted; a stranger never is.
    expect(await refusal(answer(a, 3, true))).toBe('NoOpenCheck');
    expect(await refusal(answer(projectId, 3, true))).toBe('UnknownTrainee');

    await opened(a, 3);
    expect(await refusal(answer(a, 6, true))).toBe('WrongCheckpoint');
    expect(await answer(a, 3, true)).toEqual({ checkpointMonths: 3, outcome: 'retained' });
    // A second answer to the same check is refused (NoOpenCheck, or WrongCheckpoint once the
    // 6-month check has opened meanwhile on a busy machine).
    expect(['NoOpenCheck', 'WrongCheckpoint']).toContain(await refusal(answer(a, 3, false)));
    await opened(b, 3);
    expect(await answer(b, 3, false)).toEqual({ checkpointMonths: 3, outcome: 'left' });
    await opened(c, 3);
    expect(await answer(c, 3, true)).toEqual({ checkpointMonths: 3, outcome: 'retained' });
    // d never answers.
    await opened(a, 6);
    expect(await answer(a, 6, true)).toEqual({ checkpointMonths: 6, outcome: 'retained' });
    await opened(c, 6);
    expect(await answer(c, 6, false)).toEqual({ checkpointMonths: 6, outcome: 'left' });

    expect(await handle.result()).toEqual({ followed: 4 });
    expect((await stateOf(a))?.outcomes).toEqual({ 3: 'retained', 6: 'retained' });
    expect((await stateOf(b))?.outcomes).toEqual({ 3: 'left', 6: 'left' });
    expect((await stateOf(c))?.outcomes).toEqual({ 3: 'retained', 6: 'left' });
    expect((await stateOf(d))?.outcomes).toEqual({ 3: 'unknown', 6: 'unknown' });

    // It took more than one run: the first continued as new, with a history of its own.
    const runs: string[] = [];
    for await (const run of h.client.workflow.list({
      query: `WorkflowId = 'retention-test-${projectId}'`,
    }))
      runs.push(run.status.name);
    expect(runs.filter((s) => s === 'CONTINUED_AS_NEW').length).toBeGreaterThanOrEqual(1);
    expect(runs.filter((s) => s === 'COMPLETED')).toHaveLength(1);

    // Every run replays against the code as production bundles it: a worker that restarts (or a
    // query to a workflow it no longer caches) replays histories like these. (Answers completing
    // in the task that cancelled the wait's timer once replayed in another order.)
    const bundle = await bundleWorkflowCode({
      workflowsPath: fileURLToPath(new URL('../src/workflows.ts', import.meta.url)),
      workflowInterceptorModules,
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
    });
    for await (const run of h.client.workflow.list({
      query: `WorkflowType = 'retentionWorkflow' AND ProjectId = '${projectId}' OR WorkflowId = 'retention-test-${projectId}'`,
    })) {
      const history = await h.client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
      await Worker.runReplayHistory(
        { workflowBundle: bundle, sinks: workflowSinks(startTracing('replay', {})) },
        history,
        run.workflowId,
      );
    }

    // The project's own retention workflow followed the same four and let the project close.
    const closed = await project.result();
    expect(closed.counts).toMatchObject({ placed: 4, followUpsStarted: 4, followUpsDone: 4 });
  });
});
