// The API process: config, logger, listen, graceful close. Everything else is in app.ts.

import { trace } from '@opentelemetry/api';
import { appDatabaseUrl, createDb } from '@qiancheng/db';
import { startTracing, tracingClientInterceptors } from '@qiancheng/workflows/platform';
import { Client, Connection } from '@temporalio/client';
import { buildApp, LOG_REDACT_PATHS } from './app.js';
import { loadConfig, settingsFromConfig } from './config.js';
import { type MetricsServer, serveMetrics } from './plugins/external/metrics.js';

const config = loadConfig();
// First: the tracer provider must be global before the app and the client make spans.
const tracing = startTracing('qiancheng-api');
const db = createDb(appDatabaseUrl(config));
// Lazy: the API starts (and /health reports) even while Temporal is still coming up.
const temporal = Connection.lazy(config.temporal.connection);
const client = new Client({
  connection: temporal,
  namespace: config.temporal.namespace,
  interceptors: tracingClientInterceptors(tracing),
});
const app = await buildApp(
  { db, temporal, client },
  {
    settings: { ...settingsFromConfig(config), tracing: tracing.enabled },
    logger: {
      level: config.LOG_LEVEL,
      // Secrets and resident ID numbers never reach the log (十八; the db package protects IDs).
      redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' },
      base: { service: 'qiancheng-api' },
      // Each line of a traced request names its trace, so logs and spans find each other.
      mixin() {
        const span = trace.getActiveSpan()?.spanContext();
        return span ? { trace_id: span.traceId, span_id: span.spanId } : {};
      },
    },
    connectionTimeout: 30_000,
    requestTimeout: 30_000,
    pluginTimeout: 30_000,
  },
);

let closing = false;
let metrics: MetricsServer | null = null;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'closing');
    await app.close();
    await Promise.allSettled([
      db.destroy(),
      temporal.close(),
      metrics?.close(),
      tracing.shutdown(),
    ]);
    process.exit(0);
  });
}

await app.listen({ port: config.PORT, host: config.HOST });
if (config.METRICS_PORT !== undefined) {
  metrics = await serveMetrics({ host: config.HOST, port: config.METRICS_PORT });
  app.log.info({ url: metrics.url }, 'metrics served');
}
