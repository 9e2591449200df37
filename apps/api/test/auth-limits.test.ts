import { Writable } from 'node:stream';
import { DEMO_PASSWORD } from '@qiancheng/db';
import type { Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { createHarness, DEMO_API_KEY, type Harness } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness('api_auth_limits');
});
afterAll(async () => {
  await h?.close();
});

/** A key of the right shape that belongs to no enterprise. */
const madeUpKey = (i: number) => `qck_fake${String(i).padStart(4, '0')}_${'x'.repeat(43)}`;

describe('sign-in limits', () => {
  it('throttles 40 wrong passwords for one user even when each attempt sends a made-up API key', async () => {
    const app = await h.appWith({ loginRateLimitMax: 5 });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i += 1) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'x-api-key': madeUpKey(i) },
        payload: { username: 'pm.shenzhen', password: `guess-${i}` },
      });
      statuses.push(response.statusCode);
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(35);
    // Throttled means throttled: even the right password waits for the window.
    const right = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'pm.shenzhen', password: DEMO_PASSWORD },
    });
    expect(right.statusCode).toBe(429);
  });

  it('counts the username however it is spelt, so case variants share one budget', async () => {
    const app = await h.appWith({ loginRateLimitMax: 2 });
    const codes: number[] = [];
    for (const username of ['Auditor', 'AUDITOR', ' auditor ']) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password: 'wrong-password' },
      });
      codes.push(response.statusCode);
    }
    expect(codes).toEqual([401, 401, 429]);
  });

  it('does not lock out other users behind the same address when one user mistypes ten times', async () => {
    const app = await h.appWith({});
    for (let i = 0; i < 12; i += 1) {
      await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'approver.bijie', password: `typo-${i}` },
      });
    }
    const locked = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'approver.bijie', password: DEMO_PASSWORD },
    });
    expect(locked.statusCode).toBe(429);
    const colleague = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'pm.chengdu', password: DEMO_PASSWORD },
    });
    expect(colleague.statusCode).toBe(200);
  });

  it('limits one address trying many usernames', async () => {
    const app = await h.appWith({ loginRateLimitMax: 3, loginAddressRateLimitMax: 8 });
    const codes: number[] = [];
    for (let i = 0; i < 10; i += 1) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: `someone.${i}`, password: 'password' },
      });
      codes.push(response.statusCode);
    }
    expect(codes.slice(0, 8).every((c) => c === 401)).toBe(true);
    expect(codes.slice(8)).toEqual([429, 429]);
  });
});

describe('the global request budget', () => {
  it('counts requests refused with 401, whatever made-up credential they carry', async () => {
    const app = await h.appWith({ rateLimitMax: 6 });
    const credentials: Record<string, string>[] = [
      {},
      { 'x-api-key': madeUpKey(1) },
      { 'x-api-key': madeUpKey(2) },
      { authorization: `Bearer ${madeUpKey(3)}` },
      { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad' },
      {},
      { 'x-api-key': madeUpKey(4) },
      {},
    ];
    const codes: number[] = [];
    for (const headers of credentials) {
      const response = await app.inject({ method: 'GET', url: '/api/v1/projects', headers });
      codes.push(response.statusCode);
    }
    expect(codes).toEqual([401, 401, 401, 401, 401, 401, 429, 429]);
    // A verified enterprise key spends its own budget, not the address's.
    const verified = await app.inject({
      method: 'GET',
      url: '/api/v1/demand-orders',
      headers: { 'x-api-key': DEMO_API_KEY },
    });
    expect(verified.statusCode).toBe(200);
  });

  it('counts requests refused with 403 against the verified caller', async () => {
    const app = await h.appWith({ rateLimitMax: 3 });
    const headers = { 'x-api-key': DEMO_API_KEY };
    const codes: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      // A console route: an enterprise is refused with 403.
      const response = await app.inject({ method: 'GET', url: '/api/v1/projects', headers });
      codes.push(response.statusCode);
    }
    expect(codes).toEqual([403, 403, 403, 429]);
  });
});

describe('a failed sign-in', () => {
  it('keeps neither the typed username in the audit log nor in the logs', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = await buildApp(
      { db: h.db, temporal: h.client.connection as Connection, client: h.client },
      { logger: { level: 'trace', stream } },
    );
    try {
      // What people do: type the password into the username field.
      const typed = 'correct-horse-battery-staple-2026';
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: typed, password: 'x' },
      });
      expect(response.statusCode).toBe(401);
      const rows = await h.db
        .selectFrom('auditLog')
        .selectAll()
        .where('action', '=', 'auth.login_failed')
        .where('requestId', '=', response.headers['x-request-id'] as string)
        .execute();
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toContain(typed);
      expect(rows[0]?.subjectId).toMatch(/^unknown:[0-9a-f]{32}$/);
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.join('\n')).not.toContain(typed);
    } finally {
      await app.close();
    }
  });

  it('names a known user by id when the password is wrong', async () => {
    const response = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'operator', password: 'wrong-password' },
    });
    expect(response.statusCode).toBe(401);
    const operator = await h.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'operator')
      .executeTakeFirstOrThrow();
    const row = await h.db
      .selectFrom('auditLog')
      .select(['subjectId', 'details'])
      .where('requestId', '=', response.headers['x-request-id'] as string)
      .executeTakeFirstOrThrow();
    expect(row.subjectId).toBe(operator.id);
  });
});
