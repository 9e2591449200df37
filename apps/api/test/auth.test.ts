import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, enterprise, type Harness } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness('api_auth');
});
afterAll(async () => {
  await h?.close();
});

describe('console sign-in', () => {
  it('gives a demo user a short-lived bearer token and says who they are', async () => {
    const headers = await h.as('pm.dongguan');
    const me = await h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      kind: 'user',
      user: { username: 'pm.dongguan', role: 'project_manager', regionCode: '441900' },
    });
  });

  it('refuses a wrong password with 401 problem+json and audits the attempt', async () => {
    const response = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'auditor', password: 'not-the-password' },
    });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ code: 'invalid_credentials', status: 401 });
    expect(response.json().requestId).toBe(response.headers['x-request-id']);
    const audit = await h.db
      .selectFrom('auditLog')
      .select('action')
      .where('action', '=', 'auth.login_failed')
      .execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it('answers 400 with the failing field paths for a malformed login', async () => {
    const response = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: '' },
    });
    expect(response.statusCode).toBe(400);
    const paths = response.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.password']));
  });

  it('rate-limits login attempts per address with 429', async () => {
    const app = await h.appWith({ loginRateLimitMax: 2 });
    const attempt = () =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'nobody', password: 'x' },
      });
    expect((await attempt()).statusCode).toBe(401);
    expect((await attempt()).statusCode).toBe(401);
    const limited = await attempt();
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(limited.headers['retry-after']).toBeDefined();
  });

  it('answers 401 without credentials and for a forged token', async () => {
    const none = await h.app.inject({ method: 'GET', url: '/api/v1/projects' });
    expect(none.statusCode).toBe(401);
    const forged = await h.app.inject({
      method: 'GET',
      url: '/api/v1/projects',
      headers: { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad' },
    });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().code).toBe('invalid_token');
  });

  it('answers 401 for an unknown API key and 403 when an enterprise calls a console route', async () => {
    const unknown = await h.app.inject({
      method: 'GET',
      url: '/api/v1/demand-orders',
      headers: { 'x-api-key': 'qck_AAAAAAAA_not-a-real-key-at-all-0000000000' },
    });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().code).toBe('invalid_api_key');
    const wrongKind = await h.app.inject({
      method: 'GET',
      url: '/api/v1/projects',
      headers: enterprise,
    });
    expect(wrongKind.statusCode).toBe(403);
  });

  it('answers 403 when a role may not use a route', async () => {
    const response = await h.app.inject({
      method: 'GET',
      url: '/api/v1/audit-log',
      headers: await h.as('pm.dongguan'),
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('forbidden');
  });
});

describe('the HTTP surface', () => {
  it('sends security headers and allows CORS for the console origin only', async () => {
    const allowed = await h.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/projects',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'GET',
      },
    });
    expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    const other = await h.app.inject({
      method: 'GET',
      url: '/health',
      headers: { origin: 'https://evil.example' },
    });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    expect(other.headers['x-content-type-options']).toBe('nosniff');
    expect(other.headers['content-security-policy']).toBeDefined();
  });

  it('serves an OpenAPI 3 document generated from the schemas, and a UI at /docs', async () => {
    const doc = await h.app.inject({ method: 'GET', url: '/docs/json' });
    expect(doc.statusCode).toBe(200);
    const spec = doc.json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/demand-orders/',
        '/api/v1/projects/{id}/launch',
        '/api/v1/projects/{id}/cost-shares/{regionCode}/approve',
        '/api/v1/approvals/inbox',
        '/api/v1/ledger',
        '/api/v1/dispatch/',
      ]),
    );
    const post = spec.paths['/api/v1/demand-orders/'].post;
    expect(
      post.requestBody.content['application/json'].schema.properties.occupationCode,
    ).toBeDefined();
    expect(post.responses['409']).toBeDefined();
    const ui = await h.app.inject({ method: 'GET', url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
  });

  it('refuses bodies over the size limit with 413', async () => {
    const app = await h.appWith({ bodyLimitBytes: 2048 });
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'x'.repeat(5000), password: 'y' },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().code).toBe('body_too_large');
  });
});
