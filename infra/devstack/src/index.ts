/**
 * @qiancheng/devstack — starts the real services on one machine: PostgreSQL (DATABASE_URL or an
 * embedded cluster) and Temporal (TEMPORAL_ADDRESS or `temporal server start-dev`). Used by
 * `npm start`, `npm test` and the test packages' global setup. Never imported by app code.
 */
export { APP_GROUP_ROLE, APP_LOGIN_ROLE, ensureAppLogin } from './app-role.js';
export { type ApiProxy, startApiProxy, type Upstream } from './cluster/api-proxy.js';
export { type ClusterPki, makeClusterPki, temporalTlsEnv } from './cluster/certificates.js';
export { prepareTemporalDatabases } from './cluster/persistence.js';
export {
  type ClusterPlatform,
  type ClusterPlatformOptions,
  startClusterPlatform,
} from './cluster/platform.js';
export {
  clientTls,
  startTemporalCluster,
  type TemporalCluster,
} from './cluster/temporal-cluster.js';
export { clusterTools } from './cluster/tools.js';
export { dataDir, repoRoot } from './paths.js';
export { type PostgresServer, type StartPostgresOptions, startPostgres } from './postgres.js';
export { freePort, type ManagedProcess, startProcess, waitFor } from './process.js';
export {
  resolveTemporalCli,
  type StartTemporalOptions,
  searchAttributes,
  startTemporal,
  type TemporalServer,
} from './temporal.js';
