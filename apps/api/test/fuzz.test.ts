import { DEMO_API_KEY, DEMO_PASSWORD, projects } from '@qiancheng/db';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type RunningWorker, startWorker } from './helpers.js';

/**
 * Issue 10: a property-based fuzz suite. Requests are generated from the OpenAPI document's own
 * request schemas (`app.swagger()`), then mutated as an attacker or a careless integrator would
 * (wrong types, unknown properties, control characters, huge numbers, long strings, missing
 * fields), and sent to the real API over the real database and Temporal, as every role. It holds
 * when no answer is a 5xx and no refused request wrote anything (row counts of the main tables
 * before and after each refused state-changing request, and no audit row with its request id).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const taskQueue = `api-fuzz-${Math.random().toString(36).slice(2, 10)}`;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = {
  type?: string | string[];
  enum?: Json[];
  const?: Json;
  anyOf?: Schema[];
  oneOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
};
interface Operation {
  method: string;
  path: string;
  params: { name: string; in: string; schema: Schema; required?: boolean }[];
  body: Schema | null;
  contentType: string | null;
  secured: boolean;
}

let h: Harness;
let worker: RunningWorker;
let launchedId = '';
const ids: { projects: string[]; orders: string[]; users: Record<string, Record<string, string>> } =
  { projects: [], orders: [], users: {} };
const REGIONS = ['441900', '510100', '520500', '520300', '440300', '440100'];
const OCCUPATIONS = ['6-30-99-00', '4-10-01-05', '6-31-01-03'];

beforeAll(async () => {
  h = await createHarness('api_fuzz', {
    taskQueue,
    workflowTimeoutMs: 20_000,
    rateLimitMax: 100_000_000,
    loginRateLimitMax: 100_000_000,
    loginAddressRateLimitMax: 100_000_000,
  });
  worker = await startWorker(h, taskQueue);
  const all = await projects.list(h.db);
  ids.projects = all.map((p) => p.id);
  ids.orders = (await h.db.selectFrom('demandOrders').select('id').execute()).map((o) => o.id);
  await signIn();
  // One running project, so the steps reach a real workflow.
  const local = all.find((p) => p.name.startsWith('成都市养老护理员'));
  if (local) {
    const launched = await h.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${local.id}/launch`,
      headers: ids.users['pm.chengdu'],
      payload: {},
    });
    if (launched.statusCode < 300) launchedId = local.id;
  }
});
afterAll(async () => {
  for (const id of ids.projects) {
    await h?.client.workflow
      .getHandle(`project-${id}`)
      .terminate('test over')
      .catch(() => undefined);
  }
  await worker?.stop();
  await h?.close();
});

const USERS = ['pm.dongguan', 'pm.chengdu', 'approver.bijie', 'auditor', 'admin', 'operator'];

/** Fresh tokens for every demo user (a fuzzed logout ends a user's sessions). */
async function signIn() {
  for (const username of USERS) {
    const response = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password: DEMO_PASSWORD },
    });
    if (response.statusCode !== 200) throw new Error(`login ${username}: ${response.body}`);
    ids.users[username] = { authorization: `Bearer ${response.json().token as string}` };
  }
}

/** The operations of the OpenAPI document (server-sent events excluded: they never end). */
function operationsOf(spec: {
  paths: Record<string, Record<string, Record<string, unknown>>>;
}): Operation[] {
  const out: Operation[] = [];
  for (const [path, operations] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      if (path.endsWith('/events')) continue;
      const content = (op.requestBody as { content?: Record<string, { schema: Schema }> })?.content;
      const contentType = content ? (Object.keys(content)[0] ?? null) : null;
      out.push({
        method: method.toUpperCase(),
        path,
        params: (op.parameters as Operation['params']) ?? [],
        body: contentType && content ? (content[contentType]?.schema ?? null) : null,
        contentType,
        secured: Array.isArray(op.security) && op.security.length > 0,
      });
    }
  }
  return out;
}

const iso = (d: Date) => d.toISOString();
const dateArb = fc
  .integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2029, 11, 31) })
  .map((ms) => iso(new Date(ms)).slice(0, 10));

