// A benchmark's workers in a process of their own, as deployed (src/worker/main.ts runs alone):
// the worker's event loop serves activities and workflow tasks only, never the people the
// benchmark plays (their updates, signals and queries) nor the figures it reads afterwards.
// Forked by startBenchWorkers (workers.ts), which it answers over IPC; see BenchWorkerMessage.
import { fileURLToPath } from 'node:url';
import { createDb } from '@qiancheng/db';
import { requireTestEnv } from '@qiancheng/testing';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { createNoopActivities } from '../src/bench/noop.activities.js';
import type { CostSharePartyInput } from '../src/project/project.types.js';
import { DEFAULT_WORKER_DB_POOL } from '../src/worker/config.js';
import { createWorker } from '../src/worker/create-worker.js';
import type { BenchWorkerMessage, BenchWorkerOptions, BenchWorkerReply } from './workers.js';

const options = JSON.parse(process.env.BENCH_WORKER_OPTIONS ?? '') as BenchWorkerOptions;
const send = (reply: BenchWorkerReply) => process.send?.(reply);

Runtime.install({ logger: new DefaultLogger('WARN') });
const env = requireTestEnv();
const native = await NativeConnection.connect({ address: env.temporalAddress });
const connection = await Connection.connect({ address: env.temporalAddress });
const client = new Client({ connection, namespace: env.temporalNamespace });
const workflowsPath = fileURLToPath(new URL('../src/bench/workflows.ts', import.meta.url));
const extraActivities = options.baseline
  ? { ...(await import('../src/bench/baseline.activities.js')) }
  : {};

// Each worker its own pool, the size a deployed worker has.
const oursDb = createDb(options.databaseUrl, { max: DEFAULT_WORKER_DB_POOL });
const ours = await createWorker({
  connection: native,
  namespace: env.temporalNamespace,
  taskQueue: options.taskQueue,
  deps: { db: oursDb, client },
  workflowsPath,
  extraActivities,
});
const floorPartners = new Map<string, CostSharePartyInput[]>();
const floorDb = options.floorTaskQueue
  ? createDb(options.databaseUrl, { max: DEFAULT_WORKER_DB_POOL })
  : null;
const floor = options.floorTaskQueue
  ? await createWorker({
      connection: native,
      namespace: env.temporalNamespace,
      taskQueue: options.floorTaskQueue,
      deps: { db: floorDb ?? oursDb, client },
      workflowsPath,
      extraActivities: { ...createNoopActivities({ client, partners: floorPartners }) },
    })
  : null;
const running = Promise.all([ours.run(), floor?.run()]);

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 250);

process.on('message', async (message: BenchWorkerMessage) => {
  switch (message.type) {
    case 'floor-partners':
      floorPartners.set(message.projectId, message.partners);
      send({ type: 'done', id: message.id });
      break;
    case 'take-peak-rss': {
      const peakMb = Math.round(Math.max(peakRss, process.memoryUsage().rss) / 1_048_576);
      peakRss = process.memoryUsage().rss;
      send({ type: 'done', id: message.id, peakMb });
      break;
    }
    case 'stop':
      clearInterval(sampler);
      ours.shutdown();
      floor?.shutdown();
      await running;
      await native.close();
      await connection.close();
      await oursDb.destroy();
      await floorDb?.destroy();
      send({ type: 'done', id: message.id });
      process.disconnect();
      break;
  }
});
send({ type: 'ready' });
