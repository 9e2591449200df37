// An attacker's probes against the HTTP surface: bodies, text, money, query strings, path
// parameters, other regions' records, credentials, Idempotency-Key and the wire itself. Each probe
// asserts the precise status and `code` of the refusal, and a refused write changes no row.
import { createHmac } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { DEV_TOKEN_SECRET } from '../src/config.js';
import { createHarness, enterprise, type Harness, inDays } from './helpers.js';

let h: Harness;
let app: App;
/** Projects of the demo data: 深圳's (广东) and 东莞's. */
let shenzhen: string;
let dongguan: string;
/** A demand order of the demo enterprise (东莞). */
let dongguanOrder: string;

beforeAll(async () => {
  h = await createHarness('api_attacker', { rateLimitMax: 1_000_000 });
  app = h.app;
  const projects = await h.db.selectFrom('projects').select(['id', 'ownerRegionCode']).execute();
  shenzhen = projects.find((p) => p.ownerRegionCode === '440300')?.id as string;
  dongguan = projects.find((p) => p.ownerRegionCode === '441900')?.id as string;
  // One no project holds places on: no partner region of a project sees it either.
  const order = await h.db
    .selectFrom('demandOrders')
    .select('id')
    .where('workRegionCode', '=', '441900')
    .where('id', 'not in', h.db.selectFrom('projectDemandOrders').select('demandOrderId'))
    .executeTakeFirstOrThrow();
  dongguanOrder = order.id;
  // Signed in before any probe: a sign-in is audited, and probes compare the audit log.
  for (const user of USERS) await h.as(user);
});

const NOBODY = '7d5c0a52-9a77-4c43-9d1e-2f4c9b0e8a11';
const USERS = ['auditor', 'coordinator.guizhou', 'approver.bijie', 'pm.chengdu', 'pm.dongguan'];

afterAll(async () => {
  await h?.close();
});

const order = () => ({
  occupationCode: '6-30-99-00',
  headcount: 3,
  requiredLevel: 'intermediate',
  wageOfferFen: 650_000,
  workRegionCode: '441900',
  deadline: inDays(60),
});

interface Answer {
  statusCode: number;
  headers: Record<string, unknown>;
  json(): Record<string, unknown>;
}

function expectProblem(response: Answer, status: number, code: string) {
  expect(response.statusCode, JSON.stringify(response.json())).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.json()).toMatchObject({ status, code });
}

/** The failing field paths of a 400. */
const pathsOf = (response: Answer) =>
  (response.json().errors as { path: string }[]).map((e) => e.path);

