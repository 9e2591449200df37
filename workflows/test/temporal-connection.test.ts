import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTestPki, type TestPki } from '@qiancheng/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TemporalConfigError,
  temporalConnectionSettings,
} from '../src/platform/temporal-connection.js';
import { loadWorkerConfig } from '../src/worker/config.js';

let pki: TestPki;
beforeAll(() => {
  pki = makeTestPki();
});
afterAll(() => pki?.remove());

/** The error's variable and message, for one assertion per case. */
function refusal(env: Record<string, string>, now?: Date) {
  try {
    temporalConnectionSettings(env, now);
  } catch (error) {
    expect(error).toBeInstanceOf(TemporalConfigError);
    const e = error as TemporalConfigError;
    return { variable: e.variable, message: e.message };
  }
  throw new Error('accepted');
}

describe('the Temporal connection variables', () => {
  it('default to the local dev server in plain text', () => {
    expect(temporalConnectionSettings({})).toEqual({
      namespace: 'default',
      connection: { address: 'localhost:7233' },
    });
    expect(
      temporalConnectionSettings({
        TEMPORAL_ADDRESS: ' ',
        TEMPORAL_TLS_CA: '',
        TEMPORAL_API_KEY: '',
      }),
    ).toEqual({ namespace: 'default', connection: { address: 'localhost:7233' } });
  });

  it('give mutual TLS: the client pair, the CA and the server name, as files read once', () => {
    const settings = temporalConnectionSettings({
      TEMPORAL_ADDRESS: 'temporal-frontend.temporal.svc:7233',
      TEMPORAL_NAMESPACE: 'qiancheng-prod',
      TEMPORAL_TLS_CERT: pki.clientCert,
      TEMPORAL_TLS_KEY: pki.clientKey,
      TEMPORAL_TLS_CA: pki.caCert,
      TEMPORAL_TLS_SERVER_NAME: pki.serverName,
    });
    expect(settings.namespace).toBe('qiancheng-prod');
    expect(settings.connection.address).toBe('temporal-frontend.temporal.svc:7233');
    const tls = settings.connection.tls;
    expect(Buffer.from(tls?.clientCertPair?.crt ?? []).toString()).toBe(
      readFileSync(pki.clientCert, 'utf8'),
    );
    expect(Buffer.from(tls?.clientCertPair?.key ?? []).toString()).toBe(
      readFileSync(pki.clientKey, 'utf8'),
    );
    expect(Buffer.from(tls?.serverRootCACertificate ?? []).toString()).toBe(
      readFileSync(pki.caCert, 'utf8'),
    );
    expect(tls?.serverNameOverride).toBe(pki.serverName);
    expect(settings.connection.apiKey).toBeUndefined();
  });

  it('turn TLS on with an API key alone (Temporal Cloud: the system roots verify the server)', () => {
    expect(
      temporalConnectionSettings({
        TEMPORAL_ADDRESS: 'qiancheng.a1b2c.tmprl.cloud:7233',
        TEMPORAL_API_KEY: 'key-123',
      }).connection,
    ).toEqual({ address: 'qiancheng.a1b2c.tmprl.cloud:7233', tls: {}, apiKey: 'key-123' });
  });

  it('refuse a certificate without its key, and a key without its certificate', () => {
    expect(refusal({ TEMPORAL_TLS_CERT: pki.clientCert })).toMatchObject({
      variable: 'TEMPORAL_TLS_KEY',
      message: expect.stringContaining('TEMPORAL_TLS_CERT is'),
    });
    expect(refusal({ TEMPORAL_TLS_KEY: pki.clientKey })).toMatchObject({
      variable: 'TEMPORAL_TLS_CERT',
    });
  });

  it('refuse files that do not exist, naming the variable and the path', () => {
    const missing = join(pki.dir, 'nope.pem');
    expect(refusal({ TEMPORAL_TLS_CA: missing })).toEqual({
      variable: 'TEMPORAL_TLS_CA',
      message: `TEMPORAL_TLS_CA: ${missing} does not exist`,
    });
    expect(refusal({ TEMPORAL_TLS_CERT: pki.clientCert, TEMPORAL_TLS_KEY: missing }).variable).toBe(
      'TEMPORAL_TLS_KEY',
    );
  });

  it('refuse files that are not PEM, or whose PEM does not parse', () => {
    const text = join(pki.dir, 'text.pem');
    writeFileSync(text, 'not a certificate\n');
    expect(refusal({ TEMPORAL_TLS_CA: text })).toMatchObject({
      variable: 'TEMPORAL_TLS_CA',
      message: expect.stringContaining('no PEM certificate'),
    });
    const broken = join(pki.dir, 'broken.pem');
    writeFileSync(broken, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    expect(refusal({ TEMPORAL_TLS_CA: broken })).toMatchObject({
      variable: 'TEMPORAL_TLS_CA',
      message: expect.stringContaining('not valid PEM'),
    });
    // A certificate where the key belongs, and the other way round.
    expect(
      refusal({ TEMPORAL_TLS_CERT: pki.clientCert, TEMPORAL_TLS_KEY: pki.clientCert }),
    ).toMatchObject({ variable: 'TEMPORAL_TLS_KEY', message: expect.stringContaining('no PEM') });
    expect(
      refusal({ TEMPORAL_TLS_CERT: pki.clientKey, TEMPORAL_TLS_KEY: pki.clientKey }).variable,
    ).toBe('TEMPORAL_TLS_CERT');
  });

  it("refuse a key that is not the certificate's", () => {
    expect(
      refusal({ TEMPORAL_TLS_CERT: pki.clientCert, TEMPORAL_TLS_KEY: pki.strangerKey }),
    ).toMatchObject({
      variable: 'TEMPORAL_TLS_KEY',
      message: expect.stringContaining('is not the private key of the certificate'),
    });
  });

  it('refuse an expired certificate (the test PKI lives 30 days)', () => {
    const later = new Date(Date.now() + 31 * 86_400_000);
    expect(
      refusal({ TEMPORAL_TLS_CERT: pki.clientCert, TEMPORAL_TLS_KEY: pki.clientKey }, later),
    ).toMatchObject({ variable: 'TEMPORAL_TLS_CERT', message: expect.stringContaining('expired') });
    expect(refusal({ TEMPORAL_TLS_CA: pki.caCert }, later).variable).toBe('TEMPORAL_TLS_CA');
  });

  it('refuse an address without a port, and names or keys with white space', () => {
    expect(refusal({ TEMPORAL_ADDRESS: 'temporal.example' }).variable).toBe('TEMPORAL_ADDRESS');
    expect(refusal({ TEMPORAL_TLS_SERVER_NAME: 'two words' }).variable).toBe(
      'TEMPORAL_TLS_SERVER_NAME',
    );
    expect(refusal({ TEMPORAL_API_KEY: 'key with space' }).variable).toBe('TEMPORAL_API_KEY');
  });
});

describe("the worker's configuration", () => {
  const base = { APP_DATABASE_URL: 'postgres://app@127.0.0.1/db' };

  it('reads the same Temporal variables, and its own', () => {
    const config = loadWorkerConfig({
      ...base,
      TEMPORAL_API_KEY: 'k',
      WORKER_DB_POOL: '25',
      WORKER_METRICS_ADDRESS: '0.0.0.0:9464',
      WORKER_HEALTH_ADDRESS: '[::]:8080',
      LOG_LEVEL: 'DEBUG',
      TASK_QUEUE: 'projects-blue',
    });
    expect(config).toMatchObject({
      temporal: { connection: { apiKey: 'k', tls: {} } },
      databaseUrl: base.APP_DATABASE_URL,
      dbPoolMax: 25,
      metricsAddress: '0.0.0.0:9464',
      healthAddress: '[::]:8080',
      logLevel: 'debug',
      taskQueue: 'projects-blue',
    });
  });

  it('stops at boot on a bad value, naming it', () => {
    expect(() => loadWorkerConfig({ ...base, WORKER_DB_POOL: 'ten' })).toThrow(/^WORKER_DB_POOL/);
    expect(() => loadWorkerConfig({ ...base, WORKER_METRICS_ADDRESS: '9464' })).toThrow(
      /^WORKER_METRICS_ADDRESS/,
    );
    expect(() => loadWorkerConfig({ ...base, LOG_LEVEL: 'loud' })).toThrow(/^LOG_LEVEL/);
    expect(() => loadWorkerConfig({ ...base, TEMPORAL_TLS_CERT: pki.clientCert })).toThrow(
      TemporalConfigError,
    );
    expect(() =>
      loadWorkerConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://owner@127.0.0.1/db' }),
    ).toThrow(/APP_DATABASE_URL/);
  });
});
