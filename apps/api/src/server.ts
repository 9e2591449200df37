// The API process: config, logger, listen, graceful close. Everything else is in app.ts.
import { createDb } from '@qiancheng/db';
import { Connection } from '@temporalio/client';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';

const config = loadConfig();
const db = createDb(config.DATABASE_URL);
// Lazy: the API starts (and /health reports) even while Temporal is still coming up.
const temporal = Connection.lazy({ address: config.TEMPORAL_ADDRESS });
const app = await buildApp(
  { db, temporal },
  {
    logger: {
      level: config.LOG_LEVEL,
      redact: ['req.headers.authorization', 'req.headers["x-api-key"]'],
    },
    connectionTimeout: 30_000,
    requestTimeout: 30_000,
    pluginTimeout: 30_000,
  },
);

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'closing');
    await app.close();
    await Promise.allSettled([db.destroy(), temporal.close()]);
    process.exit(0);
  });
}

await app.listen({ port: config.PORT, host: config.HOST });
