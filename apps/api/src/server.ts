// The API process: config, logger, listen, graceful close. Everything else is in app.ts.
import { appDatabaseUrl, createDb } from '@qiancheng/db';
import { Client, Connection } from '@temporalio/client';
import { buildApp, LOG_REDACT_PATHS } from './app.js';
import { loadConfig, settingsFromConfig } from './config.js';

const config = loadConfig();
const db = createDb(appDatabaseUrl(config));
// Lazy: the API starts (and /health reports) even while Temporal is still coming up.
const temporal = Connection.lazy({ address: config.TEMPORAL_ADDRESS });
const client = new Client({ connection: temporal, namespace: config.TEMPORAL_NAMESPACE });
const app = await buildApp(
  { db, temporal, client },
  {
    settings: settingsFromConfig(config),
    logger: {
      level: config.LOG_LEVEL,
      // Secrets and resident ID numbers never reach the log (十八; the db package protects IDs).
      redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' },
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
