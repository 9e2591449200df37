// The authorization matrix: every route of the OpenAPI document × every role × a resource in a
// foreign scope. A refusal must look the same for "absent" and "not yours" (status and code), a
// foreign resource is never acted on (2xx), and a refused request changes nothing (every table's
// rows and the audit log are compared before and after each request).
import { randomUUID } from 'node:crypto';
import { enterpriseApiKeys } from '@qiancheng/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { createHarness, DEMO_API_KEY, type Harness, inDays } from './helpers.js';

let h: Harness;
let app: App;

interface Operation {
  method: string;
  /** OpenAPI path, e.g. /api/v1/projects/{id}/launch */
  path: string;
  params: string[];
  body: JsonSchema | null;
  contentType: string | null;
}
type JsonSchema = Record<string, unknown>;

/** The routes, read from the OpenAPI document (a new route joins the matrix by itself). */
let operations: Operation[] = [];
let components: Record<string, JsonSchema> = {};

/** The caller of each role. Scoped roles act for one region (or enterprise); national do not. */
type Role =
  | 'anonymous'
  | 'enterprise'
  | 'project_manager'
  | 'approver'
  | 'auditor'
  | 'operator'
  | 'admin';
const ROLES: Role[] = [
  'anonymous',
  'enterprise',
  'project_manager',
  'approver',
  'auditor',
  'operator',
  'admin',
];
const SCOPED: Role[] = ['enterprise', 'project_manager', 'approver'];
const USERNAMES: Partial<Record<Role, string>> = {
  project_manager: 'pm.dongguan',
  approver: 'approver.bijie',
  auditor: 'auditor',
  operator: 'operator',
  admin: 'admin',
};
const headersOf: Partial<Record<Role, Record<string, string>>> = {};

/** Ids of records outside each scoped role's scope, by the kind of id a request names. */
interface ForeignIds {
  project: string;
  demandOrder: string;
  provider: string;
  evaluationBody: string;
  enterprise: string;
  trainee: string;
  regionCode: string;
}
const foreign: Partial<Record<Role, ForeignIds>> = {};

const PUBLIC = new Set(['GET /health', 'POST /api/v1/auth/login']);

async function status(role: Role, method: string, url: string) {
  const response = await app.inject({ method: method as 'GET', url, headers: headersOf[role] });
  return response.statusCode;
}

/** A record among `candidates` this role cannot read (GET answers 404). */
async function unreadable(role: Role, base: string, candidates: string[]): Promise<string> {
  for (const id of candidates) {
    if ((await status(role, 'GET', `${base}/${id}`)) === 404) return id;
  }
  throw new Error(`no ${base} record outside the scope of ${role}`);
}