/** Rows of the tables these probes could write, and the audit log: equal before and after. */
async function rows() {
  const count = async (table: 'demandOrders' | 'qualityReviews' | 'auditLog' | 'idempotencyKeys') =>
    Number(
      (
        await h.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const projects = await h.db
    .selectFrom('projects')
    .select(['id', 'stage', 'updatedAt'])
    .orderBy('id')
    .execute();
  return {
    demandOrders: await count('demandOrders'),
    qualityReviews: await count('qualityReviews'),
    auditLog: await count('auditLog'),
    idempotencyKeys: await count('idempotencyKeys'),
    projects: JSON.stringify(projects),
  };
}

/** Runs `probe` and asserts that no table it could write changed. */
async function changesNothing<T>(probe: () => Promise<T>): Promise<T> {
  const before = await rows();
  const result = await probe();
  expect(await rows()).toEqual(before);
  return result;
}

const postOrder = (payload: string, headers: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/demand-orders',
    headers: { ...enterprise, 'content-type': 'application/json', ...headers },
    payload,
  });

async function review(metrics: string, user = 'auditor', project = shenzhen) {
  return app.inject({
    method: 'POST',
    url: `/api/v1/quality-reviews/${project}`,
    headers: { ...(await h.as(user)), 'content-type': 'application/json' },
    payload: `{"method":"spot_check","reviewer":"r","reviewedOn":"${inDays(-1)}","providerGrade":null,"findings":null,"metrics":${metrics}}`,
  });
}

describe('bodies that are not what they say', () => {
  it('refuses text that is not JSON, an empty body, and a body without or with a foreign type', async () => {
    await changesNothing(async () => {
      expectProblem(await postOrder('{"headcount": 3,'), 400, 'invalid_json');
      expectProblem(await postOrder(''), 400, 'empty_body');
      expectProblem(
        await postOrder('a=1', { 'content-type': 'application/x-www-form-urlencoded' }),
        415,
        'unsupported_media_type',
      );
      const untyped = await app.inject({
        method: 'POST',
        url: '/api/v1/demand-orders',
        headers: enterprise,
        payload: Buffer.from(JSON.stringify(order())),
      });
      expectProblem(untyped, 415, 'unsupported_media_type');
      for (const payload of ['[]', 'null', '"order"', '42']) {
        const response = await postOrder(payload);
        expectProblem(response, 400, 'validation_failed');
        expect(pathsOf(response)).toEqual(['body']);
      }
    });
  });

  it('refuses an object naming a key twice (the last one won), with its path, writing nothing', async () => {
    const body = JSON.stringify(order());
    await changesNothing(async () => {
      // A gateway reading the first headcount saw 3; JSON.parse kept the second, 3000.
      const twice = await postOrder(`${body.slice(0, -1)},"headcount":3000}`, {
        'idempotency-key': 'attacker-duplicate-key',
      });
      expectProblem(twice, 400, 'duplicate_key');
      expect(pathsOf(twice)).toEqual(['body.headcount']);
      // Spelt with an escape, it is the same key.
      expectProblem(
        await postOrder(`${body.slice(0, -1)},"head\\u0063ount":3000}`),
        400,
        'duplicate_key',
      );
      expect(
        pathsOf(await review('{"passRate":{"numerator":1,"numerator":2,"denominator":3}}')),
      ).toEqual(['body.metrics.passRate.numerator']);
    });
    // The refused request held nothing: the same key with the body as meant goes in.
    const plain = await postOrder(body, { 'idempotency-key': 'attacker-duplicate-key' });
    expect(plain.statusCode, plain.body).toBe(201);
  });

  it('refuses a JSON body that declares another charset than UTF-8 instead of reading it garbled', async () => {
    await changesNothing(async () => {
      const response = await postOrder(JSON.stringify(order()), {
        'content-type': 'application/json; charset=latin1',
      });
      expectProblem(response, 415, 'unsupported_media_type');
      expect(pathsOf(response)).toEqual(['headers.content-type']);
    });
    const utf8 = await postOrder(JSON.stringify({ ...order(), externalRef: 'charset-utf8' }), {
      'content-type': 'application/json; charset=UTF-8',
    });
    expect(utf8.statusCode).toBe(201);
  });

  it('refuses a body over the limit with 413 and writes nothing', async () => {
    await changesNothing(async () => {
      const huge = JSON.stringify({ ...order(), description: 'x'.repeat(2_000_000) });
      expectProblem(await postOrder(huge), 413, 'body_too_large');
    });
  });

  it('refuses __proto__ and constructor.prototype keys, and pollutes no prototype', async () => {
    await changesNothing(async () => {
      const rest = JSON.stringify(order()).slice(1);
      expectProblem(await postOrder(`{"__proto__":{"polluted":1},${rest}`), 400, 'invalid_json');
      expectProblem(
        await postOrder(`{"constructor":{"prototype":{"polluted":1}},${rest}`),
        400,
        'invalid_json',
      );
      expectProblem(await review('{"__proto__":{"admin":true}}'), 400, 'invalid_json');
      const plain = await postOrder(`{"constructor":1,${rest}`);
      expectProblem(plain, 400, 'validation_failed');
      expect(pathsOf(plain)).toEqual(['body.constructor']);
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('refuses a body nested deeper than 32 levels before any schema reads it, and writes nothing', async () => {
    const nest = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    await changesNothing(async () => {
      // A review's metrics nested 5,000 deep overflowed the stack on the way to PostgreSQL: a 500.
      expectProblem(await review(nest(5_000)), 400, 'body_too_deep');
      expectProblem(
        await review(`[${'['.repeat(20_000)}${']'.repeat(20_000)}]`),
        400,
        'body_too_deep',
      );
      expectProblem(await review(nest(32)), 400, 'body_too_deep');
      expectProblem(
        await postOrder(`${'['.repeat(200_000)}${']'.repeat(200_000)}`),
        400,
        'body_too_deep',
      );
    });
    // The body is the first level and metrics' value the second: 31 levels reach the schema.
    const shallow = await review(nest(31));
    expectProblem(shallow, 400, 'validation_failed');
    expect(pathsOf(shallow)).toEqual(['body.metrics.a']);
  });

  it('holds a review to the metrics it can have, naming the field, writing nothing', async () => {
    await changesNothing(async () => {
      // metrics was free-form: any key was stored, and a NUL in one was a 422 without a path.
      for (const [metrics, path] of [
        ['{"note\\u0000":1}', 'body.metrics.note\u0000'],
        ['{"passRate":{"numerator":1,"denominator":2,"bp":9999}}', 'body.metrics.passRate.bp'],
        ['{"trainees":"25"}', 'body.metrics.trainees'],
        ['{"trainees":1.5}', 'body.metrics.trainees'],
        ['{"passRate":{"numerator":-1,"denominator":2}}', 'body.metrics.passRate.numerator'],
      ] as const) {
        const response = await review(metrics);
        expectProblem(response, 400, 'validation_failed');
        expect(pathsOf(response)).toEqual([path]);
      }
      const over = await review(
        '{"passRate":{"numerator":26,"denominator":25},"averageRankGain":{"numerator":3,"denominator":2}}',
      );
      expectProblem(over, 422, 'rate_over_whole');
      expect(pathsOf(over)).toEqual(['body.metrics.passRate']);
    });
  });
});

describe('text fields', () => {
  it('refuses a lone surrogate in prose and in a one-line field with its path, writing nothing', async () => {
    await changesNothing(async () => {
      // Was 201 with U+FFFD stored in its place (prose) and a 422 without a path (one-line).
      for (const [field, value] of [
        ['description', 'before \ud800 after'],
        ['description', 'ends high \ud83d'],
        ['externalRef', 'ref-\udc00'],
      ] as const) {
        const response = await postOrder(JSON.stringify({ ...order(), [field]: value }));
        expectProblem(response, 400, 'validation_failed');
        expect(response.json().errors).toEqual([
          expect.objectContaining({ path: `body.${field}`, keyword: 'x-text' }),
        ]);
      }
    });
  });

  it('keeps a character outside the BMP (a surrogate pair) exactly as sent', async () => {
    const description = '招工 🤖 机器人 𠀀';
    const response = await postOrder(JSON.stringify({ ...order(), description }));
    expect(response.statusCode).toBe(201);
    const stored = await h.db
      .selectFrom('demandOrders')
      .select('description')
      .where('id', '=', response.json().id as string)
      .executeTakeFirstOrThrow();
    expect(stored.description).toBe(description);
  });

  it('refuses control characters, empty and over-long strings with their paths', async () => {
    await changesNothing(async () => {
      for (const [field, value, keyword] of [
        ['externalRef', 'a\u0000b', 'x-text'],
        ['externalRef', 'line\nbreak', 'x-text'],
        ['description', 'bell\u0007', 'x-text'],
        ['externalRef', '', 'minLength'],
        ['externalRef', 'x'.repeat(101), 'maxLength'],
        ['description', 'x'.repeat(2001), 'maxLength'],
      ] as const) {
        const response = await postOrder(JSON.stringify({ ...order(), [field]: value }));
        expectProblem(response, 400, 'validation_failed');
        expect(response.json().errors).toEqual([
          expect.objectContaining({ path: `body.${field}`, keyword }),
        ]);
      }
    });
  });
});

describe('money is integer fen', () => {
  it('refuses fractions, negatives, huge amounts and numeric strings, writing nothing', async () => {
    await changesNothing(async () => {
      for (const [value, keyword] of [
        [650_000.5, 'type'],
        [-1, 'minimum'],
        [0, 'minimum'],
        [1e20, 'maximum'],
        ['650000', 'type'],
        [null, 'type'],
        [true, 'type'],
      ] as const) {
        const response = await postOrder(JSON.stringify({ ...order(), wageOfferFen: value }));
        expectProblem(response, 400, 'validation_failed');
        expect(response.json().errors).toEqual([
          expect.objectContaining({ path: 'body.wageOfferFen', keyword }),
        ]);
      }
    });
  });
});

describe('query strings and path parameters', () => {
  const list = (query: string) =>
    app.inject({ method: 'GET', url: `/api/v1/demand-orders?${query}`, headers: enterprise });

  it('refuses repeated keys, arrays and unknown keys where a scalar is expected', async () => {
    for (const [query, path] of [
      ['page=1&page=2', 'querystring.page'],
      ['status=open&status=closed', 'querystring.status'],
      ['page[]=1', 'querystring.page[]'],
      ['foo=1', 'querystring.foo'],
    ] as const) {
      const response = await list(query);
      expectProblem(response, 400, 'validation_failed');
      expect(pathsOf(response), query).toContain(path);
    }
  });

  it('reads a number only from its plain decimal spelling', async () => {
    // Ajv's coercion took 0x2, 1e1, " 1" and 1.0 for numbers.
    for (const query of [
      'page=0x2',
      'pageSize=1e1',
      'page=%201',
      'page=1%20',
      'page=1.0',
      'page=%2B1',
      'page=01',
      'page=',
      'page=abc',
      'page=1.5',
    ]) {
      const response = await list(query);
      expectProblem(response, 400, 'validation_failed');
      expect(response.json().errors, query).toEqual([expect.objectContaining({ keyword: 'type' })]);
    }
    for (const [query, keyword] of [
      ['page=-1', 'minimum'],
      ['page=0', 'minimum'],
      ['page=99999999999999999999', 'maximum'],
      ['pageSize=201', 'maximum'],
    ] as const) {
      const response = await list(query);
      expectProblem(response, 400, 'validation_failed');
      expect(response.json().errors, query).toEqual([expect.objectContaining({ keyword })]);
    }
    const plain = await list('page=2&pageSize=1');
    expect(plain.statusCode).toBe(200);
    expect(plain.json()).toMatchObject({ page: 2, pageSize: 1 });
  });

  it('reads a boolean only from true or false', async () => {
    const headers = await h.as('pm.dongguan');
    const read = (query: string) =>
      app.inject({ method: 'GET', url: `/api/v1/notifications?${query}`, headers });
    expect((await read('unread=true')).statusCode).toBe(200);
    expect((await read('unread=false&limit=5')).statusCode).toBe(200);
    for (const query of ['unread=1', 'unread=yes', 'unread=TRUE', 'unread=']) {
      const response = await read(query);
      expectProblem(response, 400, 'validation_failed');
      expect(pathsOf(response), query).toEqual(['querystring.unread']);
    }
  });

  it('refuses empty strings and text that breaks a pattern in the query', async () => {
    for (const query of [
      'workRegionCode=',
      'occupationCode=%ED%A0%80',
      `occupationCode=${'x'.repeat(10_000)}`,
    ]) {
      const response = await list(query);
      expectProblem(response, 400, 'validation_failed');
    }
  });

  it('answers a path that is not a UUID, does not decode or is too long as problem+json', async () => {
    const get = (path: string) =>
      app.inject({ method: 'GET', url: `/api/v1/demand-orders/${path}`, headers: enterprise });
    const notUuid = await get('not-a-uuid');
    expectProblem(notUuid, 400, 'validation_failed');
    expect(pathsOf(notUuid)).toEqual(['params.id']);
    // Were Fastify's own JSON without our `code`.
    const undecodable = await get('%E0%A4%A');
    expectProblem(undecodable, 400, 'malformed_url');
    expect(undecodable.headers['x-request-id']).toBeTruthy();
    expectProblem(await get('a'.repeat(101)), 414, 'path_too_long');
    expectProblem(await get('00000000-0000-0000-0000-000000000000'), 404, 'not_found');
  });
});

describe('other regions’ records (IDOR)', () => {
  it('answers a 贵州 user reading 广东 records as if they were absent', async () => {
    for (const user of ['coordinator.guizhou', 'approver.bijie', 'pm.chengdu']) {
      const headers = await h.as(user);
      for (const [url, absent] of [
        [`/api/v1/projects/${shenzhen}`, `/api/v1/projects/${NOBODY}`],
        [`/api/v1/projects/${shenzhen}/trainees`, `/api/v1/projects/${NOBODY}/trainees`],
        [`/api/v1/quality-reviews/${shenzhen}`, `/api/v1/quality-reviews/${NOBODY}`],
        [`/api/v1/demand-orders/${dongguanOrder}`, `/api/v1/demand-orders/${NOBODY}`],
        [
          `/api/v1/demand-orders/${dongguanOrder}/projects`,
          `/api/v1/demand-orders/${NOBODY}/projects`,
        ],
      ]) {
        const response = await app.inject({ method: 'GET', url, headers });
        expectProblem(response, 404, 'not_found');
        // Word for word what a record that does not exist gets.
        const { detail, errors } = response.json();
        const missing = (await app.inject({ method: 'GET', url: absent, headers })).json();
        expect({ detail, errors }, `${user} ${url}`).toEqual({
          detail: missing.detail,
          errors: missing.errors,
        });
      }
      const claims = await app.inject({
        method: 'GET',
        url: `/api/v1/claims?projectId=${shenzhen}`,
        headers,
      });
      expect(claims.json()).toMatchObject({ items: [], total: 0 });
    }
    // 毕节 is a partner of 东莞's first project: that one it does see.
    const partner = await app.inject({
      method: 'GET',
      url: `/api/v1/projects/${dongguan}`,
      headers: await h.as('approver.bijie'),
    });
    expect(partner.statusCode).toBe(200);
  });

  it('refuses a 贵州 or 四川 user acting on a 广东 project, changing nothing', async () => {
    await changesNothing(async () => {
      expectProblem(await review('{}', 'coordinator.guizhou'), 404, 'not_found');
      const pm = await h.as('pm.chengdu');
      for (const url of [
        `/api/v1/projects/${shenzhen}/cancel`,
        `/api/v1/projects/${shenzhen}/retry`,
      ]) {
        const response = await app.inject({
          method: 'POST',
          url,
          headers: { ...pm, 'idempotency-key': `idor-${url.length}` },
          payload: { reason: 'not mine' },
        });
        expectProblem(response, 404, 'not_found');
      }
    });
  });
});

describe('credentials', () => {
  const me = (headers: Record<string, string>) =>
    app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });

  /** A token signed with `secret` (the app's own unless said otherwise). */
  function token(claims: Record<string, unknown>, secret = DEV_TOKEN_SECRET, alg = 'HS256') {
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const body = `${part({ alg, typ: 'JWT' })}.${part(claims)}`;
    const signature =
      alg === 'none' ? '' : createHmac('sha256', secret).update(body).digest('base64url');
    return { authorization: `Bearer ${body}.${signature}` };
  }

  it('answers 401 with a precise code for missing, malformed, forged and expired credentials', async () => {
    const user = await h.db
      .selectFrom('users')
      .select(['id', 'username', 'displayName', 'role', 'regionCode'])
      .where('username', '=', 'pm.dongguan')
      .executeTakeFirstOrThrow();
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      sub: user.id,
      username: user.username,
      displayName: user.displayName,
      role: 'admin',
      regionCode: null,
      ver: 0,
      iat: now - 3600,
      exp: now + 600,
      iss: 'qiancheng-api',
      aud: 'qiancheng-console',
    };
    expect((await me(token(claims))).statusCode).toBe(200);
    expectProblem(await me({}), 401, 'unauthorized');
    expectProblem(await me({ authorization: 'Basic cG06cHc=' }), 401, 'unauthorized');
    expectProblem(await me({ authorization: 'Bearer' }), 401, 'unauthorized');
    expectProblem(await me({ authorization: 'Bearer abc.def.ghi' }), 401, 'invalid_token');
    expectProblem(await me(token({ ...claims, exp: now - 10 })), 401, 'invalid_token');
    expectProblem(
      await me(token(claims, 'another-secret-of-at-least-32-chars!!')),
      401,
      'invalid_token',
    );
    expectProblem(await me(token(claims, '', 'none')), 401, 'invalid_token');
    expectProblem(await me({ 'x-api-key': 'qck_made_up_key' }), 401, 'invalid_api_key');
    expectProblem(await me({ authorization: 'Bearer qck_made_up_key' }), 401, 'invalid_api_key');
    // A token claiming admin acts with the role its row says.
    const asClaimed = await me(token(claims));
    expect(asClaimed.json()).toMatchObject({
      user: { role: 'project_manager', regionCode: '441900' },
    });
  });

  it('refuses an API key and a token sent together, whichever route, writing nothing', async () => {
    const both = { ...enterprise, ...(await h.as('pm.dongguan')) };
    expectProblem(await me(both), 401, 'ambiguous_credentials');
    await changesNothing(async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/demand-orders',
        headers: both,
        payload: order(),
      });
      expectProblem(response, 401, 'ambiguous_credentials');
    });
  });

  it('refuses an API key on a console route and a console token on an enterprise route', async () => {
    expectProblem(
      await app.inject({ method: 'GET', url: '/api/v1/projects', headers: enterprise }),
      403,
      'forbidden',
    );
    await changesNothing(async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/demand-orders',
        headers: await h.as('pm.dongguan'),
        payload: order(),
      });
      expectProblem(response, 403, 'forbidden');
    });
  });
});

