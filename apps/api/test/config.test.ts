import { describe, expect, it } from 'vitest';
import { loadConfig, settingsFromConfig } from '../src/config.js';

const env = { APP_DATABASE_URL: 'postgres://app@127.0.0.1/x' };

describe('the API configuration', () => {
  it('reads the Temporal connection through the parser the worker uses, and stops on a bad one', () => {
    expect(loadConfig(env).temporal).toEqual({
      namespace: 'default',
      connection: { address: 'localhost:7233' },
    });
    expect(
      loadConfig({ ...env, TEMPORAL_ADDRESS: 'frontend:7233', TEMPORAL_API_KEY: 'k' }).temporal,
    ).toEqual({
      namespace: 'default',
      connection: { address: 'frontend:7233', tls: {}, apiKey: 'k' },
    });
    expect(() => loadConfig({ ...env, TEMPORAL_TLS_CERT: '/etc/qiancheng/client.pem' })).toThrow(
      /^invalid configuration: TEMPORAL_TLS_KEY: not set, but TEMPORAL_TLS_CERT is/,
    );
    expect(() => loadConfig({ ...env, TEMPORAL_TLS_CA: '/nonexistent/ca.pem' })).toThrow(
      'invalid configuration: TEMPORAL_TLS_CA: /nonexistent/ca.pem does not exist',
    );
  });

  it('collects request metrics only when METRICS_PORT gives them a port of their own', () => {
    expect(settingsFromConfig(loadConfig(env)).metrics).toBe(false);
    expect(settingsFromConfig(loadConfig({ ...env, METRICS_PORT: '9464' })).metrics).toBe(true);
    expect(() => loadConfig({ ...env, METRICS_PORT: '0' })).toThrow(/METRICS_PORT/);
  });

  it("starts projects on the workers' TASK_QUEUE", () => {
    expect(settingsFromConfig(loadConfig(env)).taskQueue).toBe('qiancheng-projects');
    expect(settingsFromConfig(loadConfig({ ...env, TASK_QUEUE: 'blue' })).taskQueue).toBe('blue');
  });

  it('gives up on a workflow step after WORKFLOW_TIMEOUT_MS (20 s unless set)', () => {
    expect(settingsFromConfig(loadConfig(env)).workflowTimeoutMs).toBe(20_000);
    const longer = loadConfig({ ...env, WORKFLOW_TIMEOUT_MS: '150000' });
    expect(settingsFromConfig(longer).workflowTimeoutMs).toBe(150_000);
    expect(() => loadConfig({ ...env, WORKFLOW_TIMEOUT_MS: '10' })).toThrow(/WORKFLOW_TIMEOUT_MS/);
  });
});
