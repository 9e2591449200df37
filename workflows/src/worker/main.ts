// The worker process: `node workflows/dist/worker/main.js` (npm start runs it; scale it out per
// task queue in production). Stops gracefully on SIGINT/SIGTERM (the SDK handles the signals).
import { appDatabaseUrl, createDb } from '@qiancheng/db';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createWorker } from './create-worker.js';

const address = process.env.TEMPORAL_ADDRESS ?? 'localhost:7233';
const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
let databaseUrl: string;
try {
  // The apps' least-privilege role (APP_DATABASE_URL); see appDatabaseUrl.
  databaseUrl = appDatabaseUrl(process.env);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
}
const db = createDb(databaseUrl, { max: Number(process.env.WORKER_DB_POOL ?? 10) });
const clientConnection = await Connection.connect({ address });
const connection = await NativeConnection.connect({ address });
try {
  const worker = await createWorker({
    connection,
    namespace,
    ...(process.env.TASK_QUEUE ? { taskQueue: process.env.TASK_QUEUE } : {}),
    deps: { db, client: new Client({ connection: clientConnection, namespace }) },
  });
  process.stdout.write(
    `worker polling task queue ${worker.options.taskQueue} on ${address}/${namespace}\n`,
  );
  await worker.run();
} finally {
  await connection.close();
  await clientConnection.close();
  await db.destroy();
}