beforeAll(async () => {
  h = await createHarness('api_authz');
  // Several hundred requests from one address: the budgets are not what is tested here.
  app = await h.appWith({ rateLimitMax: 1_000_000, loginRateLimitMax: 1_000 });
  await app.ready();
  const doc = app.swagger() as unknown as {
    paths: Record<string, Record<string, Record<string, unknown>>>;
    components?: { schemas?: Record<string, JsonSchema> };
  };
  components = doc.components?.schemas ?? {};
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const parameters = (op.parameters ?? []) as { in: string; name: string }[];
      const content = (op.requestBody as { content?: Record<string, { schema: JsonSchema }> })
        ?.content;
      const contentType = content ? (Object.keys(content)[0] ?? null) : null;
      operations.push({
        method: method.toUpperCase(),
        path,
        params: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        body: contentType && content ? (content[contentType]?.schema ?? null) : null,
        contentType,
      });
    }
  }
  operations = operations.filter((op) => !PUBLIC.has(`${op.method} ${op.path.replace(/\/$/, '')}`));

  headersOf.enterprise = { 'x-api-key': DEMO_API_KEY };
  for (const [role, username] of Object.entries(USERNAMES)) {
    headersOf[role as Role] = await h.as(username);
  }

  // Candidates: the demo data's records of every region; each role gets ones it cannot read.
  const projects = (await h.db.selectFrom('projects').select('id').execute()).map((p) => p.id);
  const orders = (await h.db.selectFrom('demandOrders').select('id').execute()).map((o) => o.id);
  const me = await h.db
    .selectFrom('enterprises')
    .innerJoin('enterpriseApiKeys', 'enterpriseApiKeys.enterpriseId', 'enterprises.id')
    .select(['enterprises.id', 'enterprises.regionCode'])
    .where('enterpriseApiKeys.prefix', '=', 'qck_demo0001')
    .executeTakeFirstOrThrow();
  for (const role of SCOPED) {
    const region =
      role === 'enterprise'
        ? me.regionCode
        : ((
            await h.db
              .selectFrom('users')
              .select('regionCode')
              .where('username', '=', USERNAMES[role] as string)
              .executeTakeFirstOrThrow()
          ).regionCode as string);
    const prefix = region.replace(/0+$/, '');
    const outside = (column: string) => sql<boolean>`${sql.ref(column)} not like ${`${prefix}%`}`;
    const provider = await h.db
      .selectFrom('trainingProviders')
      .select('id')
      .where(outside('regionCode'))
      .executeTakeFirstOrThrow();
    const body = await h.db
      .selectFrom('evaluationBodies')
      .select('id')
      .where(outside('regionCode'))
      .executeTakeFirstOrThrow();
    const enterprise = await h.db
      .selectFrom('enterprises')
      .select('id')
      .where(outside('regionCode'))
      .where('id', '<>', me.id)
      .executeTakeFirstOrThrow();
    const project =
      role === 'enterprise'
        ? (projects[0] as string)
        : await unreadable(role, '/api/v1/projects', projects);
    const trainee = await h.db
      .selectFrom('enrolments')
      .select('traineeId')
      .where('projectId', '=', project)
      .executeTakeFirst();
    foreign[role] = {
      project,
      demandOrder: await unreadable(role, '/api/v1/demand-orders', orders),
      provider: provider.id,
      evaluationBody: body.id,
      enterprise: enterprise.id,
      trainee: trainee?.traineeId ?? randomUUID(),
      regionCode: region,
    };
  }
  // National roles have no foreign region: they meet the records of a regional manager's
  // foreign scope, and are checked where their role is refused.
  for (const role of ['auditor', 'operator', 'admin'] as const) {
    foreign[role] = foreign.project_manager;
  }
  foreign.anonymous = foreign.project_manager;
}, 120_000);

afterAll(async () => {
  await h?.close();
});

/** Every table's row count and content digest (API keys by count: their use is noted). */
async function fingerprint(): Promise<Record<string, string>> {
  const tables = await sql<{ tablename: string }>`
    select tablename from pg_tables where schemaname = 'public' order by tablename`.execute(h.db);
  const parts = tables.rows.map(({ tablename }) =>
    tablename === 'enterprise_api_keys'
      ? sql`select ${tablename}::text as t, count(*)::text as h from ${sql.table(tablename)}`
      : sql`select ${tablename}::text as t,
               count(*)::text || ':' || md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h
             from ${sql.table(tablename)} x`,
  );
  const { rows } = await sql<{
    t: string;
    h: string;
  }>`${sql.join(parts, sql` union all `)}`.execute(h.db);
  return Object.fromEntries(rows.map((r) => [r.t, r.h]));
}

/** Which id a body field names, by its name. */
function idFor(name: string, ids: ForeignIds): string {
  if (/demandorder|orderid/i.test(name)) return ids.demandOrder;
  if (/provider/i.test(name)) return ids.provider;
  if (/evaluationbody|bodyid/i.test(name)) return ids.evaluationBody;
  if (/enterprise|employer/i.test(name)) return ids.enterprise;
  if (/trainee/i.test(name)) return ids.trainee;
  return ids.project;
}

const SAMPLES = [
  '441900',
  '6-30-99-00',
  'intermediate',
  'A',
  '2027-06-30',
  'qck_demo0001',
  '91441900MA4W0000XX',
  'https://hr.example.com/hook',
];