/** A value the schema accepts (mostly): the starting point before mutation. */
function arbitraryOf(schema: Schema | undefined, name = ''): fc.Arbitrary<Json> {
  if (!schema) return fc.constant(null);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices) return fc.oneof(...choices.map((s) => arbitraryOf(s, name)));
  const types = Array.isArray(schema.type) ? schema.type : [schema.type ?? 'object'];
  return fc.oneof(...types.map((type) => valueOfType(schema, type, name)));
}

function valueOfType(schema: Schema, type: string, name: string): fc.Arbitrary<Json> {
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({
        min: Math.max(schema.minimum ?? -1000, -1_000_000),
        max: Math.min(schema.maximum ?? 1000, 1_000_000),
      });
    case 'number':
      return fc.double({
        min: Math.max(schema.minimum ?? -1000, -1_000_000),
        max: Math.min(schema.maximum ?? 1000, 1_000_000),
        noNaN: true,
      });
    case 'array': {
      const min = schema.minItems ?? 0;
      return fc.array(arbitraryOf(schema.items, name), {
        minLength: min,
        maxLength: Math.max(min, Math.min(schema.maxItems ?? 3, 3)),
      });
    }
    case 'object': {
      const props = schema.properties ?? {};
      const record: Record<string, fc.Arbitrary<Json>> = {};
      for (const [key, sub] of Object.entries(props)) record[key] = arbitraryOf(sub, key);
      return fc.record(record, { requiredKeys: schema.required ?? [] }) as fc.Arbitrary<Json>;
    }
    default:
      return stringOf(schema, name);
  }
}

function stringOf(schema: Schema, name: string): fc.Arbitrary<Json> {
  if (schema.format === 'uuid') {
    const known = /order/i.test(name) ? ids.orders : ids.projects;
    return fc.oneof(fc.constantFrom(...known, ...ids.orders.slice(0, 2)), fc.uuid());
  }
  if (schema.format === 'date') return dateArb;
  if (schema.format === 'date-time') return dateArb.map((d) => `${d}T08:00:00.000Z`);
  if (schema.format === 'uri') {
    return fc.constantFrom('https://93.184.215.14/hooks', 'http://127.0.0.1:1/x', 'https://[::1]/');
  }
  if (schema.pattern?.includes('[1-9][0-9]{5}')) return fc.constantFrom(...REGIONS);
  if (schema.pattern?.includes('[1-8]-[0-9]{2}')) return fc.constantFrom(...OCCUPATIONS);
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
  return fc.string({
    unit: 'grapheme',
    minLength: schema.minLength ?? 0,
    maxLength: Math.min(schema.maxLength ?? 20, 20),
  });
}

/** Leaves of a JSON value, as paths. */
function leaves(value: Json, at: (string | number)[] = []): (string | number)[][] {
  if (value && typeof value === 'object') {
    const entries = Array.isArray(value)
      ? value.map((v, i) => [i, v] as const)
      : Object.entries(value);
    const inner = entries.flatMap(([k, v]) => leaves(v as Json, [...at, k]));
    return inner.length > 0 ? [at, ...inner] : [at];
  }
  return [at];
}

function setAt(
  value: Json,
  path: (string | number)[],
  replace: (old: Json) => Json | undefined,
): Json {
  if (path.length === 0) return replace(value) ?? null;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
    string | number,
    Json
  >;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const next = setAt(copy[head] as Json, rest, replace);
  if (rest.length === 0 && replace(copy[head] as Json) === undefined) delete copy[head];
  else copy[head] = next;
  return copy as Json;
}

const CONTROL = ['\u0000', '\u0001', '\u0007', '\u001b', '\u007f', '\u000b', '\u0008'];
const WRONG: Json[] = [true, false, '1', 1, -1, null, [], {}, '', 1.5, 'NaN'];
const HUGE = [1e18, -1e18, 1e308, 2 ** 53 + 1, 2_147_483_648, -2_147_483_649, 1e-300];

/** One mutation of a generated value, chosen by `kind`, applied at the leaf chosen by `pick`. */
function mutate(value: Json, kind: number, pick: number, filler: string): Json {
  const all = leaves(value);
  const path = all[pick % all.length] ?? [];
  switch (kind) {
    case 0:
      return setAt(value, path, () => WRONG[pick % WRONG.length] as Json);
    case 1:
      return setAt(value, path, (old) =>
        old && typeof old === 'object' && !Array.isArray(old)
          ? { ...old, [`extra_${filler.slice(0, 4)}`]: 1 }
          : old,
      );
    case 2:
      return setAt(value, path, (old) =>
        typeof old === 'string'
          ? `${old}${CONTROL[pick % CONTROL.length]}${filler}`
          : `${filler}${CONTROL[pick % CONTROL.length]}`,
      );
    case 3:
      return setAt(value, path, () => HUGE[pick % HUGE.length] as Json);
    case 4:
      return setAt(value, path, () => (pick % 2 === 0 ? 'x'.repeat(20_000) : '长'.repeat(5_000)));
    case 5:
      return setAt(value, path, () => undefined);
    default:
      return value;
  }
}

