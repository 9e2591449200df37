// The worker process: `node workflows/dist/worker/main.js` (npm start runs it; scale it out per
// task queue in production). Stops gracefully on SIGINT/SIGTERM (the SDK handles the signals).
import { NativeConnection } from '@temporalio/worker';
import { createWorker } from './create-worker.js';

const address = process.env.TEMPORAL_ADDRESS ?? 'localhost:7233';
const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
const connection = await NativeConnection.connect({ address });
try {
  const worker = await createWorker({ connection, namespace, deps: {} });
  process.stdout.write(
    `worker polling task queue ${worker.options.taskQueue} on ${address}/${namespace}\n`,
  );
  await worker.run();
} finally {
  await connection.close();
}
