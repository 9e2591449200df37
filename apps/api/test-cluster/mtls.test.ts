// The cluster's frontend with mutual TLS (`npm run start:cluster -- --tls`): certificates made for
// the run; a client with the CA's client certificate is served — configured exactly as the API
// and the worker are, from TEMPORAL_TLS_* — one without a certificate, or with another CA's, is
// refused.
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ClusterPki,
  clusterTools,
  makeClusterPki,
  type PostgresServer,
  prepareTemporalDatabases,
  startPostgres,
  startTemporalCluster,
  type TemporalCluster,
  temporalTlsEnv,
} from '@qiancheng/devstack';
import { temporalConnectionSettings } from '@qiancheng/workflows/platform';
import { Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let dir: string;
let postgres: PostgresServer;
let cluster: TemporalCluster;
let pki: ClusterPki;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qiancheng-mtls-test-'));
  chmodSync(dir, 0o755);
  postgres = await startPostgres({
    dataDir: join(dir, 'postgres'),
    ephemeral: true,
    database: 'postgres',
    ignoreDatabaseUrl: true,
  });
  const tools = clusterTools();
  pki = makeClusterPki(join(dir, 'pki'));
  cluster = await startTemporalCluster({
    tools,
    persistence: await prepareTemporalDatabases(postgres.url, tools),
    dir: join(dir, 'cluster'),
    frontendPort: 0,
    uiPort: null,
    historyProcesses: 1,
    tls: pki,
  });
});

afterAll(async () => {
  await cluster?.stop();
  await postgres?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Connects and asks the frontend for the namespace: its name, or the error. */
async function describe_(options: Parameters<typeof Connection.connect>[0]) {
  try {
    const connection = await Connection.connect({ ...options, connectTimeout: 5_000 });
    try {
      const answer = await connection.withDeadline(Date.now() + 10_000, () =>
        connection.workflowService.describeNamespace({ namespace: cluster.namespace }),
      );
      return answer.namespaceInfo?.name;
    } finally {
      await connection.close();
    }
  } catch (error) {
    return error as Error;
  }
}

describe('the cluster frontend with mutual TLS', () => {
  it('serves a client with the CA’s certificate, configured from TEMPORAL_TLS_*', async () => {
    const settings = temporalConnectionSettings({
      TEMPORAL_ADDRESS: cluster.address,
      TEMPORAL_NAMESPACE: cluster.namespace,
      ...temporalTlsEnv(pki),
    });
    expect(await describe_(settings.connection)).toBe(cluster.namespace);
  });

  it('refuses a client without a certificate, and one with another CA’s', async () => {
    const serverOnly = {
      serverNameOverride: pki.serverName,
      serverRootCACertificate: readFileSync(pki.caCert),
    };
    const anonymous = await describe_({ address: cluster.address, tls: serverOnly });
    expect(anonymous).toBeInstanceOf(Error);
    const stranger = await describe_({
      address: cluster.address,
      tls: {
        ...serverOnly,
        clientCertPair: { crt: readFileSync(pki.strangerCert), key: readFileSync(pki.strangerKey) },
      },
    });
    expect(stranger).toBeInstanceOf(Error);
    // Plain text is no way around it either.
    expect(await describe_({ address: cluster.address })).toBeInstanceOf(Error);
  });
});