/** A body the schema accepts, naming `ids` wherever it takes a record's id. */
function sample(schema: JsonSchema | undefined, ids: ForeignIds, name = ''): unknown {
  if (!schema) return {};
  if (typeof schema.$ref === 'string') {
    return sample(components[schema.$ref.split('/').pop() as string], ids, name);
  }
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = schema[key] as JsonSchema[] | undefined;
    if (options) {
      const first = options.find((o) => o.type !== 'null') ?? options[0];
      return sample(first, ids, name);
    }
  }
  if (Array.isArray(schema.allOf)) {
    return Object.assign({}, ...schema.allOf.map((s) => sample(s as JsonSchema, ids, name)));
  }
  const type = Array.isArray(schema.type)
    ? (schema.type as string[]).find((t) => t !== 'null')
    : schema.type;
  switch (type) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set((schema.required ?? []) as string[]);
      return Object.fromEntries(
        Object.entries(properties)
          .filter(
            ([key, value]) => required.has(key) || /id$/i.test(key) || value.format === 'uuid',
          )
          .map(([key, value]) => [key, sample(value, ids, key)]),
      );
    }
    case 'array': {
      const count = Math.max(1, Number(schema.minItems ?? 1));
      return Array.from({ length: count }, () => sample(schema.items as JsonSchema, ids, name));
    }
    case 'integer':
    case 'number': {
      const minimum = Number(schema.minimum ?? schema.exclusiveMinimum ?? 0);
      return Math.max(1, minimum + (schema.exclusiveMinimum !== undefined ? 1 : 0));
    }
    case 'boolean':
      return false;
    case 'string': {
      if (schema.format === 'uuid') return idFor(name, ids);
      if (schema.format === 'date') return inDays(30);
      if (schema.format === 'date-time') return new Date().toISOString();
      if (typeof schema.pattern === 'string') {
        const pattern = new RegExp(schema.pattern as string);
        if (/region/i.test(name) && pattern.test(ids.regionCode)) return ids.regionCode;
        const found = SAMPLES.find((s) => pattern.test(s));
        if (found) return found;
      }
      const length = Math.max(Number(schema.minLength ?? 1), 8);
      return 'x'.repeat(Math.min(length, Number(schema.maxLength ?? length)));
    }
    default:
      return {};
  }
}

/** The request `role` sends to `op` naming `ids`. */
function request(op: Operation, ids: ForeignIds) {
  const url = op.path.replace(/\{(\w+)\}/g, (_m, param: string) =>
    param === 'regionCode' ? ids.regionCode : param === 'traineeId' ? ids.trainee : ids.project,
  );
  const demandOrderRoute = op.path.startsWith('/api/v1/demand-orders/{id}');
  const target = demandOrderRoute ? url.replace(ids.project, ids.demandOrder) : url;
  const payload =
    op.body === null
      ? undefined
      : op.contentType === 'text/csv'
        ? 'name,residentId,homeRegionCode,keyGroups,maskedPhone\n'
        : sample(op.body, ids);
  return { method: op.method, url: target, payload, contentType: op.contentType };
}

const absentIds = (ids: ForeignIds): ForeignIds => ({
  project: randomUUID(),
  demandOrder: randomUUID(),
  provider: randomUUID(),
  evaluationBody: randomUUID(),
  enterprise: randomUUID(),
  trainee: randomUUID(),
  regionCode: ids.regionCode,
});

/** Whether the request names a record at all (path or body): only then is "foreign" meaningful. */
const namesRecords = (op: Operation) =>
  op.params.length > 0 || JSON.stringify(op.body ?? {}).includes('uuid');

async function send(role: Role, req: ReturnType<typeof request>) {
  const before = await fingerprint();
  const response = await app.inject({
    method: req.method as 'POST',
    url: req.url,
    headers: {
      ...headersOf[role],
      ...(req.contentType ? { 'content-type': req.contentType } : {}),
    },
    ...(req.payload === undefined
      ? {}
      : { payload: typeof req.payload === 'string' ? req.payload : JSON.stringify(req.payload) }),
  });
  const after = await fingerprint();
  const changed = Object.keys({ ...before, ...after }).filter((t) => before[t] !== after[t]);
  const body = response.body.startsWith('{') ? response.json() : {};
  return { status: response.statusCode, code: body.code as string | undefined, changed };
}

