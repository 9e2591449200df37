import { enterpriseApiKeys, enterprises } from '@qiancheng/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, enterprise, type Harness, inDays } from './helpers.js';

let h: Harness;
let otherKey: Record<string, string>;
beforeAll(async () => {
  h = await createHarness('api_demand_orders');
  const other = (await enterprises.list(h.db)).find((e) => e.name.startsWith('成都康养'));
  if (!other) throw new Error('demo enterprise missing');
  const { key } = await enterpriseApiKeys.create(h.db, { enterpriseId: other.id, label: 'test' });
  otherKey = { 'x-api-key': key };
});
afterAll(async () => {
  await h?.close();
});

const order = (overrides: Record<string, unknown> = {}) => ({
  externalRef: `T-${Math.random().toString(36).slice(2, 10)}`,
  occupationCode: '6-30-99-00',
  headcount: 30,
  requiredLevel: 'intermediate',
  wageOfferFen: 680_000,
  workRegionCode: '441900',
  deadline: inDays(90),
  description: '工业机器人系统操作员',
  ...overrides,
});

const countOrders = async () =>
  Number(
    (
      await h.db
        .selectFrom('demandOrders')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('POST /api/v1/demand-orders', () => {
  it('posts an order for the API key’s enterprise, audited with who and when', async () => {
    const response = await h.app.inject({
      method: 'POST',
      url: '/api/v1/demand-orders',
      headers: enterprise,
      payload: order(),
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({ status: 'open', headcount: 30, wageOfferFen: 680_000 });
    expect(body.postedAt).toMatch(/Z$/);
    const audit = await h.db
      .selectFrom('auditLog')
      .select(['actor', 'action', 'requestId'])
      .where('subjectId', '=', body.id)
      .executeTakeFirstOrThrow();
    expect(audit.action).toBe('demand_order.posted');
    expect(audit.actor).toBe(`enterprise:${body.enterpriseId}`);
    expect(audit.requestId).toBe(response.headers['x-request-id']);
  });

  it('answers a replayed Idempotency-Key with the first answer and writes one row', async () => {
    const payload = order();
    const headers = { ...enterprise, 'idempotency-key': 'replay-1' };
    const before = await countOrders();
    const first = await h.app.inject({
      method: 'POST',
      url: '/api/v1/demand-orders',
      headers,
      payload,
    });
    // Same body, keys in another order: still the same request.
    const reordered = Object.fromEntries(Object.entries(payload).reverse());
    const second = await h.app.inject({
      method: 'POST',
      url: '/api/v1/demand-orders',
      headers,
      payload: reordered,
    });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json()).toEqual(first.json());
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(await countOrders()).toBe(before + 1);
  });

  it('answers concurrent requests with one key with one order', async () => {
    const payload = order();
    const headers = { ...enterprise, 'idempotency-key': 'concurrent-1' };
    const before = await countOrders();
    const answers = await Promise.all(
      [1, 2, 3].map(() =>
        h.app.inject({ method: 'POST', url: '/api/v1/demand-orders', headers, payload }),
      ),
    );
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
    expect(await countOrders()).toBe(before + 1);
  });

  it('refuses the same key with another body with 409 and changes nothing', async () => {
    const headers = { ...enterprise, 'idempotency-key': 'conflict-1' };
    const first = await h.app.inject({
      method: 'POST',
      url: '/api/v1/demand-orders',
      headers,
      payload: order({ headcount: 10 }),
    });
    expect(first.statusCode).toBe(201);
    const before = await countOrders();
    const second = await h.app.inject({
      method: 'POST',
      url: '/api/v1/demand-orders',
      headers,
      payload: order({ headcount: 11 }),
    });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ code: 'idempotency_key_reused', status: 409 });
    expect(await countOrders()).toBe(before);
    const again = await h.app.inject({
      method: 'POST',
      url: '/api/v1/demand-orders',
      headers,
      payload: first.json() && order({ headcount: 12 }),
    });
    expect(again.statusCode).toBe(409);
  });

  it('keeps keys per enterprise: another enterprise may use the same key', async () => {
    const headers = { ...otherKey, 'idempotency-key': 'replay-1' };
    const response = await h.app.inject({
      method: 'POST',
      url: '/api/v1/demand-orders',
      headers,
      payload: order({ workRegionCode: '510100', occupationCode: '4-10-01-05' }),
    });
    expect(response.statusCode).toBe(201);
  });

  it('answers 400 with field paths for an invalid order, and writes nothing', async () => {
    const before = await countOrders();
    const response = await h.app.inject({
      method: 'POST',
      url: '/api/v1/demand-orders',
      headers: enterprise,
      payload: order({ headcount: 0, occupationCode: 'robot', wageOfferFen: 12.5 }),
    });
    expect(response.statusCode).toBe(400);
    const paths = response.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['body.headcount', 'body.occupationCode', 'body.wageOfferFen']),
    );
    expect(await countOrders()).toBe(before);
  });

  it('answers 422 for an unknown occupation and for a deadline in the past', async () => {
    const unknown = await h.app.inject({
      method: 'POST',
      url: '/api/v1/demand-orders',
      headers: { ...enterprise, 'idempotency-key': 'fails-1' },
      payload: order({ occupationCode: '8-99-99-99' }),
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ code: 'reference_not_found' });
    expect(unknown.json().errors[0].path).toBe('body.occupationCode');
    // A failed request leaves its key free: a corrected retry with the same key goes through.
    const retried = await h.app.inject({
      method: 'POST',
      url: '/api/v1/demand-orders',
      headers: { ...enterprise, 'idempotency-key': 'fails-1' },
      payload: order(),
    });
    expect(retried.statusCode).toBe(201);
    const past = await h.app.inject({
      method: 'POST',
      url: '/api/v1/demand-orders',
      headers: enterprise,
      payload: order({ deadline: '2020-01-01' }),
    });
    expect(past.statusCode).toBe(422);
    expect(past.json().code).toBe('deadline_passed');
  });

  it('answers 409 for an externalRef the enterprise used before', async () => {
    const payload = order({ externalRef: 'DGJM-2026-HR-031' });
    const response = await h.app.inject({
      method: 'POST',
      url: '/api/v1/demand-orders',
      headers: enterprise,
      payload,
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('external_ref_taken');
  });

  it('answers 401 without an API key and 403 for a console user', async () => {
    const anonymous = await h.app.inject({
      method: 'POST',
      url: '/api/v1/demand-orders',
      payload: order(),
    });
    expect(anonymous.statusCode).toBe(401);
    const user = await h.app.inject({
      method: 'POST',
      url: '/api/v1/demand-orders',
      headers: await h.as('pm.dongguan'),
      payload: order(),
    });
    expect(user.statusCode).toBe(403);
  });
});

describe('reading demand orders', () => {
  it('lists only the enterprise’s own orders, paginated', async () => {
    const page = await h.app.inject({
      method: 'GET',
      url: '/api/v1/demand-orders?pageSize=2&page=1',
      headers: enterprise,
    });
    expect(page.statusCode).toBe(200);
    const body = page.json();
    expect(body.items).toHaveLength(2);
    expect(body.total).toBeGreaterThan(3);
    const enterpriseIds = new Set(body.items.map((o: { enterpriseId: string }) => o.enterpriseId));
    expect(enterpriseIds.size).toBe(1);
  });

  it('reads an own order and its serving projects, but answers 404 for another’s', async () => {
    const own = (
      await h.app.inject({ method: 'GET', url: '/api/v1/demand-orders', headers: enterprise })
    ).json().items as { id: string; externalRef: string }[];
    const robot = own.find((o) => o.externalRef === 'DGJM-2026-HR-031');
    if (!robot) throw new Error('demo order missing');
    const read = await h.app.inject({
      method: 'GET',
      url: `/api/v1/demand-orders/${robot.id}`,
      headers: enterprise,
    });
    expect(read.statusCode).toBe(200);
    const serving = await h.app.inject({
      method: 'GET',
      url: `/api/v1/demand-orders/${robot.id}/projects`,
      headers: enterprise,
    });
    expect(serving.json().items).toHaveLength(1);
    expect(serving.json().items[0]).toMatchObject({ headcount: 80, stage: 'demand' });
    const stranger = await h.app.inject({
      method: 'GET',
      url: `/api/v1/demand-orders/${robot.id}`,
      headers: otherKey,
    });
    expect(stranger.statusCode).toBe(404);
    expect(stranger.json().code).toBe('not_found');
    const strangerProjects = await h.app.inject({
      method: 'GET',
      url: `/api/v1/demand-orders/${robot.id}/projects`,
      headers: otherKey,
    });
    expect(strangerProjects.statusCode).toBe(404);
  });

  it('shows a project manager the orders of their region', async () => {
    const response = await h.app.inject({
      method: 'GET',
      url: '/api/v1/demand-orders?status=open',
      headers: await h.as('pm.chengdu'),
    });
    expect(response.statusCode).toBe(200);
    const regions = new Set(
      response.json().items.map((o: { workRegionCode: string }) => o.workRegionCode),
    );
    expect([...regions]).toEqual(['510100']);
  });

  it('answers 400 for a malformed id', async () => {
    const response = await h.app.inject({
      method: 'GET',
      url: '/api/v1/demand-orders/not-a-uuid',
      headers: enterprise,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].path).toBe('params.id');
  });
});

describe('webhooks', () => {
  it('registers a URL, shows the secret once, rotates it and audits both', async () => {
    const registered = await h.app.inject({
      method: 'PUT',
      url: '/api/v1/webhook',
      headers: enterprise,
      // A public address as a literal: the registration resolves names, and tests have no DNS.
      payload: { url: 'https://93.184.215.14/qiancheng/hooks' },
    });
    expect(registered.statusCode).toBe(200);
    const { secret } = registered.json();
    expect(secret).toMatch(/^whsec_/);
    const read = await h.app.inject({ method: 'GET', url: '/api/v1/webhook', headers: enterprise });
    expect(read.json()).not.toHaveProperty('secret');
    const rotated = await h.app.inject({
      method: 'POST',
      url: '/api/v1/webhook/rotate-secret',
      headers: enterprise,
    });
    expect(rotated.statusCode).toBe(200);
    expect(rotated.json().secret).not.toBe(secret);
    expect(rotated.json().rotatedAt).not.toBeNull();
    const actions = (
      await h.db
        .selectFrom('auditLog')
        .select('action')
        .where('action', 'like', 'webhook.%')
        .execute()
    ).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['webhook.registered', 'webhook.secret_rotated']),
    );
  });

  it('answers 404 when rotating without an endpoint and 400 for a non-http URL', async () => {
    const rotate = await h.app.inject({
      method: 'POST',
      url: '/api/v1/webhook/rotate-secret',
      headers: otherKey,
    });
    expect(rotate.statusCode).toBe(404);
    const bad = await h.app.inject({
      method: 'PUT',
      url: '/api/v1/webhook',
      headers: otherKey,
      payload: { url: 'ftp://x.example' },
    });
    expect(bad.statusCode).toBe(400);
  });
});
