import { coursePlans, projects } from '@qiancheng/db';
import { residentIdCheckDigit } from '@qiancheng/domain';
import { followUpStateQuery, followUpWorkflowId } from '@qiancheng/workflows';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type RunningWorker, startWorker } from './helpers.js';

// A local project driven through every step of the API, its workflow really running: the happy
// paths of attendance, assessments, placements, follow-up answers, the ledger and a fraud finding.
const taskQueue = `api-chain-${Math.random().toString(36).slice(2, 10)}`;
let h: Harness;
let worker: RunningWorker;
let projectId: string;

const residentId = (seq: number) => {
  const first17 = `440305199603${String(10 + seq).padStart(2, '0')}${String(500 + seq).padStart(3, '0')}`;
  return `${first17}${residentIdCheckDigit(first17)}`;
};

beforeAll(async () => {
  h = await createHarness('api_chain', { taskQueue, workflowTimeoutMs: 30_000 });
  worker = await startWorker(h, taskQueue);
  const drone = (await projects.list(h.db)).find((p) => p.name.startsWith('深圳低空经济'));
  if (!drone) throw new Error('demo project missing');
  projectId = drone.id;
});
afterAll(async () => {
  await h.client.workflow
    .getHandle(`project-${projectId}`)
    .terminate('test over')
    .catch(() => undefined);
  await worker?.stop();
  await h?.close();
});

