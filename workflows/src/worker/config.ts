import { appDatabaseUrl } from '@qiancheng/db';
import {
  type TemporalConnectionSettings,
  type TemporalEnv,
  temporalConnectionSettings,
} from '../platform/temporal-connection.js';

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;
export type WorkerLogLevel = (typeof LOG_LEVELS)[number];

export interface WorkerConfig {
  temporal: TemporalConnectionSettings;
  databaseUrl: string;
  dbPoolMax: number;
  /** Unset: the project task queue. */
  taskQueue?: string;
  logLevel: WorkerLogLevel;
  /** host:port of the SDK's Prometheus exporter (`/metrics`); unset: no metrics endpoint. */
  metricsAddress?: string;
  /** host:port of `/live` and `/ready` for the orchestrator's probes; unset: none. */
  healthAddress?: string;
  /** Worker Versioning: this worker's deployment and build; unset: unversioned (development). */
  deployment?: WorkerDeployment;
}

/**
 * A worker deployment version (Temporal Worker Versioning): the workflows a build starts stay
 * pinned to that build until they end, so a changed workflow reaches new projects only.
 */
export interface WorkerDeployment {
  name: string;
  buildId: string;
}

export type WorkerEnv = TemporalEnv & {
  NODE_ENV?: string;
  DATABASE_URL?: string;
  APP_DATABASE_URL?: string;
  WORKER_DB_POOL?: string;
  TASK_QUEUE?: string;
  LOG_LEVEL?: string;
  WORKER_METRICS_ADDRESS?: string;
  WORKER_HEALTH_ADDRESS?: string;
  WORKER_DEPLOYMENT_NAME?: string;
  WORKER_BUILD_ID?: string;
};

/** A worker's PostgreSQL connections unless WORKER_DB_POOL says otherwise. */
export const DEFAULT_WORKER_DB_POOL = 10;

const HOST_PORT = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

/** The worker's configuration, read and checked at boot; a bad value throws naming its variable. */
export function loadWorkerConfig(env: WorkerEnv = process.env as WorkerEnv): WorkerConfig {
  const temporal = temporalConnectionSettings(env);
  // The apps' least-privilege role (APP_DATABASE_URL); see appDatabaseUrl.
  const databaseUrl = appDatabaseUrl(env);
  const pool = env.WORKER_DB_POOL?.trim() || String(DEFAULT_WORKER_DB_POOL);
  const dbPoolMax = Number(pool);
  if (!Number.isInteger(dbPoolMax) || dbPoolMax < 1 || dbPoolMax > 1000)
    throw new Error(`WORKER_DB_POOL: "${pool}" is not a whole number from 1 to 1000`);
  const logLevel = (env.LOG_LEVEL?.trim() || 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel))
    throw new Error(`LOG_LEVEL: "${env.LOG_LEVEL}" is not one of ${LOG_LEVELS.join(', ')}`);
  const taskQueue = env.TASK_QUEUE?.trim() || undefined;
  return {
    temporal,
    databaseUrl,
    dbPoolMax,
    ...(taskQueue ? { taskQueue } : {}),
    logLevel: logLevel as WorkerLogLevel,
    ...optionalAddress('WORKER_METRICS_ADDRESS', env.WORKER_METRICS_ADDRESS, 'metricsAddress'),
    ...optionalAddress('WORKER_HEALTH_ADDRESS', env.WORKER_HEALTH_ADDRESS, 'healthAddress'),
    ...deploymentOf(env),
  };
}

const DEPLOYMENT_PART = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;

/** WORKER_DEPLOYMENT_NAME and WORKER_BUILD_ID come together (a version needs both) or not at all. */
function deploymentOf(env: WorkerEnv): { deployment?: WorkerDeployment } {
  const name = env.WORKER_DEPLOYMENT_NAME?.trim();
  const buildId = env.WORKER_BUILD_ID?.trim();
  if (!name && !buildId) return {};
  if (!name) throw new Error('WORKER_DEPLOYMENT_NAME: needed when WORKER_BUILD_ID is set');
  if (!buildId) throw new Error('WORKER_BUILD_ID: needed when WORKER_DEPLOYMENT_NAME is set');
  for (const [variable, value] of [
    ['WORKER_DEPLOYMENT_NAME', name],
    ['WORKER_BUILD_ID', buildId],
  ] as const)
    if (!DEPLOYMENT_PART.test(value))
      throw new Error(`${variable}: "${value}" may hold letters, digits, '.', '_' and '-' only`);
  return { deployment: { name, buildId } };
}

function optionalAddress<K extends string>(
  variable: string,
  raw: string | undefined,
  key: K,
): Partial<Record<K, string>> {
  const value = raw?.trim();
  if (!value) return {};
  const port = HOST_PORT.exec(value)?.[1];
  if (!port || Number(port) > 65535)
    throw new Error(`${variable}: "${value}" is not host:port (e.g. 0.0.0.0:9464)`);
  return { [key]: value } as Partial<Record<K, string>>;
}
