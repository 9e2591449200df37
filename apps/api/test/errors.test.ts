import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../src/app.js';
import { createHarness, enterprise, type Harness, inDays } from './helpers.js';

// Issue 10, findings 4 and 9: what PostgreSQL refuses is a 4xx with a stable code and no
// constraint name; a problem's title is constant per code, the occurrence goes in `detail`.
let h: Harness;
let app: App;
beforeAll(async () => {
  h = await createHarness('api_errors');
  await sql`create table error_probe (
      id integer primary key,
      code text not null constraint error_probe_code_key unique,
      amount integer not null constraint error_probe_amount_positive check (amount > 0)
    )`.execute(h.db);
  // Real statements against the real database, thrown through the one error handler.
  app = await buildApp(h.app.deps, { settings: { rateLimitMax: 10_000 } });
  const statements: Record<string, () => Promise<unknown>> = {
    overflow: () => sql`select 2147483647::integer + 1`.execute(h.db),
    nul: () => sql`select ${'a\u0000b'}::text`.execute(h.db),
    bad_date: () => sql`select ${'2027-02-30'}::date`.execute(h.db),
    duplicate: () =>
      sql`insert into error_probe values (1, 'same', 1), (2, 'same', 1)`.execute(h.db),
    check: () => sql`insert into error_probe values (3, 'other', -5)`.execute(h.db),
    not_null: () => sql`insert into error_probe values (4, null, 1)`.execute(h.db),
    foreign: () =>
      sql`insert into demand_orders (enterprise_id, occupation_code, headcount, required_level,
            wage_offer_fen, work_region_code, deadline)
          values (gen_random_uuid(), '6-30-99-00', 1, 'intermediate', 1, '441900', '2030-01-01')`.execute(
        h.db,
      ),
    // Random text too long for the unique index's btree row: program limit 54000.
    too_long: () =>
      sql`insert into error_probe
          values (5, (select string_agg(md5(random()::text), '') from generate_series(1, 400)), 1)`.execute(
        h.db,
      ),
    crash: () => Promise.reject(new Error('secret internals: password=hunter2')),
  };
  app.get<{ Params: { name: string } }>('/test/db/:name', async (request) => {
    await statements[request.params.name]?.();
    return { ok: true };
  });
});
afterAll(async () => {
  await app?.close();
  await h?.close();
});

const probe = async (name: string) => {
  const response = await app.inject({ method: 'GET', url: `/test/db/${name}` });
  return { status: response.statusCode, body: response.json(), raw: response.body };
};

describe('PostgreSQL refusals', () => {
  it.each([
    ['overflow', 422, 'invalid_value'],
    ['nul', 422, 'invalid_value'],
    ['bad_date', 422, 'invalid_value'],
    ['duplicate', 409, 'already_exists'],
    ['check', 422, 'rule_violated'],
    ['not_null', 422, 'rule_violated'],
    ['foreign', 422, 'reference_not_found'],
    ['too_long', 422, 'value_too_large'],
  ])('map %s to %i %s, naming no constraint', async (name, status, code) => {
    const { status: got, body, raw } = await probe(name);
    expect(got).toBe(status);
    expect(body).toMatchObject({
      code,
      status,
      type: `https://qiancheng.example/problems/${code}`,
    });
    expect(raw).not.toMatch(/error_probe_|_fkey|_key\b|_check|_positive|constraint/);
  });

  it('names the field of a key constraint without naming the constraint', async () => {
    const { body } = await probe('duplicate');
    expect(body.errors).toEqual([{ path: 'body.code', message: 'already taken' }]);
  });

  it('hides the internals of anything unexpected behind a 500', async () => {
    const { status, body, raw } = await probe('crash');
    expect(status).toBe(500);
    expect(body).toMatchObject({ code: 'internal_error', title: 'Internal Server Error' });
    expect(raw).not.toContain('hunter2');
  });

  it('answers an unknown occupation on a real route with 422 and the field, not the constraint', async () => {
    const response = await h.app.inject({
      method: 'POST',
      url: '/api/v1/demand-orders',
      headers: enterprise,
      payload: {
        occupationCode: '8-99-99-99',
        headcount: 1,
        requiredLevel: 'intermediate',
        wageOfferFen: 500_000,
        workRegionCode: '441900',
        deadline: inDays(30),
      },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([{ path: 'body.occupationCode', message: 'not found' }]);
    expect(response.body).not.toMatch(/fkey|constraint/);
  });
});

describe('problem titles (RFC 9457)', () => {
  it('keep one title per code and put the occurrence in detail', async () => {
    const pm = await h.as('pm.dongguan');
    const a = await h.app.inject({ method: 'GET', url: '/api/v1/projects?page=0', headers: pm });
    const b = await h.app.inject({ method: 'GET', url: '/api/v1/projects?stage=x', headers: pm });
    expect(a.json().code).toBe('validation_failed');
    expect(b.json().code).toBe('validation_failed');
    expect(a.json().title).toBe(b.json().title);
    expect(a.json().detail).not.toBe(b.json().detail);

    const first = await h.app.inject({ method: 'GET', url: '/nowhere', headers: pm });
    const second = await h.app.inject({ method: 'POST', url: '/elsewhere', headers: pm });
    expect(first.json().title).toBe(second.json().title);
    expect(second.json().detail).toContain('/elsewhere');

    const ids = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];
    const [x, y] = await Promise.all(
      ids.map((id) =>
        h.app.inject({ method: 'GET', url: `/api/v1/demand-orders/${id}`, headers: enterprise }),
      ),
    );
    expect(x?.statusCode).toBe(404);
    expect(x?.json().title).toBe(y?.json().title);
  });

  it('word a domain code as its title, the same every time', async () => {
    const past = async (deadline: string) =>
      (
        await h.app.inject({
          method: 'POST',
          url: '/api/v1/demand-orders',
          headers: enterprise,
          payload: {
            occupationCode: '6-30-99-00',
            headcount: 1,
            requiredLevel: 'intermediate',
            wageOfferFen: 500_000,
            workRegionCode: '441900',
            deadline,
          },
        })
      ).json();
    const one = await past('2020-01-01');
    const two = await past('2021-06-30');
    expect(one).toMatchObject({ code: 'deadline_passed', title: 'Deadline passed' });
    expect(two.title).toBe(one.title);
    expect(one.detail).toBe('the deadline is in the past');
  });
});
