// The workers of a benchmark that measures itself against Temporal's floor: ours, with the real
// activities, on the harness's task queue, and the floor's on a queue of its own — the same
// workflow bundle, every activity a no-op that answers from its input (src/bench/noop.activities.ts).
import { fileURLToPath } from 'node:url';
import { createDb } from '@qiancheng/db';
import { requireTestEnv } from '@qiancheng/testing';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { createNoopActivities } from '../src/bench/noop.activities.js';
import type { CostSharePartyInput } from '../src/project/project.types.js';
import { DEFAULT_WORKER_DB_POOL } from '../src/worker/config.js';
import { createWorker } from '../src/worker/create-worker.js';
import type { Harness } from '../test/harness.js';

export interface BenchWorkers {
  /** The harness with the floor's task queue: launch and drive the floor's projects with it. */
  floor: Harness;
  /** Each floor project's partners, for the no-op cost-share round: set before its launch. */
  floorPartners: Map<string, CostSharePartyInput[]>;
  stop(): Promise<void>;
}

/** Starts both workers (the bench bundle: our workflows and the one-workflow baseline). */
export async function startBenchWorkers(
  h: Harness,
  extraActivities: Record<string, (...args: never[]) => Promise<unknown>> = {},
): Promise<BenchWorkers> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const env = requireTestEnv();
  const native = await NativeConnection.connect({ address: env.temporalAddress });
  const workflowsPath = fileURLToPath(new URL('../src/bench/workflows.ts', import.meta.url));
  // The workers' own pools, each the size a deployed worker has (the harness' serves the drive).
  const oursDb = createDb(h.databaseUrl, { max: DEFAULT_WORKER_DB_POOL });
  const floorDb = createDb(h.databaseUrl, { max: DEFAULT_WORKER_DB_POOL });
  const ours = await createWorker({
    connection: native,
    namespace: env.temporalNamespace,
    taskQueue: h.taskQueue,
    deps: { db: oursDb, client: h.client },
    workflowsPath,
    extraActivities,
  });
  const floor: Harness = { ...h, taskQueue: `${h.taskQueue}-floor` };
  const floorPartners = new Map<string, CostSharePartyInput[]>();
  const floorWorker = await createWorker({
    connection: native,
    namespace: env.temporalNamespace,
    taskQueue: floor.taskQueue,
    deps: { db: floorDb, client: h.client },
    workflowsPath,
    extraActivities: { ...createNoopActivities({ client: h.client, partners: floorPartners }) },
  });
  const running = Promise.all([ours.run(), floorWorker.run()]);
  return {
    floor,
    floorPartners,
    async stop() {
      ours.shutdown();
      floorWorker.shutdown();
      await running;
      await native.close();
      await oursDb.destroy();
      await floorDb.destroy();
    },
  };
}
