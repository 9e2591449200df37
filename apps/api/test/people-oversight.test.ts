import { DEMO_API_KEY, projects } from '@qiancheng/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type RunningWorker, startWorker } from './helpers.js';

const taskQueue = `api-people-${Math.random().toString(36).slice(2, 10)}`;
let h: Harness;
let worker: RunningWorker;
let projectId: string;

beforeAll(async () => {
  h = await createHarness('api_people', { taskQueue, workflowTimeoutMs: 30_000 });
  worker = await startWorker(h, taskQueue);
  const cross = (await projects.list(h.db)).find((p) => p.partnerRegions.length === 2);
  if (!cross) throw new Error('demo project missing');
  projectId = cross.id;
});
afterAll(async () => {
  await h.client.workflow
    .getHandle(`project-${projectId}`)
    .terminate('test over')
    .catch(() => undefined);
  await worker?.stop();
  await h?.close();
});

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > end) throw new Error('condition never met');
    await new Promise((r) => setTimeout(r, 150));
  }
}

const get = async (url: string, user: string) =>
  h.app.inject({ method: 'GET', url, headers: await h.as(user) });
const post = async (url: string, user: string, payload: unknown) =>
  h.app.inject({ method: 'POST', url, headers: await h.as(user), payload: payload as object });

describe('a provincial coordinator and an escalated approval, through the API', () => {
  it('lists the escalation in the coordinator’s inbox, lets them approve it, and the project moves on to enrolment', async () => {
    const pm = await h.as('pm.dongguan');
    const launched = await h.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${projectId}/launch`,
      headers: pm,
      payload: {
        timings: {
          approvalDeadlineMs: 2_000,
          reminderLeadMs: 1_000,
          reminderIntervalMs: 1_000,
          escalationGraceMs: 120_000,
        },
      },
    });
    expect(launched.statusCode, launched.body).toBe(201);
    // 毕节 approves in time (retrying while the round opens); 遵义 lets the deadline pass.
    await until(async () => {
      const r = await post(
        `/api/v1/projects/${projectId}/cost-shares/520500/approve`,
        'approver.bijie',
        { round: 1 },
      );
      return r.statusCode === 200 ? r : undefined;
    });

    const inbox = await until(async () => {
      const r = await get('/api/v1/escalations', 'coordinator.guizhou');
      expect(r.statusCode, r.body).toBe(200);
      const items = r.json().items as {
        approvalId: string;
        regionCode: string;
        projectId: string;
      }[];
      return items.find((i) => i.projectId === projectId);
    });
    expect(inbox).toMatchObject({ regionCode: '520300', round: 1, regionName: '遵义市' });

    // Only coordinators (and admins) have an escalation inbox; national users name a province.
    expect((await get('/api/v1/escalations', 'approver.zunyi')).statusCode).toBe(403);
    expect((await get('/api/v1/escalations', 'admin')).statusCode).toBe(422);
    expect(
      (await get('/api/v1/escalations?provinceCode=440000', 'coordinator.guizhou')).statusCode,
    ).toBe(403);

    // The escalation is in the coordinator's notifications, unread until they read it.
    const notes = await until(async () => {
      const r = await get('/api/v1/notifications', 'coordinator.guizhou');
      const items = r.json().items as {
        id: string;
        kind: string;
        projectId: string;
        read: boolean;
      }[];
      return items.find((n) => n.kind === 'approval_escalation' && n.projectId === projectId);
    });
    expect(notes.read).toBe(false);
    const unreadBefore = (await get('/api/v1/notifications', 'coordinator.guizhou')).json().unread;
    const read = await post(`/api/v1/notifications/${notes.id}/read`, 'coordinator.guizhou', {});
    expect(read.json()).toEqual({ id: notes.id, read: true });
    const after = (await get('/api/v1/notifications', 'coordinator.guizhou')).json();
    expect(after.unread).toBe(unreadBefore - 1);
    expect(after.items.find((n: { id: string }) => n.id === notes.id).read).toBe(true);
    // Read state is per user: the admin still sees it unread; an approver may not mark it.
    const adminView = (await get('/api/v1/notifications', 'admin')).json();
    expect(adminView.items.find((n: { id: string }) => n.id === notes.id).read).toBe(false);
    expect(
      (await post(`/api/v1/notifications/${notes.id}/read`, 'approver.zunyi', {})).statusCode,
    ).toBe(404);

    // A rejection needs a reason; then the coordinator approves in 遵义's place.
    const noReason = await post(
      `/api/v1/escalations/${inbox.approvalId}/decision`,
      'coordinator.guizhou',
      { decision: 'reject' },
    );
    expect(noReason.statusCode).toBe(422);
    const decided = await post(
      `/api/v1/escalations/${inbox.approvalId}/decision`,
      'coordinator.guizhou',
      {
        decision: 'approve',
        reason: '省级统筹确认分担',
      },
    );
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({
      applied: true,
      regionCode: '520300',
      status: 'approved',
      roundComplete: true,
    });
    await until(async () =>
      (await projects.find(h.db, projectId))?.stage === 'enrolment' ? true : undefined,
    );

    // Decided once: a second decision is a conflict.
    const again = await post(
      `/api/v1/escalations/${inbox.approvalId}/decision`,
      'coordinator.guizhou',
      { decision: 'approve' },
    );
    expect(again.statusCode).toBe(409);

    // The project shows who decided, by name; so does the audit log.
    const detail = (await get(`/api/v1/projects/${projectId}`, 'pm.dongguan')).json();
    const zunyi = detail.costSharing.rounds[0].parties.find(
      (p: { regionCode: string }) => p.regionCode === '520300',
    );
    expect(zunyi).toMatchObject({ status: 'approved', decidedByName: '贵州省人社厅统筹协调员' });
    expect(detail.project.createdByName).toEqual(expect.any(String));
    // The workflow's decision history names its people too (not `user:<uuid>`).
    expect(detail.live.decisions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'approve_share:520300',
          by: expect.stringMatching(/^user:/),
          byName: '贵州省人社厅统筹协调员',
        }),
      ]),
    );
    const audit = (
      await get(
        `/api/v1/audit-log?subjectId=${projectId}&action=cost_share.coordinator_approve`,
        'auditor',
      )
    ).json();
    expect(audit.items).toEqual([
      expect.objectContaining({ actorName: '贵州省人社厅统筹协调员', reason: '省级统筹确认分担' }),
    ]);
  });
});

describe('administering people and keys', () => {
  it('creates a user who can sign in, and disabling them ends their session at once', async () => {
    const created = await post('/api/v1/users', 'admin', {
      username: 'coordinator.sichuan',
      displayName: '四川省人社厅统筹协调员',
      role: 'provincial_coordinator',
      regionCode: '510000',
      password: 'a-long-enough-password',
    });
    expect(created.statusCode, created.body).toBe(201);
    const badScope = await post('/api/v1/users', 'admin', {
      username: 'coordinator.bad',
      displayName: 'x',
      role: 'provincial_coordinator',
      regionCode: '510100',
      password: 'a-long-enough-password',
    });
    expect(badScope.json()).toMatchObject({ code: 'province_required' });
    expect((await post('/api/v1/users', 'pm.dongguan', {})).statusCode).toBe(403);

    const login = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'coordinator.sichuan', password: 'a-long-enough-password' },
    });
    const bearer = { authorization: `Bearer ${login.json().token}` };
    expect(
      (await h.app.inject({ method: 'GET', url: '/api/v1/escalations', headers: bearer }))
        .statusCode,
    ).toBe(200);

    const disabled = await h.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${created.json().id}`,
      headers: await h.as('admin'),
      payload: { disabled: true, reason: '岗位调整' },
    });
    expect(disabled.json()).toMatchObject({ active: false });
    expect(
      (await h.app.inject({ method: 'GET', url: '/api/v1/escalations', headers: bearer }))
        .statusCode,
    ).toBe(401);
    const listed = (await get('/api/v1/users', 'admin')).json().items;
    expect(
      listed.find((u: { username: string }) => u.username === 'coordinator.sichuan'),
    ).toMatchObject({ active: false });
  });

  it('rotates an enterprise’s API keys: the new key works, shown once, and the old one is refused', async () => {
    const enterprise = await h.db
      .selectFrom('enterpriseApiKeys')
      .select('enterpriseId')
      .executeTakeFirstOrThrow();
    const orders = () =>
      h.app.inject({
        method: 'GET',
        url: '/api/v1/demand-orders',
        headers: { 'x-api-key': DEMO_API_KEY },
      });
    expect((await orders()).statusCode).toBe(200);
    const rotated = await post(
      `/api/v1/enterprises/${enterprise.enterpriseId}/api-keys/rotate`,
      'admin',
      { label: '轮换后的密钥' },
    );
    expect(rotated.statusCode, rotated.body).toBe(201);
    const { key, revoked } = rotated.json();
    expect(revoked.length).toBeGreaterThan(0);
    expect((await orders()).statusCode).toBe(401);
    const fresh = await h.app.inject({
      method: 'GET',
      url: '/api/v1/demand-orders',
      headers: { 'x-api-key': key },
    });
    expect(fresh.statusCode).toBe(200);
    const keys = (
      await get(`/api/v1/enterprises/${enterprise.enterpriseId}/api-keys`, 'admin')
    ).json().items;
    expect(JSON.stringify(keys)).not.toContain(key);
  });
});

