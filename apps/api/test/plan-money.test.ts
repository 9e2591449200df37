import { coursePlans, projects } from '@qiancheng/db';
import { residentIdCheckDigit, splitFen } from '@qiancheng/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type RunningWorker, startWorker } from './helpers.js';

// Issue 9: approved cost shares bind the money. The demo's cross-region project (东莞 commissions
// training with 毕节), revised after a rejection to bring 遵义 in, run to settlement with its
// workflow really running; the ledger by payer must equal the approved shares to the fen.
const taskQueue = `api-plan-${Math.random().toString(36).slice(2, 10)}`;
let h: Harness;
let worker: RunningWorker;
let projectId: string;

const DONGGUAN = '441900';
const BIJIE = '520500';
const ZUNYI = '520300';
const employmentFund = [{ source: 'employment_subsidy_fund', shareBp: 10_000 }];

const residentId = (seq: number) => {
  const first17 = `520502199805${String(10 + seq).padStart(2, '0')}${String(300 + seq).padStart(3, '0')}`;
  return `${first17}${residentIdCheckDigit(first17)}`;
};

beforeAll(async () => {
  h = await createHarness('api_plan', { taskQueue, workflowTimeoutMs: 30_000 });
  worker = await startWorker(h, taskQueue);
  const cross = (await projects.list(h.db)).find((p) => p.partnerRegions.length > 0);
  if (!cross) throw new Error('demo cross-region project missing');
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

async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const stageOf = async () =>
  (
    await h.db
      .selectFrom('projects')
      .select('stage')
      .where('id', '=', projectId)
      .executeTakeFirstOrThrow()
  ).stage;

describe('a cross-region plan, revised, binds the money', () => {
  it('charges each paying region exactly its approved share, fund by fund', async () => {
    const pm = await h.as('pm.dongguan');
    const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, headers = pm) =>
      h.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });
    const project = (url: string, payload?: object, headers = pm) =>
      call('POST', `/projects/${projectId}${url}`, payload, headers);

    // The draft: 东莞 70% (its employment fund), 毕节 30%. A draft that does not add up is refused
    // with every problem at its path.
    const bad = await call('PUT', `/projects/${projectId}/parties`, {
      parties: [
        { regionCode: DONGGUAN, role: 'labour_import', shareBp: 7_000, funding: employmentFund },
        { regionCode: BIJIE, role: 'labour_export', shareBp: 2_000, funding: [] },
      ],
    });
    expect(bad.statusCode, bad.body).toBe(422);
    expect(bad.json().errors).toEqual([
      expect.objectContaining({ path: 'body.parties', code: 'shares_not_whole' }),
    ]);
    const drafted = await call('PUT', `/projects/${projectId}/parties`, {
      parties: [
        { regionCode: DONGGUAN, role: 'labour_import', shareBp: 7_000, funding: employmentFund },
        { regionCode: BIJIE, role: 'labour_export', shareBp: 3_000, funding: employmentFund },
      ],
      reason: '遵义暂不参与',
    });
    expect(drafted.statusCode, drafted.body).toBe(200);

    const launched = await project('/launch', {
      timings: {
        approvalDeadlineMs: 60_000,
        reminderLeadMs: 30_000,
        reminderIntervalMs: 30_000,
        followUp3MonthMs: 500,
        followUp6MonthMs: 1_000,
        followUpAnswerWindowMs: 2_000,
        followUpPollMs: 200,
        auditWindowMs: 120_000,
      },
    });
    expect(launched.statusCode, launched.body).toBe(201);
    const bijie = await h.as('approver.bijie');
    const zunyi = await h.as('approver.zunyi');
    await until('round 1 open', stageOf, (s) => s === 'cost_sharing');
    await until(
      'round 1 takes decisions',
      async () =>
        (await project(`/cost-shares/${BIJIE}/reject`, { round: 1, reason: '份额过高' }, bijie))
          .statusCode,
      (status) => status === 200,
    );

    // The revision brings 遵义 in and takes 毕节 from 30% to 20%.
    const revised = await project('/cost-shares/revise', {
      parties: [
        { regionCode: DONGGUAN, role: 'labour_import', shareBp: 6_000, funding: employmentFund },
        { regionCode: BIJIE, role: 'labour_export', shareBp: 2_000, funding: employmentFund },
        {
          regionCode: ZUNYI,
          role: 'labour_export',
          shareBp: 2_000,
          funding: [
            { source: 'employment_subsidy_fund', shareBp: 5_000 },
            { source: 'east_west_cooperation_fund', shareBp: 5_000 },
          ],
        },
      ],
      reason: '毕节份额下调，遵义加入分担',
    });
    expect(revised.statusCode, revised.body).toBe(200);
    expect(revised.json()).toEqual({ applied: true, round: 2 });
    // 遵义, a partner only since the revision, may act on its own step (before: 404).
    for (const [region, headers] of [
      [BIJIE, bijie],
      [ZUNYI, zunyi],
    ] as const) {
      const approved = await until(
        `${region} approves round 2`,
        () => project(`/cost-shares/${region}/approve`, { round: 2 }, headers),
        (r) => r.statusCode !== 409,
      );
      expect(approved.statusCode, approved.body).toBe(200);
    }
    await until('enrolment', stageOf, (s) => s === 'enrolment');

    const enrolled = await project('/enrolments', {
      trainees: [1, 2, 3].map((n) => ({
        name: `毕节学员${n}`,
        residentId: residentId(n),
        homeRegionCode: BIJIE,
        keyGroups: ['migrant_worker'],
      })),
    });
    expect(enrolled.statusCode, enrolled.body).toBe(200);
    const traineeIds = (enrolled.json().trainees as { traineeId: string }[]).map(
      (t) => t.traineeId,
    );
    expect((await project('/enrolment/close')).statusCode).toBe(200);
    await until('training', stageOf, (s) => s === 'training');
    const modules = await coursePlans.listModules(h.db, projectId);
    // Every planned minute attended, a day's session (at most 1,440 minutes) at a time.
    let sessions = 0;
    for (const m of modules) {
      for (let left = (m.theoryHours + m.practiceHours) * 60; left > 0; left -= 1_440) {
        const attended = await project('/attendance', {
          moduleId: m.id,
          startsAt: new Date(Date.UTC(2027, 3, 1 + sessions, 1)).toISOString(),
          minutes: Math.min(left, 1_440),
          mode: m.mode === 'online' ? 'online' : 'offline',
          method: 'face_recognition',
          presentTraineeIds: traineeIds,
        });
        expect(attended.statusCode, attended.body).toBe(202);
        sessions += 1;
      }
    }
    await until(
      'attendance recorded',
      async () =>
        (
          await h.db
            .selectFrom('attendance')
            .select('id')
            .where('projectId', '=', projectId)
            .execute()
        ).length,
      (n) => n === sessions * traineeIds.length,
    );
    expect((await project('/training/complete')).statusCode).toBe(200);
    await until('evaluation', stageOf, (s) => s === 'evaluation');
    // Every id a step names is checked: a trainee not enrolled here is refused at its path,
    // never silently skipped (issue 10), whether the id exists elsewhere or not at all.
    const stranger = await project('/assessments', {
      results: [
        {
          traineeId: '00000000-0000-4000-8000-000000000001',
          result: 'passed',
          level: null,
          theoryScore: 80,
          practiceScore: 85,
          certificateNo: 'GZ-STRANGER',
        },
      ],
    });
    expect(stranger.statusCode, stranger.body).toBe(422);
    expect(stranger.json()).toMatchObject({
      code: 'trainee_not_enrolled',
      errors: [{ path: 'body.results.0.traineeId', code: 'not_enrolled' }],
    });
    const assessed = await project('/assessments', {
      results: traineeIds.map((traineeId, i) => ({
        traineeId,
        result: 'passed',
        level: null,
        theoryScore: 80,
        practiceScore: 85,
        certificateNo: `GZ${projectId.slice(0, 8)}${i}`,
      })),
      reason: '评价机构现场考核结果',
    });
    expect(assessed.statusCode, assessed.body).toBe(200);
    expect((await project('/evaluation/close')).statusCode).toBe(200);
    await until('employment', stageOf, (s) => s === 'employment');

    const record = await projects.find(h.db, projectId);
    const orderId = record?.demandOrders[0]?.demandOrderId as string;
    const held = async () =>
      (await call('GET', `/projects/${projectId}`)).json().reservations as {
        demandOrderId: string;
        held: number;
        filled: number;
      }[];
    const before = (await held()).find((r) => r.demandOrderId === orderId);
    const order = await h.db
      .selectFrom('demandOrders')
      .select(['enterpriseId', 'reservedHeadcount', 'filledHeadcount'])
      .where('id', '=', orderId)
      .executeTakeFirstOrThrow();
    const placement = (traineeId: string) => ({
      traineeId,
      enterpriseId: order.enterpriseId,
      demandOrderId: orderId,
      startedOn: '2027-06-01',
      contractType: 'fixed_term',
      contractMonths: 24,
      monthlyWageFen: 720_000,
      workRegionCode: DONGGUAN,
    });
    const foreignOrder = await h.db
      .selectFrom('demandOrders')
      .select('id')
      .where('id', 'not in', record?.demandOrders.map((d) => d.demandOrderId) ?? [])
      .executeTakeFirstOrThrow();
    const wrong = await project('/placements', {
      placements: [
        { ...placement(traineeIds[0] as string), demandOrderId: foreignOrder.id },
        {
          ...placement(traineeIds[1] as string),
          enterpriseId: '00000000-0000-4000-8000-000000000002',
        },
      ],
    });
    expect(wrong.statusCode, wrong.body).toBe(422);
    expect(wrong.json().errors.map((e: { path: string }) => e.path)).toEqual([
      'body.placements.0.demandOrderId',
      'body.placements.1.enterpriseId',
    ]);
    const placed = await project('/placements', {
      placements: traineeIds.map((traineeId) => ({
        traineeId,
        enterpriseId: order.enterpriseId,
        demandOrderId: orderId,
        startedOn: '2027-06-01',
        contractType: 'fixed_term',
        contractMonths: 24,
        monthlyWageFen: 720_000,
        workRegionCode: DONGGUAN,
      })),
    });
    expect(placed.statusCode, placed.body).toBe(200);
    // Each placement moves exactly one of this project's places from held to filled.
    const after = (await held()).find((r) => r.demandOrderId === orderId);
    expect(after).toMatchObject({
      held: (before?.held ?? 0) - 3,
      filled: (before?.filled ?? 0) + 3,
    });
    const orderAfter = await h.db
      .selectFrom('demandOrders')
      .select(['reservedHeadcount', 'filledHeadcount'])
      .where('id', '=', orderId)
      .executeTakeFirstOrThrow();
    expect(orderAfter).toEqual({
      reservedHeadcount: order.reservedHeadcount - 3,
      filledHeadcount: order.filledHeadcount + 3,
    });
    expect((await project('/employment/close')).statusCode).toBe(200);
    await until('settled', stageOf, (s) => s === 'quality_review' || s === 'closed');

    // The ledger by payer equals the approved round's split of every claim, to the fen.
    const auditor = await h.as('auditor');
    const claims = await call('GET', `/claims?projectId=${projectId}`, undefined, auditor);
    expect(claims.statusCode, claims.body).toBe(200);
    const items = claims.json().items as {
      id: string;
      amountFen: number;
      status: string;
      parts: {
        payerRegionCode: string;
        owedFen: number;
        lines: { fundingSource: string; owedFen: number }[];
      }[];
    }[];
    expect(items).toHaveLength(3);
    const expected = new Map<string, number>();
    for (const claim of items) {
      // The round's parties in their stored order (share, then region code): 东莞, 遵义, 毕节.
      const [dongguan, zunyiPart, bijiePart] = splitFen(claim.amountFen, [6_000, 2_000, 2_000]);
      expect(Object.fromEntries(claim.parts.map((p) => [p.payerRegionCode, p.owedFen]))).toEqual({
        [DONGGUAN]: dongguan,
        [BIJIE]: bijiePart,
        [ZUNYI]: zunyiPart,
      });
      const zunyiLines = claim.parts.find((p) => p.payerRegionCode === ZUNYI)?.lines ?? [];
      expect(zunyiLines.map((l) => l.owedFen)).toEqual(splitFen(zunyiPart ?? 0, [5_000, 5_000]));
      for (const part of claim.parts) {
        expected.set(
          part.payerRegionCode,
          (expected.get(part.payerRegionCode) ?? 0) + part.owedFen,
        );
      }
      expect(claim.status).toBe('pending');
    }
    const ledger = (await call('GET', `/ledger?projectId=${projectId}`, undefined, auditor)).json();
    expect(
      Object.fromEntries(
        (ledger.totals.byPayerRegion as { payerRegionCode: string; owedFen: number }[]).map((r) => [
          r.payerRegionCode,
          r.owedFen,
        ]),
      ),
    ).toEqual(Object.fromEntries(expected));

    // Explain the first claim: policy clause → catalogue → standard → shares → funds → fen.
    const first = items[0] as (typeof items)[number];
    const explained = await call('GET', `/claims/${first.id}/explain`, undefined, pm);
    expect(explained.statusCode, explained.body).toBe(200);
    expect(explained.json()).toMatchObject({
      policyClause: '十七',
      amountFen: first.amountFen,
      approvedRound: 2,
      parties: [
        { regionCode: DONGGUAN, shareBp: 6_000 },
        { regionCode: ZUNYI, shareBp: 2_000 },
        { regionCode: BIJIE, shareBp: 2_000 },
      ],
    });
    expect(
      (explained.json().eligibility as { outcome: string }[]).every((c) => c.outcome !== 'failed'),
    ).toBe(true);

    // Claims have a life after settlement: each payer approves, then pays its part.
    const decide = (id: string, payload: object) =>
      call('POST', `/claims/${id}/decisions`, payload, auditor);
    const pay = (id: string, payload: object) =>
      call('POST', `/claims/${id}/payments`, payload, auditor);
    expect((await pay(first.id, { payerRegionCode: DONGGUAN })).json().code).toBe('not_approved');
    for (const payer of [DONGGUAN, BIJIE, ZUNYI]) {
      const decided = await decide(first.id, { decision: 'approve', payerRegionCode: payer });
      expect(decided.statusCode, decided.body).toBe(200);
    }
    expect(
      (await decide(first.id, { decision: 'approve', payerRegionCode: BIJIE })).statusCode,
    ).toBe(409);
    expect((await call('GET', `/claims/${first.id}`, undefined, auditor)).json().status).toBe(
      'approved',
    );
    for (const payer of [DONGGUAN, BIJIE, ZUNYI]) {
      const paid = await pay(first.id, { payerRegionCode: payer, reason: '2027年6月拨付' });
      expect(paid.statusCode, paid.body).toBe(200);
    }
    const byPayer = (await call('GET', `/ledger?projectId=${projectId}`, undefined, auditor)).json()
      .totals.byPayerRegion as { payerRegionCode: string; approvedFen: number; paidFen: number }[];
    // Net totals per region: what is approved and paid is exactly the first claim's parts.
    for (const part of first.parts) {
      expect(byPayer.find((r) => r.payerRegionCode === part.payerRegionCode)).toMatchObject({
        approvedFen: part.owedFen,
        paidFen: part.owedFen,
      });
    }
    const paidClaim = (await call('GET', `/claims/${first.id}`, undefined, auditor)).json();
    expect(paidClaim.status).toBe('paid');
    expect(
      paidClaim.parts.every((p: { owedFen: number; paidFen: number }) => p.paidFen === p.owedFen),
    ).toBe(true);

    // A rejection needs a reason and reverses the claim's lines: it then owes nothing.
    const second = items[1] as (typeof items)[number];
    expect(
      (await decide(second.id, { decision: 'reject', payerRegionCode: ZUNYI })).statusCode,
    ).toBe(422);
    const rejected = await decide(second.id, {
      decision: 'reject',
      payerRegionCode: ZUNYI,
      reason: '学员户籍不在遵义',
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json().status).toBe('rejected');
    expect(rejected.json().parts.every((p: { owedFen: number }) => p.owedFen === 0)).toBe(true);
  }, 180_000);
});
