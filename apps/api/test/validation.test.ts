import { Nullable } from '@qiancheng/contracts';
import Type from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig, settingsFromConfig } from '../src/config.js';
import { createHarness, enterprise, type Harness, inDays } from './helpers.js';

// Issue 10, findings 3, 4 and 9: schemas enforced as written, text without control characters,
// numbers bounded, request ids that are ours, docs behind a setting, no-store answers.
let h: Harness;
beforeAll(async () => {
  h = await createHarness('api_validation');
});
afterAll(async () => {
  await h?.close();
});

const order = (overrides: Record<string, unknown> = {}) => ({
  externalRef: `V-${Math.random().toString(36).slice(2, 10)}`,
  occupationCode: '6-30-99-00',
  headcount: 30,
  requiredLevel: 'intermediate',
  wageOfferFen: 680_000,
  workRegionCode: '441900',
  deadline: inDays(90),
  ...overrides,
});

const counts = async () =>
  h.db
    .selectFrom('demandOrders')
    .select((eb) => [
      eb.fn.countAll<string>().as('orders'),
      eb
        .selectFrom('auditLog')
        .select((e) => e.fn.countAll<string>().as('n'))
        .as('audit'),
    ])
    .executeTakeFirstOrThrow();

const post = (payload: unknown, headers: Record<string, string> = {}) =>
  h.app.inject({
    method: 'POST',
    url: '/api/v1/demand-orders',
    headers: { ...enterprise, ...headers },
    payload: payload as Record<string, unknown>,
  });

const paths = (response: { json(): { errors?: { path: string }[] } }) =>
  (response.json().errors ?? []).map((e) => e.path);

describe('bodies are enforced as their schema is written', () => {
  it('refuses a boolean headcount and a numeric string wage instead of coercing them, writing nothing', async () => {
    const before = await counts();
    const response = await post(order({ headcount: true, wageOfferFen: '650000' }));
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('validation_failed');
    expect(paths(response)).toEqual(
      expect.arrayContaining(['body.headcount', 'body.wageOfferFen']),
    );
    expect(await counts()).toEqual(before);
  });

  it('refuses a misspelt field with its path rather than dropping it', async () => {
    const { headcount: _dropped, ...rest } = order();
    const response = await post({ ...rest, headcont: 30 });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'body.headcont', keyword: 'additionalProperties' }),
        expect.objectContaining({ path: 'body.headcount', keyword: 'required' }),
      ]),
    );
  });

  it('refuses an unknown property nested in an object that did not say it allows one', async () => {
    const app = await buildApp(h.app.deps, { settings: { rateLimitMax: 1000 } });
    app.post(
      '/test/nested',
      {
        schema: {
          body: Type.Object({
            outer: Type.Object({ inner: Type.String() }),
            open: Type.Object({}, { additionalProperties: true }),
          }),
        },
      },
      async (request) => request.body,
    );
    const refused = await app.inject({
      method: 'POST',
      url: '/test/nested',
      payload: { outer: { inner: 'x', extra: 1 }, open: {} },
    });
    expect(refused.statusCode).toBe(400);
    expect(paths(refused)).toEqual(['body.outer.extra']);
    const open = await app.inject({
      method: 'POST',
      url: '/test/nested',
      payload: { outer: { inner: 'x' }, open: { anything: 1 } },
    });
    expect(open.statusCode).toBe(200);
    await app.close();
  });

  it('keeps null as null where a schema allows it, and refuses it where it does not', async () => {
    // `"sectorField": null` was coerced to "" by the first branch of the union.
    const app = await buildApp(h.app.deps, { settings: { rateLimitMax: 1000 } });
    app.post(
      '/test/nullable',
      {
        schema: {
          body: Type.Object({
            sectorField: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
            name: Type.Optional(Type.String()),
          }),
        },
      },
      async (request) => request.body,
    );
    const kept = await app.inject({
      method: 'POST',
      url: '/test/nullable',
      payload: { sectorField: null },
    });
    expect(kept.statusCode).toBe(200);
    expect(kept.json()).toEqual({ sectorField: null });
    const refused = await app.inject({
      method: 'POST',
      url: '/test/nullable',
      payload: { name: null },
    });
    expect(refused.statusCode).toBe(400);
    expect(paths(refused)).toEqual(['body.name']);
    await app.close();
  });
});

