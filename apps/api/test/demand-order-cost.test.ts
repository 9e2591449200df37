import { createDb, type Db, DEMO_API_KEY } from '@qiancheng/db';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../src/app.js';
import { createHarness, type Harness, inDays } from './helpers.js';

// The demand-order route is the hot path of enterprises' systems (issue 13): its cost per request
// is counted in statements (each one a round trip to PostgreSQL), so a change that adds one fails.

let h: Harness;
let appDb: Db;
let app: App;
let statements = 0;

beforeAll(async () => {
  h = await createHarness('api_demand_cost');
  const counter: KyselyPlugin = {
    transformQuery: (args) => args.node,
    transformResult: async (args) => {
      statements += 1;
      return args.result;
    },
  };
  appDb = createDb(h.database.appUrl, { max: 4 }).withPlugin(counter);
  const temporal = h.client.connection;
  app = await buildApp({ db: appDb, temporal: temporal as never, client: h.client });
});
afterAll(async () => {
  await app?.close();
  await appDb?.destroy();
  await h?.close();
});

const order = (ref: string) => ({
  externalRef: ref,
  occupationCode: '6-30-99-00',
  headcount: 12,
  requiredLevel: 'intermediate',
  wageOfferFen: 700_000,
  workRegionCode: '441900',
  deadline: inDays(60),
});

async function post(ref: string, key: string | null) {
  const before = statements;
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/demand-orders',
    headers: { 'x-api-key': DEMO_API_KEY, ...(key ? { 'idempotency-key': key } : {}) },
    payload: order(ref),
  });
  return { response, statements: statements - before };
}

describe('POST /api/v1/demand-orders, counted in statements', () => {
  it('writes the order, its audit entry and its answered key in one statement once the key is known', async () => {
    // The first request looks the API key up; the next ones within a few seconds take it on trust.
    const first = await post('COST-1', 'cost-key-1');
    expect(first.response.statusCode).toBe(201);
    const second = await post('COST-2', 'cost-key-2');
    expect(second.response.statusCode).toBe(201);
    expect(second.statements).toBe(1);
    const withoutKey = await post('COST-3', null);
    expect(withoutKey.response.statusCode).toBe(201);
    expect(withoutKey.statements).toBe(1);

    // All three were written: order, audit entry, and (with a key) the stored answer.
    const id = second.response.json().id as string;
    const audit = await h.db
      .selectFrom('auditLog')
      .select(['action', 'requestId'])
      .where('subjectId', '=', id)
      .execute();
    expect(audit).toEqual([
      { action: 'demand_order.posted', requestId: second.response.headers['x-request-id'] },
    ]);
    const stored = await h.db
      .selectFrom('idempotencyKeys')
      .select(['responseStatus', 'responseBody', 'completedAt'])
      .where('key', '=', 'cost-key-2')
      .executeTakeFirstOrThrow();
    expect(stored.responseStatus).toBe(201);
    expect(stored.completedAt).not.toBeNull();
    expect(stored.responseBody).toEqual(second.response.json());
  });

  it('replays a used key with two statements and writes nothing', async () => {
    const first = await post('COST-4', 'cost-key-4');
    const count = async () =>
      Number(
        (
          await h.db
            .selectFrom('demandOrders')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const replay = await post('COST-4', 'cost-key-4');
    expect(replay.response.statusCode).toBe(201);
    expect(replay.response.headers['idempotent-replayed']).toBe('true');
    expect(replay.response.json()).toEqual(first.response.json());
    // The write that found the key taken, then the read of its stored answer.
    expect(replay.statements).toBe(2);
    expect(await count()).toBe(before);
  });

  it('writes nothing at all when the order is refused, so the key stays free for a corrected retry', async () => {
    await post('COST-5', 'cost-key-5');
    // Same externalRef under a new key: 409, and neither the key nor an audit entry is kept.
    const refused = await post('COST-5', 'cost-key-6');
    expect(refused.response.statusCode).toBe(409);
    expect(refused.response.json()).toMatchObject({ code: 'external_ref_taken' });
    const key = await h.db
      .selectFrom('idempotencyKeys')
      .select('key')
      .where('key', '=', 'cost-key-6')
      .executeTakeFirst();
    expect(key).toBeUndefined();
    const corrected = await post('COST-6', 'cost-key-6');
    expect(corrected.response.statusCode).toBe(201);
  });
});
