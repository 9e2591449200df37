import { projects } from '@qiancheng/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type RunningWorker, startWorker } from './helpers.js';

// Issue 10, findings 4 and 7: an Idempotency-Key is bound to the caller and the request; a replay
// writes nothing; concurrent launches launch once; a step with bad text moves nothing.
const taskQueue = `api-idem-${Math.random().toString(36).slice(2, 10)}`;
let h: Harness;
let worker: RunningWorker;
let projectId: string;
let pm: Record<string, string>;

beforeAll(async () => {
  h = await createHarness('api_idempotency', { taskQueue, workflowTimeoutMs: 20_000 });
  worker = await startWorker(h, taskQueue);
  // A local demo project (no partner regions): launch takes it straight to enrolment.
  const local = (await projects.list(h.db)).find((p) => p.name.startsWith('成都市养老护理员'));
  if (!local) throw new Error('demo project missing');
  projectId = local.id;
  pm = await h.as('pm.chengdu');
});
afterAll(async () => {
  await h?.client.workflow
    .getHandle(`project-${projectId}`)
    .terminate('test over')
    .catch(() => undefined);
  await worker?.stop();
  await h?.close();
});

const auditRows = async (action: string) =>
  (
    await h.db
      .selectFrom('auditLog')
      .select('id')
      .where('subjectId', '=', projectId)
      .where('action', '=', action)
      .execute()
  ).length;

const stageOf = async () =>
  (
    await h.db
      .selectFrom('projects')
      .select('stage')
      .where('id', '=', projectId)
      .executeTakeFirstOrThrow()
  ).stage;

async function stageIs(stage: string, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  while ((await stageOf()) !== stage) {
    if (Date.now() > until) throw new Error(`stage is ${await stageOf()}, not ${stage}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const step = (path: string, payload: unknown, headers: Record<string, string> = {}) =>
  h.app.inject({
    method: 'POST',
    url: `/api/v1/projects/${projectId}/${path}`,
    headers: { ...pm, ...headers },
    payload: payload as Record<string, unknown>,
  });

describe('launch under concurrency', () => {
  it('launches once when 50 launches of one project arrive together: one workflow, one audit row', async () => {
    const answers = await Promise.all(Array.from({ length: 50 }, () => step('launch', {})));
    const statuses = answers.map((a) => a.statusCode);
    expect(
      statuses.filter((s) => s === 201),
      answers[0]?.body,
    ).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(49);
    expect(new Set(answers.map((a) => a.json().workflowId)).size).toBe(1);
    expect(await auditRows('project.launched')).toBe(1);
    await stageIs('enrolment');
  });
});

describe('steps refuse bad text before anything moves', () => {
  it('answers 400 to enrolment/close with a NUL in its reason, and the stage stays', async () => {
    const before = await auditRows('project.close_enrolment');
    const response = await step('enrolment/close', { reason: '名单已满\u0000' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      expect.objectContaining({ path: 'body.reason', keyword: 'x-text' }),
    ]);
    expect(await stageOf()).toBe('enrolment');
    expect(await auditRows('project.close_enrolment')).toBe(before);
  });
});

describe('Idempotency-Key on workflow steps', () => {
  it('replays the first answer for the same key and body, refuses another body, and audits once', async () => {
    const key = { 'idempotency-key': 'cancel-2027-001' };
    const first = await step('cancel', { reason: '需求撤回' }, key);
    expect(first.statusCode, first.body).toBe(200);
    expect(await auditRows('project.cancelled')).toBe(1);

    // Same key, another reason: refused, nothing runs or is written.
    const other = await step('cancel', { reason: '另一个理由' }, key);
    expect(other.statusCode).toBe(409);
    expect(other.json().code).toBe('idempotency_key_reused');

    // Same key, same body: the first answer again, replayed, no second audit row.
    const replays = await Promise.all(
      [1, 2, 3].map(() => step('cancel', { reason: '需求撤回' }, key)),
    );
    for (const replay of replays) {
      expect(replay.statusCode).toBe(200);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.json()).toEqual(first.json());
    }
    expect(await auditRows('project.cancelled')).toBe(1);

    // The key is bound to the route too: the same key on another step is another request.
    const elsewhere = await step('enrolment/close', {}, key);
    expect(elsewhere.statusCode).toBe(409);
    expect(elsewhere.json().code).toBe('idempotency_key_reused');
  });

  it('keeps keys per caller: another user’s same key is not a replay of this one', async () => {
    const key = { 'idempotency-key': 'cancel-2027-001' };
    const admin = await h.as('admin');
    const response = await step('cancel', { reason: '需求撤回' }, { ...admin, ...key });
    expect(response.headers['idempotent-replayed']).toBeUndefined();
    // The project is cancelled already: the workflow says so to this new request.
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
    expect(await auditRows('project.cancelled')).toBe(1);
  });

  it('frees a key whose request failed, so a corrected retry may use it', async () => {
    const key = { 'idempotency-key': 'close-after-cancel' };
    const failed = await step('enrolment/close', {}, key);
    expect(failed.statusCode).toBeGreaterThanOrEqual(400);
    const row = await h.db
      .selectFrom('idempotencyKeys')
      .select('key')
      .where('key', '=', 'close-after-cancel')
      .executeTakeFirst();
    expect(row).toBeUndefined();
  });

  it('documents the header on every state-changing route of the OpenAPI document', () => {
    const spec = h.app.swagger() as {
      paths: Record<
        string,
        Record<string, { parameters?: { name: string; in: string }[]; security?: unknown[] }>
      >;
    };
    const missing: string[] = [];
    for (const [path, operations] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (!['post', 'put', 'patch', 'delete'].includes(method)) continue;
        if (!operation.security?.length) continue;
        const has = operation.parameters?.some(
          (p) => p.in === 'header' && p.name === 'idempotency-key',
        );
        if (!has) missing.push(`${method} ${path}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
