import { projects } from '@qiancheng/db';
import { residentIdCheckDigit } from '@qiancheng/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type RunningWorker, startWorker } from './helpers.js';

// The project workflow really runs here: a worker with the workflows' activities, on a task
// queue of this file's own, against this file's database.
const taskQueue = `api-flow-${Math.random().toString(36).slice(2, 10)}`;
let h: Harness;
let worker: RunningWorker;
let projectId: string;

const residentId = (prefix: string, birth: string, seq: number) => {
  const first17 = `${prefix}${birth}${String(seq).padStart(3, '0')}`;
  return `${first17}${residentIdCheckDigit(first17)}`;
};

beforeAll(async () => {
  h = await createHarness('api_flow', { taskQueue, workflowTimeoutMs: 30_000 });
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

async function stageIs(stage: string, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const row = await h.db
      .selectFrom('projects')
      .select('stage')
      .where('id', '=', projectId)
      .executeTakeFirst();
    if (row?.stage === stage) return;
    if (Date.now() > until) throw new Error(`stage is ${row?.stage}, not ${stage}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a cross-region project through the API, with its workflow running', () => {
  it('launches, and partner regions approve their shares (a workflow update each)', async () => {
    const pm = await h.as('pm.dongguan');
    const fund = [{ source: 'employment_subsidy_fund', shareBp: 10000 }];
    const drafted = await h.app.inject({
      method: 'PUT',
      url: `/api/v1/projects/${projectId}/parties`,
      headers: pm,
      payload: {
        parties: [
          { regionCode: '441900', role: 'labour_import', shareBp: 7000, funding: fund },
          { regionCode: '520500', role: 'labour_export', shareBp: 2000, funding: fund },
          { regionCode: '520300', role: 'labour_export', shareBp: 1000, funding: fund },
        ],
      },
    });
    expect(drafted.statusCode, drafted.body).toBe(200);
    const launched = await h.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${projectId}/launch`,
      headers: pm,
      payload: {
        timings: {
          approvalDeadlineMs: 120_000,
          reminderLeadMs: 60_000,
          reminderIntervalMs: 30_000,
        },
      },
    });
    expect(launched.statusCode, launched.body).toBe(201);
    await stageIs('cost_sharing');

    const inbox = await h.app.inject({
      method: 'GET',
      url: '/api/v1/approvals/inbox',
      headers: await h.as('approver.bijie'),
    });
    expect(inbox.json().items).toEqual([
      expect.objectContaining({ projectId, round: 1, regionCode: '520500', shareBp: 2000 }),
    ]);

    // While the round's approval workflows start, the workflow answers 409 RoundOpening: retry.
    const approve = async (user: string, region: string) => {
      const headers = await h.as(user);
      for (let attempt = 0; ; attempt += 1) {
        const response = await h.app.inject({
          method: 'POST',
          url: `/api/v1/projects/${projectId}/cost-shares/${region}/approve`,
          headers,
          payload: { round: 1, reason: '同意分担' },
        });
        if (response.json().code !== 'RoundOpening' || attempt > 50) return response;
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    const bijie = await approve('approver.bijie', '520500');
    expect(bijie.statusCode, bijie.body).toBe(200);
    expect(bijie.json()).toMatchObject({ applied: true, status: 'approved', roundComplete: false });
    const twice = await approve('approver.bijie', '520500');
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('AlreadyDecided');
    const stale = await h.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${projectId}/cost-shares/520300/approve`,
      headers: await h.as('approver.zunyi'),
      payload: { round: 7 },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('StaleRound');
    const zunyi = await approve('approver.zunyi', '520300');
    expect(zunyi.json()).toMatchObject({ applied: true, roundComplete: true });
    await stageIs('enrolment');
  });

  it('enrols trainees from JSON and from CSV, masked in every answer', async () => {
    const pm = await h.as('pm.dongguan');
    const json = await h.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${projectId}/enrolments`,
      headers: pm,
      payload: {
        trainees: [1, 2, 3].map((n) => ({
          name: `毕节学员${n}`,
          residentId: residentId('520502', '19950301', 900 + n),
          homeRegionCode: '520500',
          keyGroups: ['migrant_worker', 'rural_transferred_labour'],
        })),
      },
    });
    expect(json.statusCode, json.body).toBe(200);
    expect(json.json()).toMatchObject({ registered: 3, enrolled: 3, alreadyEnrolled: 0 });
    expect(json.json().trainees[0].maskedResidentId).toMatch(/^520502\*{8}\d{3}[\dX]$/);
    expect(json.body).not.toContain(residentId('520502', '19950301', 901));

    const csv = `姓名,身份证号,户籍地,重点群体\n遵义学员1,${residentId('520302', '19980615', 801)},520300,migrant_worker;woman\n毕节学员1,${residentId('520502', '19950301', 901)},520500,migrant_worker\n`;
    const imported = await h.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${projectId}/enrolments/import`,
      headers: { ...pm, 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toMatchObject({ registered: 1, enrolled: 1, alreadyEnrolled: 1 });
  });

  it('closes enrolment, shows the live state, then cancels with a reason', async () => {
    const pm = await h.as('pm.dongguan');
    const closed = await h.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${projectId}/enrolment/close`,
      headers: pm,
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toEqual({ applied: true, result: { enrolled: 4 } });
    await stageIs('training');
    const detail = (
      await h.app.inject({ method: 'GET', url: `/api/v1/projects/${projectId}`, headers: pm })
    ).json();
    expect(detail.live).toMatchObject({ stage: 'training', round: 1 });
    expect(detail.live.counts.enrolled).toBe(4);
    const parties = detail.costSharing.rounds[0].parties as {
      regionCode: string;
      status: string;
    }[];
    expect(parties.filter((p) => p.regionCode !== '441900').map((p) => p.status)).toEqual([
      'approved',
      'approved',
    ]);
    const wrongStage = await h.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${projectId}/evaluation/close`,
      headers: pm,
    });
    expect(wrongStage.statusCode).toBe(409);
    expect(wrongStage.json().code).toBe('WrongStage');
    const cancelled = await h.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${projectId}/cancel`,
      headers: pm,
      payload: { reason: '企业需求取消' },
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toEqual({ stage: 'cancelled' });
    await stageIs('cancelled');
    const audit = await h.db
      .selectFrom('auditLog')
      .select(['action', 'reason'])
      .where('subjectId', '=', projectId)
      .where('action', '=', 'project.cancelled')
      .executeTakeFirstOrThrow();
    expect(audit.reason).toBe('企业需求取消');
  });
});
