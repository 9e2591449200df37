import { TASK_QUEUE } from '@qiancheng/workflows';
import {
  type TemporalConnectionSettings,
  temporalConnectionSettings,
} from '@qiancheng/workflows/platform';
import Type, { type Static } from 'typebox';
import Value from 'typebox/value';

/** A labelled development secret: fine on a laptop, refused under NODE_ENV=production. */
export const DEV_TOKEN_SECRET = 'qiancheng-dev-only-token-secret-change-me-0000';

const ConfigSchema = Type.Object({
  NODE_ENV: Type.String({ default: 'development' }),
  PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 3000 }),
  /** Loopback unless said otherwise: exposing the API is a deliberate act (a proxy, `HOST=0.0.0.0`). */
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  /** Serve /docs and /docs/json; unset: on outside production, off in production. */
  DOCS_ENABLED: Type.Optional(Type.Boolean()),
  /** The tables' owner (migrations); the API itself connects with APP_DATABASE_URL when set. */
  DATABASE_URL: Type.Optional(Type.String({ minLength: 1 })),
  /** The apps' least-privilege role (see appDatabaseUrl in @qiancheng/db); required in production. */
  APP_DATABASE_URL: Type.Optional(Type.String({ minLength: 1 })),
  /**
   * Serve Prometheus metrics at http://HOST:METRICS_PORT/metrics — a port of its own, so the public
   * listener (and whatever routes to it) never exposes them; only what may reach this port (the
   * cluster's Prometheus, see infra/k8s) reads them. Unset: no metrics are collected.
   */
  METRICS_PORT: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
  /** The task queue projects start on: the workers' TASK_QUEUE (both default to the same). */
  TASK_QUEUE: Type.String({ minLength: 1, default: TASK_QUEUE }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) =>
      Type.Literal(level),
    ),
    { default: 'info' },
  ),
  /** The console's origin: the only one CORS lets in. */
  CONSOLE_ORIGIN: Type.String({ minLength: 1, default: 'http://localhost:5173' }),
  /** Signs console tokens (HS256); 32+ characters. */
  AUTH_TOKEN_SECRET: Type.String({ minLength: 32, default: DEV_TOKEN_SECRET }),
  AUTH_TOKEN_TTL_SECONDS: Type.Integer({ minimum: 60, maximum: 86_400, default: 900 }),
  /** Requests per minute per caller (API key, user, or address when anonymous). */
  RATE_LIMIT_MAX: Type.Integer({ minimum: 1, default: 600 }),
  /** Login attempts per minute per address and username (slows password guessing). */
  LOGIN_RATE_LIMIT_MAX: Type.Integer({ minimum: 1, default: 10 }),
  /** Login attempts per minute per address, any username (one office shares an address). */
  LOGIN_ADDRESS_RATE_LIMIT_MAX: Type.Integer({ minimum: 1, default: 100 }),
  BODY_LIMIT_BYTES: Type.Integer({ minimum: 1024, default: 1_048_576 }),
  /** Trainee CSV imports are larger than other bodies. */
  CSV_BODY_LIMIT_BYTES: Type.Integer({ minimum: 1024, default: 4_194_304 }),
  /**
   * How long a workflow query or update may take before the API answers 504. A step whose activity
   * was on a worker that died waits for the activity's retry (the cluster test waits it out).
   */
  WORKFLOW_TIMEOUT_MS: Type.Integer({ minimum: 1_000, maximum: 600_000, default: 20_000 }),
});
export type Config = Static<typeof ConfigSchema> & {
  /**
   * TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TLS_* and TEMPORAL_API_KEY, read by the parser
   * the worker uses too (@qiancheng/workflows/platform): certificate files checked at boot.
   */
  temporal: TemporalConnectionSettings;
};

