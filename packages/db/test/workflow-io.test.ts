import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as auditLog from '../src/repositories/audit-log.repository.js';
import * as notifications from '../src/repositories/notifications.repository.js';
import * as projects from '../src/repositories/projects.repository.js';
import * as webhooks from '../src/repositories/webhooks.repository.js';
import {
  makeDemandOrder,
  makeEnterprise,
  makeEvaluationBody,
  makeProject,
  makeProvider,
} from './fixtures.js';
import { freshDatabase } from './fresh-database.js';

let fresh: Awaited<ReturnType<typeof freshDatabase>>;
beforeAll(async () => {
  fresh = await freshDatabase('workflow_io');
});
afterAll(async () => {
  await fresh.close();
});

async function newProject() {
  const provider = await makeProvider(fresh.db);
  const body = await makeEvaluationBody(fresh.db);
  return makeProject(fresh.db, { providerId: provider.id, evaluationBodyId: body.id });
}

describe('what retried activities write', () => {
  it('an audit entry with an idempotency key is written once, however often it is appended', async () => {
    const entry = {
      actor: 'system',
      action: 'project.stage',
      subjectType: 'project',
      subjectId: 'p-9',
      details: {},
      idempotencyKey: 'wf:stage:training',
    };
    expect(await auditLog.appendOnce(fresh.db, entry)).toEqual({ created: true });
    expect(await auditLog.appendOnce(fresh.db, entry)).toEqual({ created: false });
    expect(await auditLog.listForSubject(fresh.db, 'project', 'p-9')).toHaveLength(1);
  });

  it('a notification is sent once per idempotency key and refuses changes', async () => {
    const project = await newProject();
    const n = {
      idempotencyKey: 'share-r1:reminder:1',
      projectId: project.id,
      recipientRegionCode: '520500',
      kind: 'approval_reminder' as const,
      payload: { round: 1 },
    };
    expect(await notifications.sendOnce(fresh.db, n)).toEqual({ created: true });
    expect(await notifications.sendOnce(fresh.db, n)).toEqual({ created: false });
    const listed = await notifications.listForRegion(fresh.db, '520500');
    expect(listed.map((x) => x.payload)).toEqual([{ round: 1 }]);
    await expect(fresh.db.deleteFrom('notifications').execute()).rejects.toThrow(/append-only/);
  });
});

describe('a project entering a stage', () => {
  it('moves the project and audits it once, in one statement, answering how many endpoints listen', async () => {
    const enterprise = await makeEnterprise(fresh.db);
    const order = await makeDemandOrder(fresh.db, enterprise.id);
    const provider = await makeProvider(fresh.db);
    const body = await makeEvaluationBody(fresh.db);
    const project = await makeProject(fresh.db, {
      providerId: provider.id,
      evaluationBodyId: body.id,
      demandOrderId: order.id,
    });
    const audit = (stage: string) => ({
      idempotencyKey: `wf-${project.id}:stage:${stage}`,
      actor: 'system',
      action: 'project.stage_changed',
      subjectType: 'project',
      subjectId: project.id,
      details: { stage },
    });
    const statements: string[] = [];
    const logged = fresh.db.withPlugin({
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        statements.push(args.queryId.queryId);
        return args.result;
      },
    });

    expect(await projects.enterStage(logged, project.id, 'enrolment', audit('enrolment'))).toEqual({
      webhookEndpoints: 0,
    });
    expect(statements).toHaveLength(1);
    expect((await projects.find(fresh.db, project.id))?.stage).toBe('enrolment');

    await webhooks.register(fresh.db, {
      enterpriseId: enterprise.id,
      url: 'https://hooks.example.cn/qiancheng',
    });
    // A retry: the stage again, the audit entry not twice; the endpoint now counted.
    expect(
      await projects.enterStage(fresh.db, project.id, 'enrolment', audit('enrolment')),
    ).toEqual({ webhookEndpoints: 1 });
    const entries = await auditLog.listForSubject(fresh.db, 'project', project.id);
    expect(entries.filter((e) => e.action === 'project.stage_changed')).toHaveLength(1);
  });
});

describe('webhook endpoints', () => {
  it('keep one endpoint per enterprise; rotating replaces the secret and keeps the URL', async () => {
    const enterprise = await makeEnterprise(fresh.db);
    const first = await webhooks.register(fresh.db, {
      enterpriseId: enterprise.id,
      url: 'https://hooks.example/qc',
    });
    expect(first.secret).toMatch(/^whsec_/);
    const rotated = await webhooks.rotateSecret(fresh.db, enterprise.id);
    expect(rotated?.url).toBe('https://hooks.example/qc');
    expect(rotated?.secret).not.toBe(first.secret);
    expect(rotated?.rotatedAt).toBeInstanceOf(Date);
    await expect(
      webhooks.register(fresh.db, { enterpriseId: enterprise.id, url: 'ftp://nope' }),
    ).rejects.toThrow(/webhook_endpoints_url_http/);
  });

  it('count attempts on one delivery per idempotency key', async () => {
    const project = await newProject();
    const enterprise = await makeEnterprise(fresh.db, '440300');
    const input = {
      idempotencyKey: `project-${project.id}:stage:training`,
      enterpriseId: enterprise.id,
      projectId: project.id,
      event: 'project.stage_changed',
      payload: { stage: 'training' },
    };
    const a = await webhooks.ensureDelivery(fresh.db, input);
    await webhooks.recordAttempt(fresh.db, a.id, {
      status: 503,
      error: 'unavailable',
      delivered: false,
    });
    const b = await webhooks.ensureDelivery(fresh.db, input);
    expect(b.id).toBe(a.id);
    await webhooks.recordAttempt(fresh.db, b.id, { status: 200, error: null, delivered: true });
    const [delivery] = await webhooks.listDeliveries(fresh.db, project.id);
    expect(delivery).toMatchObject({ attempts: 2, lastStatus: 200, lastError: null });
    expect(delivery?.deliveredAt).toBeInstanceOf(Date);
  });
});
