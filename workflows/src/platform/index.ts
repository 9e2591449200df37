/**
 * @qiancheng/workflows/platform — how a process (the API or the worker) reaches Temporal and
 * reports on itself: the one parser of the connection variables (address, namespace, TLS, API
 * key) and OpenTelemetry tracing. Imported by the API's server and the worker's main.
 */
export {
  TEMPORAL_ENV,
  TemporalConfigError,
  type TemporalConnectionSettings,
  type TemporalEnv,
  temporalConnectionSettings,
} from './temporal-connection.js';
export { startTracing, type Tracing, tracingClientInterceptors } from './tracing.js';
