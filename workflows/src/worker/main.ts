// The worker process: `node workflows/dist/worker/main.js` (npm start runs it; scale it out per
// task queue in production). Stops gracefully on SIGINT/SIGTERM (the SDK handles the signals).
import type { Server } from 'node:http';
import { createDb, poolStats } from '@qiancheng/db';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { startTracing, tracingClientInterceptors } from '../platform/tracing.js';
import { loadWorkerConfig, type WorkerConfig } from './config.js';
import { createWorker } from './create-worker.js';
import { startHealthServer } from './health.js';
import { installRuntime } from './runtime.js';

// The SDK's signal handling shuts down running workers only: a stop asked for while this one is
// still connecting ends the process (nothing runs yet), and one asked for after the worker was
// made but before it runs keeps it from running.
let stopRequested = false;
let worker: Worker | null = null;
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    if (!worker) process.exit(0);
    stopRequested = true;
  });

let config: WorkerConfig;
try {
  config = loadWorkerConfig();
} catch (error) {
  process.stderr.write(`invalid configuration: ${(error as Error).message}\n`);
  process.exit(2);
}
// Before any connection: the runtime holds the logger and the metrics exporter.
const log = installRuntime(config);
const tracing = startTracing('qiancheng-worker');
const db = createDb(config.databaseUrl, { max: config.dbPoolMax });
const { address } = config.temporal.connection;
const { namespace } = config.temporal;
const clientConnection = Connection.lazy(config.temporal.connection);
let health: Server | null = null;
if (config.healthAddress) {
  health = await startHealthServer(config.healthAddress, {
    state: () => worker?.getState() ?? null,
    db,
    temporal: clientConnection,
  });
}
const poolGauges = config.metricsAddress ? reportPoolSaturation() : null;
let connection: NativeConnection | null = null;
try {
  connection = await NativeConnection.connect(config.temporal.connection);
  worker = await createWorker({
    connection,
    namespace,
    ...(config.taskQueue ? { taskQueue: config.taskQueue } : {}),
    ...(config.deployment ? { deployment: config.deployment } : {}),
    tracing,
    deps: {
      db,
      client: new Client({
        connection: clientConnection,
        namespace,
        interceptors: tracingClientInterceptors(tracing),
      }),
    },
  });
  log.info(`worker polling task queue ${worker.options.taskQueue} on ${address}/${namespace}`, {
    taskQueue: worker.options.taskQueue,
    namespace,
    tls: Boolean(config.temporal.connection.tls),
    metrics: config.metricsAddress ?? null,
    health: config.healthAddress ?? null,
    deployment: config.deployment ?? null,
    tracing: tracing.enabled,
  });
  if (!stopRequested) await worker.run();
} finally {
  if (poolGauges) clearInterval(poolGauges);
  health?.close();
  await connection?.close();
  await clientConnection.close();
  await db.destroy();
  await tracing.shutdown();
}

/**
 * The database pool's saturation beside the SDK's metrics (same exporter, same names as the API's):
 * connections in use and queries waiting for one. Sampled every 5 s, well inside a scrape interval.
 */
function reportPoolSaturation(): NodeJS.Timeout {
  const meter = Runtime.instance().metricMeter;
  const inUse = meter.createGauge(
    'qiancheng_db_pool_connections_in_use',
    'int',
    '',
    'connections of the pool running a query',
  );
  const waiting = meter.createGauge(
    'qiancheng_db_pool_waiting_requests',
    'int',
    '',
    'queries waiting for a free connection',
  );
  const max = meter.createGauge('qiancheng_db_pool_max', 'int', '', 'the pool size limit');
  const sample = () => {
    const stats = poolStats(db);
    inUse.set(stats.total - stats.idle);
    waiting.set(stats.waiting);
    max.set(stats.max);
  };
  sample();
  return setInterval(sample, 5_000).unref();
}