/** Reads and validates the configuration at boot; a bad value stops the server with its name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw = Value.Convert(ConfigSchema, Value.Default(ConfigSchema, { ...env }));
  const errors = [...Value.Errors(ConfigSchema, raw)];
  if (errors.length > 0) {
    const detail = errors
      .map((e) => `${e.instancePath.slice(1) || '(root)'}: ${e.message}`)
      .join('; ');
    throw new Error(`invalid configuration: ${detail}`);
  }
  const config = Value.Clean(ConfigSchema, raw) as Static<typeof ConfigSchema>;
  if (config.NODE_ENV === 'production' && config.AUTH_TOKEN_SECRET === DEV_TOKEN_SECRET) {
    throw new Error('invalid configuration: AUTH_TOKEN_SECRET must be set in production');
  }
  let temporal: TemporalConnectionSettings;
  try {
    temporal = temporalConnectionSettings(env);
  } catch (error) {
    throw new Error(`invalid configuration: ${(error as Error).message}`);
  }
  return { ...config, temporal };
}

/** What the app itself needs of the configuration (tests pass small values). */
export interface AppSettings {
  consoleOrigin: string;
  tokenSecret: string;
  tokenTtlSeconds: number;
  rateLimitMax: number;
  loginRateLimitMax: number;
  loginAddressRateLimitMax: number;
  bodyLimitBytes: number;
  csvBodyLimitBytes: number;
  /** How long a workflow query or update may take before the API answers 504. */
  workflowTimeoutMs: number;
  /** How often the SSE stream looks for stage changes. */
  ssePollMs: number;
  /** The task queue projects start on (tests give each run its own, with its own worker). */
  taskQueue: string;
  /** NODE_ENV=production: webhook targets must be https. */
  production: boolean;
  /** Serve the OpenAPI document and its UI at /docs (off in production unless DOCS_ENABLED). */
  docsEnabled: boolean;
  /** Count requests by route and status for Prometheus (server.ts serves them on METRICS_PORT). */
  metrics: boolean;
  /** A span per request, parent of the workflow calls it makes (OTEL_EXPORTER_OTLP_ENDPOINT set). */
  tracing: boolean;
  /**
   * Test-only: let webhooks target loopback and private addresses (a receiver on 127.0.0.1).
   * Never set from the environment.
   */
  webhookAllowPrivateTargets: boolean;
}

export const DEFAULT_SETTINGS: AppSettings = {
  consoleOrigin: 'http://localhost:5173',
  tokenSecret: DEV_TOKEN_SECRET,
  tokenTtlSeconds: 900,
  rateLimitMax: 600,
  loginRateLimitMax: 10,
  loginAddressRateLimitMax: 100,
  bodyLimitBytes: 1_048_576,
  csvBodyLimitBytes: 4_194_304,
  workflowTimeoutMs: 20_000,
  ssePollMs: 1_000,
  taskQueue: TASK_QUEUE,
  production: false,
  docsEnabled: true,
  metrics: false,
  tracing: false,
  webhookAllowPrivateTargets: false,
};

export function settingsFromConfig(config: Config): AppSettings {
  return {
    ...DEFAULT_SETTINGS,
    consoleOrigin: config.CONSOLE_ORIGIN,
    tokenSecret: config.AUTH_TOKEN_SECRET,
    tokenTtlSeconds: config.AUTH_TOKEN_TTL_SECONDS,
    rateLimitMax: config.RATE_LIMIT_MAX,
    loginRateLimitMax: config.LOGIN_RATE_LIMIT_MAX,
    loginAddressRateLimitMax: config.LOGIN_ADDRESS_RATE_LIMIT_MAX,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    csvBodyLimitBytes: config.CSV_BODY_LIMIT_BYTES,
    workflowTimeoutMs: config.WORKFLOW_TIMEOUT_MS,
    production: config.NODE_ENV === 'production',
    docsEnabled: config.DOCS_ENABLED ?? config.NODE_ENV !== 'production',
    metrics: config.METRICS_PORT !== undefined,
    taskQueue: config.TASK_QUEUE,
  };
}
