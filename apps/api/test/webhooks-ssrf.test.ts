import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { projects, webhooks } from '@qiancheng/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHarness,
  enterprise,
  type Harness,
  type RunningWorker,
  startWorker,
} from './helpers.js';

// Issue 10, finding 8: webhooks never reach internal addresses, at registration or at delivery.
const taskQueue = `api-ssrf-${Math.random().toString(36).slice(2, 10)}`;
let h: Harness;
let server: Server;
let port: number;
let hits = 0;
let worker: RunningWorker;
let projectId = '';

beforeAll(async () => {
  h = await createHarness('api_webhooks_ssrf', { taskQueue });
  server = createServer((_req, res) => {
    hits += 1;
    res.writeHead(204).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
  // The production policy: no allowPrivateWebhookTargets.
  worker = await startWorker(h, taskQueue);
});
afterAll(async () => {
  if (projectId) {
    await h.client.workflow
      .getHandle(`project-${projectId}`)
      .terminate('test over')
      .catch(() => undefined);
  }
  await worker?.stop();
  server?.close();
  await h?.close();
});

const register = (url: string, app = h.app) =>
  app.inject({ method: 'PUT', url: '/api/v1/webhook', headers: enterprise, payload: { url } });

describe('webhook registration', () => {
  it.each([
    'http://127.0.0.1:9/hooks',
    'http://127.1.2.3/',
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.5/hooks',
    'http://172.16.3.4/',
    'http://192.168.1.10/',
    'http://100.64.0.1/',
    'http://0.0.0.0:8080/',
    'http://[::1]/hooks',
    'http://[::ffff:127.0.0.1]/',
    'http://[fd00::1]/',
    'http://[fe80::1]/',
    'http://localhost:8080/hooks',
  ])('refuses %s with 422 and stores nothing', async (url) => {
    const response = await register(url);
    expect(response.statusCode, response.body).toBe(422);
    expect(response.json()).toMatchObject({ code: 'webhook_target_forbidden' });
    expect(response.json().errors).toEqual([
      { path: 'body.url', message: 'must reach a public address' },
    ]);
    const stored = await h.db
      .selectFrom('webhookEndpoints')
      .select('url')
      .where('url', '=', url)
      .executeTakeFirst();
    expect(stored).toBeUndefined();
  });

  it('refuses credentials in the URL and, in production, anything but https', async () => {
    expect((await register('https://user:pw@93.184.215.14/')).statusCode).toBe(422);
    const production = await h.appWith({ production: true });
    const plain = await register('http://93.184.215.14/hooks', production);
    expect(plain.statusCode).toBe(422);
    expect(plain.json().code).toBe('webhook_https_required');
    expect((await register('https://93.184.215.14/hooks', production)).statusCode).toBe(200);
  });

  it('accepts a loopback receiver only under the explicit test-only setting', async () => {
    const testing = await h.appWith({ webhookAllowPrivateTargets: true });
    expect((await register(`http://127.0.0.1:${port}/hooks`, testing)).statusCode).toBe(200);
    expect((await register(`http://127.0.0.1:${port}/hooks`)).statusCode).toBe(422);
  });
});

describe('webhook delivery', () => {
  it('checks the address again at delivery: a name now resolving to loopback gets nothing', async () => {
    const local = (await projects.list(h.db)).find((p) => p.name.startsWith('成都市养老护理员'));
    if (!local) throw new Error('demo project missing');
    projectId = local.id;
    const order = await h.db
      .selectFrom('demandOrders')
      .select('enterpriseId')
      .where('id', '=', local.demandOrders[0]?.demandOrderId as string)
      .executeTakeFirstOrThrow();
    // As if the name had resolved to a public address when registered (DNS rebinding).
    await webhooks.register(h.db, {
      enterpriseId: order.enterpriseId,
      url: `http://localhost:${port}/hooks`,
    });
    const launched = await h.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${projectId}/launch`,
      headers: await h.as('pm.chengdu'),
      payload: {},
    });
    expect(launched.statusCode, launched.body).toBe(201);
    const until = Date.now() + 20_000;
    let deliveries = await webhooks.listDeliveries(h.db, projectId);
    while (!deliveries.some((d) => d.attempts > 0) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 200));
      deliveries = await webhooks.listDeliveries(h.db, projectId);
    }
    expect(deliveries.length).toBeGreaterThan(0);
    const tried = deliveries.filter((d) => d.attempts > 0);
    expect(tried.length).toBeGreaterThan(0);
    for (const d of tried) {
      expect(d.deliveredAt).toBeNull();
      expect(d.lastError).toMatch(/not a public address/);
    }
    // A refused target is a permanent failure: no retries pile up.
    await new Promise((r) => setTimeout(r, 2_500));
    const later = await webhooks.listDeliveries(h.db, projectId);
    expect(later.every((d) => d.attempts <= 1)).toBe(true);
    expect(hits).toBe(0);
  });
});
