import { readFileSync } from 'node:fs';
import { connect as connectTcp } from 'node:net';
import { createServer as createTlsServer, type Server, type TLSSocket } from 'node:tls';
import { createDb, type Db } from '@qiancheng/db';
import { makeTestPki, requireTestEnv, type TestPki } from '@qiancheng/testing';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporalConnectionSettings } from '../src/platform/temporal-connection.js';
import { createWorker } from '../src/worker/create-worker.js';

// The dev server speaks plain gRPC only, so a TLS terminator that demands a client certificate
// signed by the test CA stands in front of it, as a TLS-terminating frontend or proxy would. What
// is tested is our side: the API's client (grpc-js) and the worker's NativeConnection (Rust core),
// configured from the TEMPORAL_TLS_* variables, complete mutual TLS — and nothing without a
// certificate the server trusts gets through. (The cluster's own frontend with mTLS comes with
// the cluster topology.)
const env = requireTestEnv();
let pki: TestPki;
let proxy: Server;
let address: string;
/** Common names of the client certificates the terminator let through. */
const admitted: string[] = [];
let db: Db;

beforeAll(async () => {
  pki = makeTestPki();
  const [upstreamHost, upstreamPort] = env.temporalAddress.split(':');
  proxy = createTlsServer(
    {
      cert: readFileSync(pki.serverCert),
      key: readFileSync(pki.serverKey),
      ca: readFileSync(pki.caCert),
      requestCert: true,
      rejectUnauthorized: true,
      ALPNProtocols: ['h2'],
    },
    (socket: TLSSocket) => {
      const subject = socket.getPeerCertificate().subject;
      admitted.push(String(subject?.CN));
      const upstream = connectTcp(Number(upstreamPort), upstreamHost);
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    },
  );
  // Refused handshakes end here; the clients see their connection fail.
  proxy.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as { port: number };
  address = `127.0.0.1:${port}`;
  db = createDb(env.databaseUrl, { max: 1 });
});

afterAll(async () => {
  await db?.destroy();
  await new Promise((resolve) => proxy?.close(resolve));
  pki?.remove();
});

describe('mutual TLS to Temporal, configured from TEMPORAL_TLS_*', () => {
  it('connects the client and the worker with the client certificate, and a workflow runs through them', async () => {
    const settings = temporalConnectionSettings({
      TEMPORAL_ADDRESS: address,
      TEMPORAL_NAMESPACE: env.temporalNamespace,
      TEMPORAL_TLS_CERT: pki.clientCert,
      TEMPORAL_TLS_KEY: pki.clientKey,
      TEMPORAL_TLS_CA: pki.caCert,
      TEMPORAL_TLS_SERVER_NAME: pki.serverName,
    });
    const connection = await Connection.connect(settings.connection);
    const native = await NativeConnection.connect(settings.connection);
    const client = new Client({ connection, namespace: settings.namespace });
    const taskQueue = `test-tls-${process.pid}-${Date.now()}`;
    const worker = await createWorker({
      connection: native,
      namespace: settings.namespace,
      taskQueue,
      deps: { db, client },
    });
    try {
      const result = await worker.runUntil(
        client.workflow.execute('pingWorkflow', {
          taskQueue,
          workflowId: `tls-ping-${taskQueue}`,
          args: [{ message: 'over mTLS' }],
        }),
      );
      expect(result).toEqual({ echoed: 'over mTLS', answeredBy: taskQueue });
      // Both the grpc-js channel and the worker's Rust connection came through the terminator.
      expect(admitted.filter((cn) => cn === 'qiancheng').length).toBeGreaterThanOrEqual(2);
    } finally {
      await native.close();
      await connection.close();
    }
  });

  it('refuses a client without a certificate, or with one from another CA', async () => {
    const anonymous = temporalConnectionSettings({
      TEMPORAL_ADDRESS: address,
      TEMPORAL_TLS_CA: pki.caCert,
      TEMPORAL_TLS_SERVER_NAME: pki.serverName,
    });
    const stranger = temporalConnectionSettings({
      TEMPORAL_ADDRESS: address,
      TEMPORAL_TLS_CERT: pki.strangerCert,
      TEMPORAL_TLS_KEY: pki.strangerKey,
      TEMPORAL_TLS_CA: pki.caCert,
      TEMPORAL_TLS_SERVER_NAME: pki.serverName,
    });
    for (const settings of [anonymous, stranger]) {
      await expect(
        Connection.connect({ ...settings.connection, connectTimeout: '3s' }),
      ).rejects.toThrow();
      await expect(NativeConnection.connect(settings.connection)).rejects.toThrow();
    }
    expect(admitted).not.toContain('stranger');
  });

  it('does not let a plain-text client through the TLS port', async () => {
    const plain = temporalConnectionSettings({ TEMPORAL_ADDRESS: address });
    expect(plain.connection.tls).toBeUndefined();
    await expect(
      Connection.connect({ ...plain.connection, connectTimeout: '3s' }),
    ).rejects.toThrow();
  });
});