const mutated = (arb: fc.Arbitrary<Json>) =>
  fc
    .tuple(arb, fc.integer({ min: 0, max: 9 }), fc.nat(), fc.string({ maxLength: 6 }))
    .map(([value, kind, pick, filler]) => (kind <= 5 ? mutate(value, kind, pick, filler) : value));

const ROLES = [
  'pm.dongguan',
  'pm.chengdu',
  'approver.bijie',
  'auditor',
  'admin',
  'operator',
  'enterprise',
  'anonymous',
  'forged',
] as const;

function headersOf(role: (typeof ROLES)[number]): Record<string, string> {
  if (role === 'enterprise') return { 'x-api-key': DEMO_API_KEY };
  if (role === 'anonymous') return {};
  if (role === 'forged') return { authorization: 'Bearer eyJhbGciOiJub25lIn0.e30.' };
  return ids.users[role] ?? {};
}

/** A path parameter: a real id most of the time, else something hostile. */
const paramArb = (name: string, schema: Schema): fc.Arbitrary<string> =>
  fc
    .oneof(
      {
        weight: 6,
        arbitrary: name === 'id' && launchedId ? fc.constant(launchedId) : fc.constant(''),
      },
      {
        weight: 6,
        arbitrary: arbitraryOf(schema, name).map((v) => (typeof v === 'string' ? v : String(v))),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom('%00', 'x'.repeat(300), '..%2F..', '%E2%80%AE', '-1'),
      },
    )
    .map((v) => (v === '' ? (ids.projects[0] ?? 'x') : v));

interface Generated {
  op: Operation;
  role: (typeof ROLES)[number];
  url: string;
  body: Json | undefined;
  key: string | null;
}

function requestArb(op: Operation): fc.Arbitrary<Generated> {
  const pathParams = op.params.filter((p) => p.in === 'path');
  const queryParams = op.params.filter((p) => p.in === 'query');
  const paths = fc.tuple(...pathParams.map((p) => paramArb(p.name, p.schema)));
  const query = fc
    .tuple(
      fc.record(
        Object.fromEntries(
          queryParams.map((p) => [p.name, mutated(arbitraryOf(p.schema, p.name)).map((v) => v)]),
        ),
        { requiredKeys: [] },
      ),
      fc.option(
        fc.constantFrom('page=1000000000000000000', 'q=%00', 'extra=1', 'page=-1', 'pageSize=1e9'),
        {
          freq: 4,
        },
      ),
    )
    .map(([values, raw]) => {
      const parts = Object.entries(values).map(
        ([k, v]) => `${k}=${encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v))}`,
      );
      if (raw) parts.push(raw);
      return parts.length > 0 ? `?${parts.join('&')}` : '';
    });
  const body: fc.Arbitrary<Json | undefined> = op.body
    ? op.contentType === 'text/csv'
      ? fc.constantFrom(
          'name,residentId,homeRegionCode,keyGroups,maskedPhone\n张三,110101199003074512,441900,,138****0000',
          'a,b\n\u0000,x',
          'x'.repeat(10_000),
        )
      : mutated(arbitraryOf(op.body))
    : fc.constant(undefined);
  return fc
    .tuple(
      paths,
      query,
      body,
      fc.constantFrom(...ROLES),
      fc.option(fc.constantFrom('fuzz-key-1', 'fuzz-key-2', 'fuzz key'), { freq: 3 }),
    )
    .map(([values, qs, payload, role, key]) => {
      let url = op.path;
      pathParams.forEach((p, i) => {
        url = url.replace(`{${p.name}}`, values[i] ?? '');
      });
      return { op, role, url: `${url}${qs}`, body: payload, key };
    });
}

