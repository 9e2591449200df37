import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { projects, webhooks } from '@qiancheng/db';
import type { History } from '@temporalio/common/lib/proto-utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelProjectUpdate } from '../src/project/project.definitions.js';
import { verifyWebhook } from '../src/webhooks/webhook-signature.js';
import { copyDemoProject, type Harness, launch, startHarness, waitForState } from './harness.js';

let h: Harness;
let server: Server;
const received: { stage: string; signatureValid: boolean; delivery: string }[] = [];
let failNext = 1;
let secret = '';

beforeAll(async () => {
  h = await startHarness('webhooks');
  // The enterprise's receiver, on loopback: refuses the first delivery, accepts the rest.
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      if (failNext > 0) {
        failNext -= 1;
        res.writeHead(503).end();
        return;
      }
      received.push({
        stage: (JSON.parse(body) as { stage: string }).stage,
        signatureValid: verifyWebhook(secret, body, String(req.headers['x-qiancheng-signature'])),
        delivery: String(req.headers['x-qiancheng-delivery']),
      });
      res.writeHead(204).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
});
afterAll(async () => {
  server?.close();
  await h?.close();
});

/** The activities a workflow scheduled, by type, in the order of its history. */
async function scheduledActivities(handle: { fetchHistory(): Promise<History> }) {
  const history = await handle.fetchHistory();
  return (history.events ?? []).flatMap((e) => {
    const name = e.activityTaskScheduledEventAttributes?.activityType?.name;
    return name ? [name] : [];
  });
}

/** The enterprise whose demand order the project serves. */
async function enterpriseOf(projectId: string) {
  const project = await projects.find(h.db, projectId);
  const order = await h.db
    .selectFrom('demandOrders')
    .select('enterpriseId')
    .where('id', '=', project?.demandOrders[0]?.demandOrderId as string)
    .executeTakeFirstOrThrow();
  return order.enterpriseId;
}

describe('enterprise webhooks', () => {
  it('schedule no delivery for a project whose enterprises registered no endpoint', async () => {
    const projectId = await copyDemoProject(h.db, '成都市养老护理员');
    await h.db
      .deleteFrom('webhookEndpoints')
      .where('enterpriseId', '=', await enterpriseOf(projectId))
      .execute();

    const handle = await launch(h, projectId, { partners: [] });
    await waitForState(handle, (s) => s.stage === 'enrolment');
    await handle.executeUpdate(cancelProjectUpdate, {
      args: [{ by: 'user:pm.chengdu', reason: '需求撤回' }],
    });
    expect((await handle.result()).stage).toBe('cancelled');

    const scheduled = await scheduledActivities(handle);
    expect(scheduled.filter((a) => a === 'recordStage')).toHaveLength(3);
    expect(scheduled).not.toContain('deliverWebhook');
    expect(await webhooks.listDeliveries(h.db, projectId)).toEqual([]);
  }, 60_000);

  it('deliver each stage change once, signed, retried by Temporal after a failure', async () => {
    const projectId = await copyDemoProject(h.db, '成都市养老护理员');
    const { port } = server.address() as AddressInfo;
    ({ secret } = await webhooks.register(h.db, {
      enterpriseId: await enterpriseOf(projectId),
      url: `http://127.0.0.1:${port}/hooks`,
    }));

    const handle = await launch(h, projectId, { partners: [] });
    await waitForState(handle, (s) => s.stage === 'enrolment');
    await handle.executeUpdate(cancelProjectUpdate, {
      args: [{ by: 'user:pm.chengdu', reason: '需求撤回' }],
    });
    await handle.result();

    expect(received.map((r) => r.stage).sort()).toEqual(['cancelled', 'demand', 'enrolment']);
    expect(received.every((r) => r.signatureValid)).toBe(true);
    const deliveries = await webhooks.listDeliveries(h.db, projectId);
    expect(deliveries).toHaveLength(3);
    expect(deliveries.every((d) => d.deliveredAt !== null)).toBe(true);
    // One delivery was refused once and retried: four attempts for three deliveries.
    expect(deliveries.reduce((n, d) => n + d.attempts, 0)).toBe(4);
    expect(new Set(received.map((r) => r.delivery)).size).toBe(3);
    const scheduled = await scheduledActivities(handle);
    expect(scheduled.filter((a) => a === 'deliverWebhook')).toHaveLength(3);
  }, 60_000);
});

describe('webhook signatures', () => {
  it('verify only with the right secret, an untouched body and a fresh timestamp', async () => {
    const { signWebhook } = await import('../src/webhooks/webhook-signature.js');
    const now = 1_800_000_000;
    const header = signWebhook('whsec_test', '{"a":1}', now);
    expect(verifyWebhook('whsec_test', '{"a":1}', header, { nowSeconds: now })).toBe(true);
    expect(verifyWebhook('whsec_other', '{"a":1}', header, { nowSeconds: now })).toBe(false);
    expect(verifyWebhook('whsec_test', '{"a":2}', header, { nowSeconds: now })).toBe(false);
    expect(verifyWebhook('whsec_test', '{"a":1}', header, { nowSeconds: now + 3600 })).toBe(false);
  });
});