async function stageIs(stage: string, timeoutMs = 30_000) {
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

describe('a local project through every step of the API', () => {
  it('runs from launch to closed, settles claims into the ledger, and claws one back', async () => {
    const pm = await h.as('pm.shenzhen');
    const post = (url: string, payload?: object, headers = pm) =>
      h.app.inject({
        method: 'POST',
        url: `/api/v1/projects/${projectId}${url}`,
        headers,
        ...(payload ? { payload } : {}),
      });

    const launched = await post('/launch', {
      timings: {
        followUp3MonthMs: 500,
        followUp6MonthMs: 1_000,
        followUpAnswerWindowMs: 5_000,
        followUpPollMs: 200,
        auditWindowMs: 120_000,
      },
    });
    expect(launched.statusCode, launched.body).toBe(201);
    await stageIs('enrolment');

    const enrolled = await post('/enrolments', {
      trainees: [1, 2].map((n) => ({
        name: `深圳学员${n}`,
        residentId: residentId(n),
        homeRegionCode: '440300',
        keyGroups: ['unemployed_youth'],
      })),
    });
    expect(enrolled.statusCode, enrolled.body).toBe(200);
    const traineeIds = (enrolled.json().trainees as { traineeId: string }[]).map(
      (t) => t.traineeId,
    );
    expect(traineeIds).toHaveLength(2);
    expect((await post('/enrolment/close')).json()).toEqual({
      applied: true,
      result: { enrolled: 2 },
    });
    await stageIs('training');

    for (const [i, m] of (await coursePlans.listModules(h.db, projectId)).entries()) {
      const attended = await post('/attendance', {
        moduleId: m.id,
        startsAt: new Date(Date.UTC(2027, 3, 1 + i, 1)).toISOString(),
        minutes: 240,
        mode: m.mode === 'online' ? 'online' : 'offline',
        method: 'face_recognition',
        presentTraineeIds: traineeIds,
      });
      expect(attended.statusCode, attended.body).toBe(202);
    }
    // Attendance is a signal: give the workflow a moment to record it before training completes.
    const until = Date.now() + 10_000;
    while (
      (
        await h.db
          .selectFrom('attendance')
          .select('id')
          .where('projectId', '=', projectId)
          .execute()
      ).length < 8
    ) {
      if (Date.now() > until) throw new Error('attendance never recorded');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await post('/training/complete')).statusCode).toBe(200);
    await stageIs('evaluation');

    const assessed = await post('/assessments', {
      results: traineeIds.map((traineeId, i) => ({
        traineeId,
        result: 'passed',
        level: null,
        theoryScore: 88,
        practiceScore: 91,
        certificateNo: `S${projectId.slice(0, 8)}${i}`,
      })),
    });
    expect(assessed.statusCode, assessed.body).toBe(200);
    expect(assessed.json().result).toMatchObject({ recorded: 2, certified: 2 });
    expect((await post('/evaluation/close')).statusCode).toBe(200);
    await stageIs('employment');

    const project = await projects.find(h.db, projectId);
    const orderId = project?.demandOrders[0]?.demandOrderId as string;
    const order = await h.db
      .selectFrom('demandOrders')
      .select('enterpriseId')
      .where('id', '=', orderId)
      .executeTakeFirstOrThrow();
    const placed = await post('/placements', {
      placements: traineeIds.map((traineeId) => ({
        traineeId,
        enterpriseId: order.enterpriseId,
        demandOrderId: orderId,
        startedOn: '2027-06-01',
        contractType: 'fixed_term',
        contractMonths: 24,
        monthlyWageFen: 820_000,
        workRegionCode: '440300',
      })),
    });
    expect(placed.statusCode, placed.body).toBe(200);
    expect(placed.json().result).toMatchObject({ recorded: 2, followUpsStarted: 2 });
    expect((await post('/employment/close')).statusCode).toBe(200);

    // Both placed trainees answer their 3- and 6-month checks once each check opens.
    for (const checkpointMonths of [3, 6]) {
      for (const traineeId of traineeIds) {
        const deadline = Date.now() + 15_000;
        for (;;) {
          const answer = await post(`/follow-ups/${traineeId}/answer`, {
            checkpointMonths,
            retained: true,
          });
          if (answer.statusCode === 200) {
            expect(answer.json()).toEqual({ checkpointMonths, outcome: 'retained' });
            break;
          }
          if (Date.now() > deadline)
            throw new Error(`the ${checkpointMonths}-month check never opened: ${answer.body}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    }
    await stageIs('closed');

    // A trainee placed before the project's retention workflow existed has a follow-up workflow
    // of their own (projects in flight at the change): the same endpoint still reaches it.
    const legacy = await h.client.workflow.start('followUpWorkflow', {
      taskQueue,
      workflowId: followUpWorkflowId(projectId, traineeIds[0] as string),
      args: [
        {
          projectId,
          traineeId: traineeIds[0] as string,
          placedAt: new Date().toISOString(),
          timings: { followUp3MonthMs: 0, followUp6MonthMs: 1, followUpAnswerWindowMs: 20_000 },
        },
      ],
    });
    const legacyDeadline = Date.now() + 15_000;
    while ((await legacy.query(followUpStateQuery)).open !== 3) {
      if (Date.now() > legacyDeadline) throw new Error('the legacy check never opened');
      await new Promise((r) => setTimeout(r, 100));
    }
    const legacyAnswer = await post(`/follow-ups/${traineeIds[0]}/answer`, {
      checkpointMonths: 3,
      retained: false,
    });
    expect(legacyAnswer.statusCode, legacyAnswer.body).toBe(200);
    expect(legacyAnswer.json()).toEqual({ checkpointMonths: 3, outcome: 'left' });
    expect((await legacy.query(followUpStateQuery)).outcomes[3]).toBe('left');
    await legacy.terminate('test over');

    const auditor = await h.as('auditor');
    const ledger = await h.app.inject({
      method: 'GET',
      url: `/api/v1/ledger?projectId=${projectId}`,
      headers: auditor,
    });
    expect(ledger.statusCode, ledger.body).toBe(200);
    const before = ledger.json();
    // Two claims, each split over the drone project's two funding lines (60% / 40%).
    expect(before.items).toHaveLength(4);
    // Each entry names its project (joined), so the ledger reads by project, not by id.
    const name = (await projects.find(h.db, projectId))?.name;
    expect(name).toMatch(/^深圳低空经济/);
    expect(before.items.map((e: { projectName: string }) => e.projectName)).toEqual(
      Array(4).fill(name),
    );
    const owed = (before.items as { amountFen: number }[]).reduce((sum, e) => sum + e.amountFen, 0);
    expect(before.totals.owedFen).toBe(owed);

    const finding = await post(
      '/fraud-findings',
      {
        kind: 'false_evaluation',
        traineeIds: [traineeIds[0]],
        revokeProvider: false,
        revokeEvaluationBody: true,
        reason: '评价记录与现场不符',
      },
      auditor,
    );
    expect(finding.statusCode, finding.body).toBe(200);
    expect(finding.json()).toMatchObject({ reversedClaims: 1, revoked: ['evaluation_body'] });
    const after = (
      await h.app.inject({
        method: 'GET',
        url: `/api/v1/ledger?projectId=${projectId}`,
        headers: auditor,
      })
    ).json();
    expect(after.items).toHaveLength(6);
    expect(after.totals.owedFen).toBe(before.totals.owedFen - finding.json().reversedFen);
  }, 120_000);
});