describe('regional targets and 督促提醒', () => {
  it('lets a coordinator set targets in their province only, read by the dispatch dashboard, and send an audited reminder', async () => {
    const target = {
      regionCode: '520500',
      periodStart: '2026-01-01',
      periodEnd: '2027-12-31',
      measure: 'enrolments',
      sector: 'advanced_manufacturing',
      keyGroup: null,
      target: 4321,
      reason: '省级下达',
    };
    const set = await h.app.inject({
      method: 'PUT',
      url: '/api/v1/targets',
      headers: await h.as('coordinator.guizhou'),
      payload: target,
    });
    expect(set.statusCode, set.body).toBe(200);
    const outside = await h.app.inject({
      method: 'PUT',
      url: '/api/v1/targets',
      headers: await h.as('coordinator.guizhou'),
      payload: { ...target, regionCode: '441900' },
    });
    expect(outside.statusCode).toBe(403);
    const dispatch = (await get('/api/v1/dispatch?regionCode=520500', 'admin')).json();
    expect(dispatch.items).toContainEqual(
      expect.objectContaining({ targetId: set.json().id, target: 4321 }),
    );

    const reminded = await post('/api/v1/targets/pace-reminders', 'coordinator.guizhou', {
      regionCode: '520500',
      message: '请加快培训进度',
    });
    expect(reminded.statusCode, reminded.body).toBe(201);
    const audit = (
      await get('/api/v1/audit-log?action=target.pace_reminder_sent', 'auditor')
    ).json();
    expect(audit.items[0]).toMatchObject({
      subjectId: '520500',
      actorName: '贵州省人社厅统筹协调员',
    });
    const inbox = (await get('/api/v1/notifications', 'admin')).json();
    expect(inbox.items.find((n: { kind: string }) => n.kind === 'pace_reminder')).toMatchObject({
      projectId: null,
      recipientRegionCode: '520500',
      payload: expect.objectContaining({ message: '请加快培训进度' }),
    });
    expect(
      (
        await post('/api/v1/targets/pace-reminders', 'approver.bijie', {
          regionCode: '520500',
          message: 'x',
        })
      ).statusCode,
    ).toBe(403);
  });
});