describe('Idempotency-Key', () => {
  it('refuses the same key with another body, replays the same body in any key order, writes once', async () => {
    const key = { 'idempotency-key': 'attacker-order-1' };
    const first = await postOrder(JSON.stringify({ ...order(), externalRef: 'idem' }), key);
    expect(first.statusCode).toBe(201);
    await changesNothing(async () => {
      const reordered = { externalRef: 'idem', ...order() };
      const replay = await postOrder(JSON.stringify(reordered), key);
      expect(replay.statusCode).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.json().id).toBe(first.json().id);
      expectProblem(
        await postOrder(JSON.stringify({ ...order(), externalRef: 'idem', headcount: 4 }), key),
        409,
        'idempotency_key_reused',
      );
      for (const bad of ['has space', 'k'.repeat(201), 'clé']) {
        const response = await postOrder(JSON.stringify(order()), { 'idempotency-key': bad });
        expectProblem(response, 400, 'validation_failed');
        expect(pathsOf(response)).toEqual(['headers.idempotency-key']);
      }
    });
    const written = await h.db
      .selectFrom('demandOrders')
      .select('id')
      .where('externalRef', '=', 'idem')
      .execute();
    expect(written).toHaveLength(1);
  });
});

describe('the wire', () => {
  let port: number;
  let wire: App;

  beforeAll(async () => {
    wire = await h.appWith({ rateLimitMax: 1_000_000 });
    await wire.listen({ port: 0, host: '127.0.0.1' });
    port = (wire.server.address() as net.AddressInfo).port;
  });

  /** Sends `text` as is and reads until the server closes the connection. */
  function send(text: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
      let answer = '';
      socket.on('data', (chunk) => {
        answer += chunk.toString();
      });
      socket.on('close', () => resolve(answer));
      socket.on('error', reject);
      socket.setTimeout(5_000, () => socket.destroy(new Error(`no answer: ${answer}`)));
    });
  }

  function problemOf(answer: string) {
    const [head = '', body = ''] = answer.split('\r\n\r\n');
    expect(head).toMatch(/content-type: application\/problem\+json/i);
    return { status: Number(head.split(' ')[1]), problem: JSON.parse(body) };
  }

  it('answers headers over the size limit with 431 problem+json', async () => {
    const { status, problem } = problemOf(
      await send(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(40_000)}\r\n\r\n`),
    );
    expect(status).toBe(431);
    expect(problem).toMatchObject({ status: 431, code: 'headers_too_large' });
  });

  it('answers a bare CR in a header, a bad header name and request smuggling with 400, writing nothing', async () => {
    const body = JSON.stringify(order());
    await changesNothing(async () => {
      for (const request of [
        `GET /health HTTP/1.1\r\nHost: x\r\nX-A: a\rSet-Cookie: b\r\n\r\n`,
        `GET /health HTTP/1.1\r\nHost: x\r\nX A: a\r\n\r\n`,
        `POST /api/v1/demand-orders HTTP/1.1\r\nHost: x\r\nX-Api-Key: ${enterprise['x-api-key']}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nTransfer-Encoding: chunked\r\n\r\n${body}`,
        `POST /api/v1/demand-orders HTTP/1.1\r\nHost: x\r\nX-Api-Key: ${enterprise['x-api-key']}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nContent-Length: 2\r\n\r\n${body}`,
      ]) {
        const { status, problem } = problemOf(await send(request));
        expect(status).toBe(400);
        expect(problem).toMatchObject({ status: 400, code: 'malformed_request' });
      }
    });
  });
});