describe('text holds no control characters', () => {
  it('refuses a NUL in a body field with its path, and writes nothing', async () => {
    const before = await counts();
    const response = await post(order({ description: '工业机器人\u0000系统操作员' }));
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      expect.objectContaining({ path: 'body.description', keyword: 'x-text' }),
    ]);
    expect(await counts()).toEqual(before);
  });

  it('lets prose keep line breaks and tabs but refuses them in a one-line field', async () => {
    const prose = await post(order({ description: '第一行\n第二行\r\n\t缩进' }));
    expect(prose.statusCode, prose.body).toBe(201);
    expect(prose.json().description).toBe('第一行\n第二行\r\n\t缩进');
    const line = await post(order({ externalRef: 'REF\n2' }));
    expect(line.statusCode).toBe(400);
    expect(paths(line)).toEqual(['body.externalRef']);
    for (const c of ['\u0001', '\u001b', '\u007f', '\u000b']) {
      const other = await post(order({ description: `x${c}y` }));
      expect(other.statusCode).toBe(400);
    }
  });

  it('refuses a NUL in a query string and in a path parameter with 400, not 500', async () => {
    const headers = await h.as('pm.dongguan');
    const query = await h.app.inject({ method: 'GET', url: '/api/v1/projects?q=%00', headers });
    expect(query.statusCode).toBe(400);
    expect(paths(query)).toEqual(['querystring.q']);
    const param = await h.app.inject({
      method: 'GET',
      url: '/api/v1/demand-orders/%00',
      headers: enterprise,
    });
    expect(param.statusCode).toBe(400);
    expect(paths(param)[0]).toMatch(/^params\.id/);
  });

  it('refuses control characters in the headers auth reads, and a malformed Idempotency-Key', async () => {
    const key = await post(order(), { 'idempotency-key': 'has space' });
    expect(key.statusCode).toBe(400);
    expect(paths(key)).toEqual(['headers.idempotency-key']);
    const tab = await h.app.inject({
      method: 'GET',
      url: '/api/v1/demand-orders',
      headers: { 'x-api-key': `${enterprise['x-api-key']}\t` },
    });
    expect(tab.statusCode).toBe(400);
    expect(paths(tab)).toEqual(['headers.x-api-key']);
  });
});

