import type { Logger, LogLevel, LogMetadata } from '@temporalio/common';
import { Runtime } from '@temporalio/worker';
import { pino } from 'pino';
import type { WorkerLogLevel } from './config.js';

/**
 * The worker's log: one JSON object a line on stdout, pino's shape (the API's Fastify logger is
 * pino too, so both read alike). The SDK adds the workflow's or activity's identity to what they
 * log (workflowId, runId, workflowType, activityType, taskQueue, namespace), and the
 * OpenTelemetry activity interceptor adds trace_id and span_id.
 */
export function jsonLogger(level: WorkerLogLevel): Logger {
  const log = pino({
    level,
    base: { service: 'qiancheng-worker' },
    // The SDK puts an error under `error` (pino's own serializer expects `err`).
    serializers: { error: pino.stdSerializers.err },
  });
  const write = (at: LogLevel, message: string, meta?: LogMetadata) => {
    const method = at.toLowerCase() as WorkerLogLevel;
    if (meta) log[method](meta, message);
    else log[method](message);
  };
  return {
    log: write,
    trace: (message, meta) => write('TRACE', message, meta),
    debug: (message, meta) => write('DEBUG', message, meta),
    info: (message, meta) => write('INFO', message, meta),
    warn: (message, meta) => write('WARN', message, meta),
    error: (message, meta) => write('ERROR', message, meta),
  };
}

/**
 * Installs the SDK's runtime for this process — must run before any NativeConnection: the JSON
 * logger, and the SDK's metrics (workflow and activity task latencies, failures, slots, polls) as
 * Prometheus text on `http://<metricsAddress>/metrics`, durations in seconds with the unit in
 * the name, counters ending in `_total` (Prometheus' conventions).
 */
export function installRuntime(options: {
  logLevel: WorkerLogLevel;
  metricsAddress?: string;
}): Logger {
  const logger = jsonLogger(options.logLevel);
  Runtime.install({
    logger,
    ...(options.metricsAddress
      ? {
          telemetryOptions: {
            metrics: {
              prometheus: {
                bindAddress: options.metricsAddress,
                useSecondsForDurations: true,
                unitSuffix: true,
                countersTotalSuffix: true,
              },
            },
          },
        }
      : {}),
  });
  return logger;
}