describe('authorization matrix', () => {
  it('reads every route of the OpenAPI document', () => {
    expect(operations.length).toBeGreaterThan(25);
    expect(operations.some((op) => op.path === '/api/v1/projects/{id}/launch')).toBe(true);
  });

  for (const role of ROLES) {
    it(`refuses ${role} every route on a record outside its scope, as if it were absent, changing nothing`, async () => {
      const holes: string[] = [];
      for (const op of operations) {
        const ids = foreign[role] as ForeignIds;
        const label = `${op.method} ${op.path}`;
        if (role === 'anonymous') {
          const answer = await send(role, request(op, ids));
          if (answer.status !== 401) holes.push(`${label}: anonymous got ${answer.status}`);
          if (answer.changed.length) holes.push(`${label}: anonymous changed ${answer.changed}`);
          continue;
        }
        // Signing out or changing one's password ends the caller's own sessions: no record is
        // named, and the rest of the matrix needs the session.
        if (op.path.startsWith('/api/v1/auth/')) continue;
        const absent = await send(role, request(op, absentIds(ids)));
        if (absent.status === 401) holes.push(`${label}: ${role}'s valid credentials refused`);
        if (absent.status >= 400 && absent.changed.length > 0) {
          holes.push(`${label}: refused (${absent.status}) yet changed ${absent.changed}`);
        }
        const roleRefused = absent.status === 401 || absent.status === 403;
        // In scope by design: a national role on a route its role may use, or a route that
        // names no record (a list, or the caller's own thing).
        if (!namesRecords(op)) continue;
        if (!SCOPED.includes(role) && !roleRefused) continue;
        if (absent.status < 400) holes.push(`${label}: absent records answered ${absent.status}`);
        const answer = await send(role, request(op, ids));
        if (answer.status < 400) holes.push(`${label}: foreign records answered ${answer.status}`);
        if (answer.status !== absent.status || answer.code !== absent.code) {
          holes.push(
            `${label}: foreign ${answer.status} ${answer.code} but absent ${absent.status} ${absent.code}`,
          );
        }
        if (answer.changed.length > 0) holes.push(`${label}: foreign changed ${answer.changed}`);
      }
      expect(holes).toEqual([]);
    }, 240_000);
  }

  it('refuses a manager’s own project a body naming another region’s orders, providers, bodies, trainees or enterprises, as if absent', async () => {
    const ids = foreign.project_manager as ForeignIds;
    const projects = (await h.db.selectFrom('projects').select('id').execute()).map((p) => p.id);
    const own: string[] = [];
    for (const id of projects) {
      if ((await status('project_manager', 'GET', `/api/v1/projects/${id}`)) === 200) own.push(id);
    }
    expect(own.length).toBeGreaterThan(0);
    const holes: string[] = [];
    const bodyNamesRecords = operations.filter(
      (op) =>
        !op.path.startsWith('/api/v1/auth/') && JSON.stringify(op.body ?? {}).includes('uuid'),
    );
    expect(bodyNamesRecords.some((op) => op.path === '/api/v1/projects/')).toBe(true);
    for (const op of bodyNamesRecords) {
      for (const project of op.params.length > 0 ? own : [ids.project]) {
        const label = `${op.method} ${op.path} (project ${project})`;
        const mine = { ...ids, project };
        const absent = await send('project_manager', request(op, { ...absentIds(ids), project }));
        const answer = await send('project_manager', request(op, mine));
        if (answer.status < 400) holes.push(`${label}: foreign ids answered ${answer.status}`);
        if (answer.status !== absent.status || answer.code !== absent.code) {
          holes.push(
            `${label}: foreign ${answer.status} ${answer.code} but absent ${absent.status} ${absent.code}`,
          );
        }
        if (answer.changed.length > 0)
          holes.push(`${label}: foreign ids changed ${answer.changed}`);
        if (absent.status >= 400 && absent.changed.length > 0) {
          holes.push(`${label}: refused yet changed ${absent.changed}`);
        }
      }
    }
    expect(holes).toEqual([]);
  }, 240_000);

  it('refuses a second enterprise’s key on the first enterprise’s order as if it were absent', async () => {
    const other = await h.db
      .selectFrom('enterprises')
      .select('id')
      .where('id', 'not in', h.db.selectFrom('enterpriseApiKeys').select('enterpriseId'))
      .executeTakeFirstOrThrow();
    const { key } = await enterpriseApiKeys.create(h.db, {
      enterpriseId: other.id,
      label: 'authz',
    });
    const mine = await h.db
      .selectFrom('demandOrders')
      .innerJoin('enterpriseApiKeys', 'enterpriseApiKeys.enterpriseId', 'demandOrders.enterpriseId')
      .select('demandOrders.id')
      .where('enterpriseApiKeys.prefix', '=', 'qck_demo0001')
      .executeTakeFirstOrThrow();
    for (const suffix of ['', '/projects']) {
      const theirs = await app.inject({
        method: 'GET',
        url: `/api/v1/demand-orders/${mine.id}${suffix}`,
        headers: { 'x-api-key': key },
      });
      const absent = await app.inject({
        method: 'GET',
        url: `/api/v1/demand-orders/${randomUUID()}${suffix}`,
        headers: { 'x-api-key': key },
      });
      expect(theirs.statusCode).toBe(404);
      expect(theirs.json().code).toBe(absent.json().code);
    }
  });
});