describe('numbers are bounded, paging included', () => {
  it('answers 400, not 500, for a page past any offset', async () => {
    const pm = await h.as('pm.dongguan');
    for (const url of [
      '/api/v1/projects?page=1000000000000000000',
      '/api/v1/demand-orders?page=1000000000000000000',
      '/api/v1/projects?page=100001',
      '/api/v1/projects?pageSize=201',
      '/api/v1/projects?page=2.5',
      '/api/v1/projects?page=abc',
      '/api/v1/projects?page=1&page=2',
    ]) {
      const response = await h.app.inject({
        method: 'GET',
        url,
        headers: url.includes('demand') ? enterprise : pm,
      });
      expect(response.statusCode, url).toBe(400);
      expect(paths(response)[0], url).toMatch(/^querystring\.page/);
    }
    const last = await h.app.inject({
      method: 'GET',
      url: '/api/v1/projects?page=100000',
      headers: pm,
    });
    expect(last.statusCode).toBe(200);
    expect(last.json()).toMatchObject({ items: [], page: 100000 });
  });

  it('bounds an integer the schema left open at the range of a PostgreSQL integer', async () => {
    const app = await buildApp(h.app.deps, { settings: { rateLimitMax: 1000 } });
    app.post(
      '/test/integer',
      { schema: { body: Type.Object({ round: Type.Integer({ minimum: 1 }) }) } },
      async (request) => request.body,
    );
    const huge = await app.inject({
      method: 'POST',
      url: '/test/integer',
      payload: { round: 2_147_483_648 },
    });
    expect(huge.statusCode).toBe(400);
    const fits = await app.inject({
      method: 'POST',
      url: '/test/integer',
      payload: { round: 2_147_483_647 },
    });
    expect(fits.statusCode).toBe(200);
    await app.close();
  });

  it('says in the OpenAPI document what it enforces', async () => {
    const spec = h.app.swagger() as {
      paths: Record<
        string,
        Record<
          string,
          { requestBody?: { content: Record<string, { schema: Record<string, unknown> }> } }
        >
      >;
    };
    const schema = spec.paths['/api/v1/demand-orders/']?.post?.requestBody?.content[
      'application/json'
    ]?.schema as {
      additionalProperties: boolean;
      properties: Record<string, Record<string, unknown>>;
    };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.description?.['x-text']).toBe('prose');
    expect(schema.properties.externalRef?.['x-text']).toBe('line');
  });
});

describe('request ids', () => {
  it('keeps a client’s short token and replaces anything else before it reaches the audit log', async () => {
    const kept = await post(order(), { 'x-request-id': 'client-req_42.a' });
    expect(kept.headers['x-request-id']).toBe('client-req_42.a');
    for (const given of ['x'.repeat(65), "1'; drop table audit_log; --", 'a b', '']) {
      const replaced = await post(order(), { 'x-request-id': given });
      expect(replaced.statusCode).toBe(201);
      const id = String(replaced.headers['x-request-id']);
      expect(id).not.toBe(given);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      const audit = await h.db
        .selectFrom('auditLog')
        .select('requestId')
        .where('subjectId', '=', replaced.json().id)
        .executeTakeFirstOrThrow();
      expect(audit.requestId).toBe(id);
    }
  });
});

describe('production defaults', () => {
  const env = { DATABASE_URL: 'postgres://x@127.0.0.1/x', AUTH_TOKEN_SECRET: 'p'.repeat(40) };

  it('binds to loopback unless HOST says otherwise', () => {
    expect(loadConfig(env).HOST).toBe('127.0.0.1');
    expect(loadConfig({ ...env, HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
  });

  it('serves /docs outside production, and in production only when DOCS_ENABLED says so', async () => {
    expect(settingsFromConfig(loadConfig(env)).docsEnabled).toBe(true);
    expect(settingsFromConfig(loadConfig({ ...env, NODE_ENV: 'production' })).docsEnabled).toBe(
      false,
    );
    expect(
      settingsFromConfig(loadConfig({ ...env, NODE_ENV: 'production', DOCS_ENABLED: 'true' }))
        .docsEnabled,
    ).toBe(true);
    const closed = await h.appWith({ docsEnabled: false });
    expect((await closed.inject({ method: 'GET', url: '/docs/json' })).statusCode).toBe(404);
    expect((await closed.inject({ method: 'GET', url: '/docs/' })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'GET', url: '/docs/json' })).statusCode).toBe(200);
  });

  it('marks tokens and personal data no-store', async () => {
    const login = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'auditor', password: 'qiancheng-demo-2026' },
    });
    expect(login.statusCode).toBe(200);
    expect(login.headers['cache-control']).toBe('no-store');
    const list = await h.app.inject({
      method: 'GET',
      url: '/api/v1/projects',
      headers: await h.as('pm.dongguan'),
    });
    expect(list.headers['cache-control']).toBe('no-store');
    const refused = await h.app.inject({ method: 'GET', url: '/api/v1/projects' });
    expect(refused.headers['cache-control']).toBe('no-store');
  });
});