describe('quality reviews', () => {
  it('records a spot check, grades the provider by the rule, and an unfit grade blocks new projects', async () => {
    const [project] = await projects.list(h.db);
    if (!project) throw new Error('no project');
    const spot = await post(`/api/v1/quality-reviews/${project.id}`, 'auditor', {
      method: 'spot_check',
      reviewer: '省人社厅抽评组',
      reviewedOn: '2026-11-01',
      providerGrade: 'D',
      findings: '签到记录与实际不符',
      metrics: { trainees: 25, passRate: { numerator: 18, denominator: 25 } },
    });
    expect(spot.statusCode, spot.body).toBe(201);
    expect(spot.json()).toMatchObject({
      providerGrade: 'D',
      unfit: true,
      // The basis points by the platform's own rule; only what the reviewer measured is kept.
      review: {
        method: 'spot_check',
        metrics: { trainees: 25, passRate: { numerator: 18, denominator: 25, bp: 7200 } },
      },
    });
    expect(Object.keys(spot.json().review.metrics)).toEqual(['trainees', 'passRate']);
    const listed = (await get(`/api/v1/quality-reviews/${project.id}`, 'auditor')).json().items;
    expect(listed).toContainEqual(
      expect.objectContaining({ findings: '签到记录与实际不符', recordedByName: '资金监管审计员' }),
    );
    const selfReview = await post(`/api/v1/quality-reviews/${project.id}`, 'auditor', {
      method: 'self',
      reviewer: 'x',
      reviewedOn: '2026-11-02',
      providerGrade: 'A',
      findings: null,
    });
    expect(selfReview.statusCode).toBe(400);

    const created = await post('/api/v1/projects', 'admin', {
      name: '评级不合格机构的新项目',
      type: 'directed',
      sector: project.sector,
      trainingRegionCode: project.trainingRegionCode,
      ownerRegionCode: project.ownerRegionCode,
      targetLevel: 'junior',
      providerId: project.providerId,
      evaluationBodyId: project.evaluationBodyId,
      plannedHeadcount: 5,
      occupationCodes: project.occupationCodes,
      demandOrders: [],
      parties: [
        {
          regionCode: project.ownerRegionCode,
          role: 'labour_import',
          shareBp: 10000,
          funding: [{ source: 'employment_subsidy_fund', shareBp: 10000 }],
        },
      ],
    });
    expect(created.statusCode, created.body).toBe(422);
    expect(created.json()).toMatchObject({ code: 'provider_grade_unfit' });
  });
});
