import { createHmac, randomBytes } from 'node:crypto';
import { users } from '@qiancheng/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_TOKEN_SECRET } from '../src/config.js';
import { createHarness, type Harness } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness('api_revocation');
});
afterAll(async () => {
  await h?.close();
});

const PASSWORD = 'a-long-test-password-1';

/** A user of this test alone, so revoking its sessions disturbs no other test. */
async function freshUser() {
  const username = `pm.t${randomBytes(3).toString('hex')}`;
  const user = await users.create(h.db, {
    username,
    displayName: '测试项目经理',
    role: 'project_manager',
    regionCode: '441900',
    password: PASSWORD,
  });
  return { ...user, username };
}

async function login(username: string, password = PASSWORD) {
  const response = await h.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
  });
  return response;
}

async function signIn(username: string): Promise<Record<string, string>> {
  const response = await login(username);
  expect(response.statusCode).toBe(200);
  return { authorization: `Bearer ${response.json().token}` };
}

const me = (headers: Record<string, string>) =>
  h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });

describe('ending sessions', () => {
  it('refuses a disabled user on the very next request', async () => {
    const user = await freshUser();
    const headers = await signIn(user.username);
    expect((await me(headers)).statusCode).toBe(200);
    await users.setActive(h.db, user.id, false);
    const after = await me(headers);
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('invalid_token');
    // Enabling the user again does not bring the old token back.
    await users.setActive(h.db, user.id, true);
    expect((await me(headers)).statusCode).toBe(401);
    expect((await login(user.username)).statusCode).toBe(200);
  });

  it('refuses a deleted user on the very next request', async () => {
    const user = await freshUser();
    const headers = await signIn(user.username);
    expect((await me(headers)).statusCode).toBe(200);
    await h.db.deleteFrom('users').where('id', '=', user.id).execute();
    expect((await me(headers)).statusCode).toBe(401);
  });

  it('ends every session of the user at logout, and audits it', async () => {
    const user = await freshUser();
    const laptop = await signIn(user.username);
    const phone = await signIn(user.username);
    const out = await h.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: laptop });
    expect(out.statusCode).toBe(204);
    expect((await me(laptop)).statusCode).toBe(401);
    expect((await me(phone)).statusCode).toBe(401);
    const audit = await h.db
      .selectFrom('auditLog')
      .select('action')
      .where('subjectId', '=', user.id)
      .execute();
    expect(audit.map((a) => a.action)).toContain('auth.logout');
    expect((await me(await signIn(user.username))).statusCode).toBe(200);
  });

  it('ends the other sessions when the password changes and answers a new token', async () => {
    const user = await freshUser();
    const laptop = await signIn(user.username);
    const phone = await signIn(user.username);
    const newPassword = 'another-long-password-2';
    const changed = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: laptop,
      payload: { currentPassword: PASSWORD, newPassword },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers['cache-control']).toBe('no-store');
    const fresh = { authorization: `Bearer ${changed.json().token}` };
    expect((await me(fresh)).statusCode).toBe(200);
    expect((await me(laptop)).statusCode).toBe(401);
    expect((await me(phone)).statusCode).toBe(401);
    expect((await login(user.username)).statusCode).toBe(401);
    expect((await login(user.username, newPassword)).statusCode).toBe(200);
  });

  it('refuses a password change with a wrong current password and changes nothing', async () => {
    const user = await freshUser();
    const headers = await signIn(user.username);
    const refused = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers,
      payload: { currentPassword: 'not-my-password', newPassword: 'another-long-password-3' },
    });
    expect(refused.statusCode).toBe(401);
    expect((await me(headers)).statusCode).toBe(200);
    expect((await login(user.username)).statusCode).toBe(200);
  });

  it('applies a role taken away in the database to the next request, whatever the token says', async () => {
    const user = await freshUser();
    const headers = await signIn(user.username);
    expect((await me(headers)).json().user.role).toBe('project_manager');
    await h.db
      .updateTable('users')
      .set({ role: 'auditor', regionCode: null })
      .where('id', '=', user.id)
      .execute();
    const who = await me(headers);
    expect(who.json().user.role).toBe('auditor');
  });
});

/** An HS256 token signed with the development secret, with exactly the claims given. */
function handMade(claims: Record<string, unknown>): Record<string, string> {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  const signature = createHmac('sha256', DEV_TOKEN_SECRET).update(body).digest('base64url');
  return { authorization: `Bearer ${body}.${signature}` };
}

describe('token claims', () => {
  it('accepts a well-formed token and refuses one without exp, iss or aud, or with foreign ones', async () => {
    const user = await freshUser();
    const now = Math.floor(Date.now() / 1000);
    const complete = {
      sub: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      regionCode: user.regionCode,
      ver: 0,
      iat: now,
      exp: now + 600,
      iss: 'qiancheng-api',
      aud: 'qiancheng-console',
    };
    expect((await me(handMade(complete))).statusCode).toBe(200);
    const without = (claim: string) =>
      Object.fromEntries(Object.entries(complete).filter(([k]) => k !== claim));
    for (const claim of ['exp', 'iss', 'aud', 'ver']) {
      const response = await me(handMade(without(claim)));
      expect(response.statusCode, `without ${claim}`).toBe(401);
    }
    for (const [claim, value] of [
      ['iss', 'someone-else'],
      ['aud', 'another-app'],
      ['exp', now - 10],
      ['ver', 1],
    ] as const) {
      const response = await me(handMade({ ...complete, [claim]: value }));
      expect(response.statusCode, `${claim} = ${value}`).toBe(401);
    }
  });
});
