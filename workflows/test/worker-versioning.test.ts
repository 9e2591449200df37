import { randomBytes } from 'node:crypto';
import { requireTestEnv } from '@qiancheng/testing';
import type { WorkflowHandle } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolTraineesUpdate } from '../src/project/project.definitions.js';
import { createWorker } from '../src/worker/create-worker.js';
import { copyDemoProject, type Harness, launch, startHarness, waitForState } from './harness.js';

/**
 * Worker Versioning (Temporal ≥ 1.28): workers carry a deployment name and build id; a project
 * stays pinned to the build that started it, and a new build reaches new projects only once it is
 * made current — how a workflow change ships without breaking running projects.
 */
const deploymentName = `qiancheng-test-${randomBytes(3).toString('hex')}`;
let h: Harness;
let native: NativeConnection;
const workers: { worker: Worker; running: Promise<void> }[] = [];

beforeAll(async () => {
  h = await startHarness('versioning', { worker: false });
  native = await NativeConnection.connect({ address: requireTestEnv().temporalAddress });
});
afterAll(async () => {
  for (const w of workers) w.worker.shutdown();
  await Promise.all(workers.map((w) => w.running));
  await native?.close();
  await h?.close();
});

async function startBuild(buildId: string) {
  const worker = await createWorker({
    connection: native,
    namespace: requireTestEnv().temporalNamespace,
    taskQueue: h.taskQueue,
    deployment: { name: deploymentName, buildId },
    deps: { db: h.db, client: h.client },
  });
  workers.push({ worker, running: worker.run() });
}

/** Makes `buildId` the deployment's current version (once its worker has polled, so it exists). */
async function makeCurrent(buildId: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await h.client.workflowService.setWorkerDeploymentCurrentVersion({
        namespace: requireTestEnv().temporalNamespace,
        deploymentName,
        buildId,
        identity: 'test',
      });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

async function pinnedBuild(handle: WorkflowHandle): Promise<string | null | undefined> {
  const { raw } = await handle.describe();
  const info = raw.workflowExecutionInfo?.versioningInfo;
  return info?.deploymentVersion?.buildId;
}

describe('worker versioning', () => {
  it('keeps a running project on the build that started it; new projects start on the current build', async () => {
    await startBuild('build-a');
    await makeCurrent('build-a');
    const first = await launch(h, await copyDemoProject(h.db, '深圳低空经济无人机驾驶员'), {
      partners: [],
    });
    await waitForState(first, (s) => s.stage === 'enrolment');
    expect(await pinnedBuild(first)).toBe('build-a');

    // A new build is deployed and made current while the first project waits in enrolment.
    await startBuild('build-b');
    await makeCurrent('build-b');
    const second = await launch(h, await copyDemoProject(h.db, '深圳低空经济无人机驾驶员'), {
      partners: [],
    });
    await waitForState(second, (s) => s.stage === 'enrolment');
    expect(await pinnedBuild(second)).toBe('build-b');

    // The first project's next step is still handled by its own build.
    const { trainees } = await import('@qiancheng/db');
    const [trainee] = (await trainees.list(h.db, { limit: 1 })).map((t) => t.id);
    const enrolled = await first.executeUpdate(enrolTraineesUpdate, {
      args: [{ traineeIds: [trainee as string], by: 'user:pm' }],
    });
    expect(enrolled.enrolled + enrolled.alreadyEnrolled).toBe(1);
    expect(await pinnedBuild(first)).toBe('build-a');
    await first.terminate('test finished');
    await second.terminate('test finished');
  }, 120_000);
});
