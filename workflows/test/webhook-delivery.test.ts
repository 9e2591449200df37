import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_DELIVERY_POLICY,
  postWebhook,
  WebhookTargetRefused,
} from '../src/webhooks/webhook-delivery.js';

// Issue 10, finding 8: one delivery attempt, against a real receiver on loopback.
let server: Server;
let base = '';
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/slow') return; // never answers
    if (req.url === '/huge') {
      res.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024, 'x');
      let sent = 0;
      const pump = () => {
        while (sent < 10_000 && res.write(chunk)) sent += 1;
        if (sent < 10_000 && !res.destroyed) res.once('drain', pump);
      };
      pump();
      return;
    }
    if (req.url === '/redirect') {
      res.writeHead(302, { location: 'http://169.254.169.254/' }).end();
      return;
    }
    res.writeHead(204).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server?.closeAllConnections();
  server?.close();
});

const allowed = { ...DEFAULT_DELIVERY_POLICY, allowPrivateTargets: true, timeoutMs: 500 };

describe('a webhook delivery attempt', () => {
  it('refuses loopback by address and by name under the default policy, sending nothing', async () => {
    const before = hits.length;
    const port = base.split(':')[1];
    for (const url of [`http://${base}/x`, `http://localhost:${port}/x`, `http://[::1]:${port}/`]) {
      await expect(postWebhook(url, {}, '{}')).rejects.toBeInstanceOf(WebhookTargetRefused);
    }
    expect(hits.length).toBe(before);
  });

  it('refuses http when https is required, and any other scheme', async () => {
    const policy = { ...allowed, httpsOnly: true };
    await expect(postWebhook(`http://${base}/x`, {}, '{}', policy)).rejects.toBeInstanceOf(
      WebhookTargetRefused,
    );
    await expect(postWebhook('file:///etc/passwd', {}, '{}', allowed)).rejects.toBeInstanceOf(
      WebhookTargetRefused,
    );
  });

  it('gives up on a receiver that does not answer within the timeout', async () => {
    const started = Date.now();
    await expect(postWebhook(`http://${base}/slow`, {}, '{}', allowed)).rejects.toThrow(
      /no answer within 500 ms/,
    );
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('reads no more than the response cap of an endless answer', async () => {
    const answer = await postWebhook(`http://${base}/huge`, {}, '{}', {
      ...allowed,
      timeoutMs: 5_000,
      maxResponseBytes: 1024,
    });
    expect(answer.status).toBe(200);
  });

  it('follows no redirect', async () => {
    const answer = await postWebhook(`http://${base}/redirect`, {}, '{}', allowed);
    expect(answer.status).toBe(302);
    expect(hits.filter((h) => h === '/redirect')).toHaveLength(1);
  });
});