/**
 * Tables only the API writes, and only while answering: a refused request must leave their
 * counts as they were. The audit log is also written by workflows on their own timers (reminders,
 * escalations of a project a fuzzed request launched), so there a refused request is checked by
 * its own request id: no row may carry it.
 */
const TABLES = [
  'demand_orders',
  'projects',
  'trainees',
  'enrolments',
  'webhook_endpoints',
  'idempotency_keys',
] as const;

async function auditRowsOf(requestId: string): Promise<number> {
  const row = await sql<{ n: string }>`select count(*) as n from audit_log
    where request_id = ${requestId}`.execute(h.db);
  return Number(row.rows[0]?.n ?? 0);
}

async function counts(): Promise<Record<string, number>> {
  const row = await sql<Record<string, string>>`select ${sql.join(
    TABLES.map((t) => sql`(select count(*) from ${sql.table(t)}) as ${sql.ref(t)}`),
  )}`.execute(h.db);
  return Object.fromEntries(Object.entries(row.rows[0] ?? {}).map(([k, v]) => [k, Number(v)]));
}

/** Waits until nothing more is written (a workflow's activities after an accepted step). */
async function settle() {
  let last = JSON.stringify(await counts());
  for (let i = 0; i < 30; i += 1) {
    await new Promise((r) => setTimeout(r, 150));
    const now = JSON.stringify(await counts());
    if (now === last) return;
    last = now;
  }
}

describe('fuzzing every route from the OpenAPI document', () => {
  it(`answers ${RUNS} generated, mutated requests without a 5xx, and refused ones write nothing`, async () => {
    const ops = operationsOf(h.app.swagger() as never);
    expect(ops.length).toBeGreaterThan(20);
    const byStatus = new Map<number, number>();
    const byRoute = new Map<string, number>();
    const failures: string[] = [];
    await settle();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ops).chain((op) => requestArb(op)),
        async (req) => {
          const changing = req.op.method !== 'GET';
          const before = changing ? await counts() : null;
          const headers: Record<string, string> = { ...headersOf(req.role) };
          if (req.key && changing) headers['idempotency-key'] = req.key;
          const isCsv = req.op.contentType === 'text/csv';
          if (isCsv) headers['content-type'] = 'text/csv';
          const response = await h.app.inject({
            method: req.op.method as 'GET',
            url: req.url,
            headers,
            ...(req.body === undefined
              ? {}
              : { payload: isCsv ? String(req.body) : JSON.stringify(req.body) }),
            ...(req.body !== undefined && !isCsv
              ? { headers: { ...headers, 'content-type': 'application/json' } }
              : {}),
          });
          byStatus.set(response.statusCode, (byStatus.get(response.statusCode) ?? 0) + 1);
          const route = `${req.op.method} ${req.op.path}`;
          byRoute.set(route, (byRoute.get(route) ?? 0) + 1);
          if (response.statusCode >= 500) {
            failures.push(
              `${response.statusCode} ${route} ${req.url} ${response.body.slice(0, 300)}`,
            );
          }
          expect(response.statusCode, `${route} ${req.url}\n${response.body}`).toBeLessThan(500);
          if (!changing) return;
          if (response.statusCode < 400) {
            if (req.op.path.startsWith('/api/v1/auth/')) await signIn();
            await settle();
            return;
          }
          // Failed sign-ins are audited by design (十八); everything else refused writes nothing.
          if (req.op.path.startsWith('/api/v1/auth/')) return;
          const after = await counts();
          const changed = Object.keys(after).filter((t) => after[t] !== before?.[t]);
          if ((await auditRowsOf(String(response.headers['x-request-id']))) > 0) {
            changed.push('audit_log');
          }
          expect(changed, `${route} ${req.url} → ${response.statusCode} wrote ${changed}`).toEqual(
            [],
          );
        },
      ),
      {
        numRuns: RUNS,
        endOnFailure: true,
        seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31),
      },
    );
    const total = [...byStatus.values()].reduce((a, b) => a + b, 0);
    console.log(
      `fuzz: ${total} requests over ${byRoute.size} routes; by status ${JSON.stringify(
        Object.fromEntries([...byStatus].sort(([a], [b]) => a - b)),
      )}`,
    );
    expect(total).toBeGreaterThanOrEqual(RUNS);
    expect(byRoute.size).toBeGreaterThan(20);
    expect(failures).toEqual([]);
  }, 600_000);
});
