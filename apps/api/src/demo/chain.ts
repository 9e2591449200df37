// DEMO ONLY — one demo project taken through the real chain, over HTTP, by the people whose steps
// they are: the manager launches and closes each stage, partner approvers decide their shares,
// the auditor approves and pays claims and raises a fraud finding. It stops at the project's
// target stage. Every change has an Idempotency-Key derived from the project's key and the step,
// so running it again (an interrupted start) replays answers and writes nothing twice.
import type { Claim, ProjectDetail, RosterPage, TraineeInput } from '@qiancheng/contracts';
import { PROJECT_STAGES, type ProjectStage } from '@qiancheng/domain';
import { type DemoClient, doneUnless, until, whileRefused } from './http.js';
import { type DemoProjectSpec, TARGET_STAGE } from './plan.js';
import type { DemoWorld } from './world.js';

export interface ChainContext {
  client: DemoClient;
  world: DemoWorld;
  spec: DemoProjectSpec;
  /** Position in the plan (certificate numbers carry it). */
  position: number;
  trainees: readonly TraineeInput[];
  /** The demo's first run (dates of sessions and placements count back from it). */
  anchorMs: number;
  /** Called once the project exists, and after each step (progress on the status page). */
  onProject(projectId: string): Promise<void>;
  onStep(step: string): Promise<void>;
}

const DAY = 86_400_000;
/** A session is at most a working day (the API takes up to 24 h; people do not). */
const SESSION_MINUTES = 480;
const auditor = { user: 'auditor' };

const rank = (stage: ProjectStage) => PROJECT_STAGES.indexOf(stage);
/** True once `stage` is `wanted` or later on the chain (a cancelled project is past everything). */
const reached = (stage: ProjectStage, wanted: ProjectStage) =>
  stage === wanted ||
  (stage !== 'cancelled' && wanted !== 'cancelled' && rank(stage) > rank(wanted));

/** Runs `work` over `items`, at most `limit` at a time. */
async function inParallel<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, i: number) => Promise<void>,
) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next;
      next += 1;
      await work(items[i] as T, i);
    }
  });
  await Promise.all(lanes);
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Drives one demo project to its target; answers the project's id. */
export async function runChain(ctx: ChainContext): Promise<string> {
  const { client, spec } = ctx;
  const manager = { user: spec.manager };
  const key = (step: string) => `demo:${spec.key}:${step}`;
  const target = TARGET_STAGE[spec.target];
  const step = async (name: string) => ctx.onStep(name);

  const projectId = await findOrCreate(ctx);
  await ctx.onProject(projectId);
  const path = `/projects/${projectId}`;
  const detail = () => client.call<ProjectDetail>('GET', path, manager);
  const stageReached = (wanted: ProjectStage, timeoutMs = 120_000) =>
    until(`${spec.key} reaching ${wanted}`, detail, (d) => reached(d.project.stage, wanted), {
      timeoutMs,
    });
  const post = <T = unknown>(url: string, body: unknown, name: string, caller = manager) =>
    client.call<T>('POST', `${path}${url}`, caller, { body, idempotencyKey: key(name) });
  // A stage's closing step, once the workflow is in that stage (and not again once past it).
  const close = async (url: string, name: string, stage: ProjectStage) => {
    const current = (await detail()).project.stage;
    if (current === stage || !reached(current, stage)) {
      await whileRefused(['WrongStage'], () => post(url, {}, name));
    }
    await step(name);
  };

  await post('/launch', { timings: spec.timings, reason: '项目启动（演示数据）' }, 'launch');
  await step('launch');

  // ---- cost sharing (十二): each partner region decides its share ----
  if (spec.partners.length > 0) {
    await stageReached('cost_sharing');
    const decide = (
      regionCode: string,
      approver: string,
      round: number,
      decision: 'approve' | 'reject',
      reason: string,
    ) =>
      whileRefused(['RoundOpening', 'StaleRound', 'WrongStage'], () =>
        doneUnless(['AlreadyDecided'], () =>
          post(
            `/cost-shares/${regionCode}/${decision}`,
            { round, reason },
            `${decision}:${round}:${regionCode}`,
            { user: approver },
          ),
        ),
      );
    if (spec.target === 'awaiting_approval') {
      await until(`${spec.key} round 1 open`, detail, (d) =>
        (d.live?.pending ?? []).some((p) => p.kind === 'approve_share'),
      );
      await step('awaiting_approval');
      return projectId;
    }
    if (spec.target === 'escalated') {
      await until(
        `${spec.key} escalated`,
        detail,
        (d) => (d.costSharing.rounds[0]?.parties ?? []).some((p) => p.escalatedAt !== null),
        { timeoutMs: 180_000, intervalMs: 1_000 },
      );
      await step('escalated');
      return projectId;
    }
    let round = 1;
    if (spec.revision && (await detail()).costSharing.rounds.length >= 2) {
      round = 2;
    } else if (spec.revision) {
      const { rejectedBy, rejectReason, parties, reason } = spec.revision;
      const rejecting = spec.partners.find((p) => p.approver === rejectedBy);
      if (!rejecting) throw new Error(`${rejectedBy} is no partner of ${spec.key}`);
      await decide(rejecting.regionCode, rejectedBy, 1, 'reject', rejectReason);
      await step('rejected');
      await whileRefused(['NotAwaitingRevision'], () =>
        post('/cost-shares/revise', { parties, reason }, 'revise'),
      );
      await step('revised');
      round = 2;
    }
    for (const partner of spec.partners) {
      await decide(
        partner.regionCode,
        partner.approver,
        round,
        'approve',
        '同意按协议分担培训补贴',
      );
    }
    await step(`approved:${round}`);
  }

  // ---- enrolment ----
  await stageReached('enrolment');
  const enrolled = await whileRefused(['WrongStage'], () =>
    post<{ trainees: { row: number; traineeId: string }[] }>(
      '/enrolments',
      { trainees: ctx.trainees },
      'enrol',
    ),
  );
  const traineeIds = [...enrolled.trainees].sort((a, b) => a.row - b.row).map((t) => t.traineeId);
  await step('enrolled');
  if (target === 'enrolment') return projectId;
  await close('/enrolment/close', 'close-enrolment', 'enrolment');

  // ---- training: attendance, session by session ----
  await stageReached('training');
  const { absent, failed, unplaced, leftAt3, leftAt6 } = spec.outcome;
  // The last trainees of the list miss most sessions (below the attendance threshold).
  const absentees = new Set(traineeIds.slice(traineeIds.length - absent));
  const modules = (await detail()).coursePlan;
  const sessions = modules.flatMap((m) => {
    const parts: { moduleId: string; minutes: number; mode: 'online' | 'offline' }[] = [];
    for (let left = (m.theoryHours + m.practiceHours) * 60; left > 0; left -= SESSION_MINUTES) {
      parts.push({
        moduleId: m.id,
        minutes: Math.min(left, SESSION_MINUTES),
        mode: m.mode === 'online' ? 'online' : 'offline',
      });
    }
    return parts;
  });
  const trainingBegan = ctx.anchorMs - spec.trainingBeganDaysAgo * DAY;
  const held =
    spec.target === 'training'
      ? sessions.slice(0, Math.ceil(sessions.length / 2))
      : spec.target === 'cancelled'
        ? sessions.slice(0, 2)
        : sessions;
  let expected = 0;
  const attendance = held.map((session, i) => {
    const present = traineeIds.filter((id) => !absentees.has(id) || i % 3 === 0);
    expected += present.length;
    return { session, i, present };
  });
  await inParallel(attendance, 3, async ({ session, i, present }) => {
    await post(
      '/attendance',
      {
        ...session,
        // 09:00 in Shanghai, one session a day.
        startsAt: new Date(
          Date.UTC(1970, 0, 1, 1) + Math.floor(trainingBegan / DAY + i) * DAY,
        ).toISOString(),
        method: session.mode === 'online' ? 'online_log' : 'face_recognition',
        presentTraineeIds: present,
      },
      `attendance:${i}`,
    );
  });
  // Attendance is a signal (no answer): wait until the workflow has recorded it all.
  await until(
    `${spec.key} attendance recorded`,
    detail,
    (d) => d.project.stage !== 'training' || (d.live?.counts.attendanceRecords ?? 0) >= expected,
  );
  await step('attendance');
  if (spec.target === 'cancelled') {
    if ((await detail()).project.stage !== 'cancelled') {
      await whileRefused(['WrongStage'], () =>
        post('/cancel', { reason: spec.cancelReason ?? '项目终止' }, 'cancel'),
      );
    }
    await stageReached('cancelled');
    await step('cancelled');
    return projectId;
  }
  if (target === 'training') return projectId;
  await close('/training/complete', 'complete-training', 'training');

  // ---- evaluation (十四) ----
  await stageReached('evaluation');
  const failing = new Set(
    traineeIds.slice(traineeIds.length - absent - failed, traineeIds.length - absent),
  );
  const results = traineeIds.map((traineeId, i) => {
    const passed = !failing.has(traineeId);
    const theory = passed ? 68 + ((i * 7) % 27) : 41 + ((i * 5) % 15);
    return {
      traineeId,
      result: passed ? ('passed' as const) : ('failed' as const),
      level: null,
      theoryScore: theory,
      practiceScore: passed ? 70 + ((i * 11) % 25) : 50 + ((i * 3) % 9),
      certificateNo: passed
        ? `Y${new Date(ctx.anchorMs).getUTCFullYear()}${String(ctx.position + 1).padStart(2, '0')}${String(i + 1).padStart(5, '0')}`
        : null,
    };
  });
  const assessed =
    spec.target === 'evaluating' ? results.slice(0, Math.ceil(results.length * 0.6)) : results;
  await post('/assessments', { results: assessed, reason: '评价机构现场考核结果' }, 'assessments');
  await step('assessed');
  if (target === 'evaluation') return projectId;
  await close('/evaluation/close', 'close-evaluation', 'evaluation');

  // ---- employment service (就业服务) ----
  await stageReached('employment');
  const passedIds = traineeIds.filter((id) => !failing.has(id));
  const placedIds = spec.placement ? passedIds.slice(0, passedIds.length - unplaced) : [];
  if (spec.placement && placedIds.length > 0) {
    const orders = (await detail()).project.demandOrders;
    const terms = spec.placement;
    const employerOf = (i: number) => {
      const order = orders[i % orders.length];
      const known = order
        ? [...ctx.world.orders.values()].find((o) => o.id === order.demandOrderId)
        : undefined;
      if (!order || !known) throw new Error(`${spec.key}: no demand order to place trainees on`);
      return { enterpriseId: known.enterpriseId, demandOrderId: order.demandOrderId };
    };
    const placements = placedIds.map((traineeId, i) => ({
      traineeId,
      ...employerOf(i),
      startedOn: isoDate(trainingBegan + (sessions.length + 14) * DAY),
      contractType: i % 5 === 0 ? ('open_ended' as const) : ('fixed_term' as const),
      contractMonths: i % 5 === 0 ? null : 24,
      monthlyWageFen: terms.monthlyWageFen + ((i * 3_700) % 90_000),
      workRegionCode: terms.workRegionCode,
    }));
    const recorded =
      spec.target === 'employing'
        ? placements.slice(0, Math.ceil(placements.length / 2))
        : placements;
    await post(
      '/placements',
      { placements: recorded, reason: '企业录用，签订劳动合同' },
      'placements',
    );
    await step('placed');
  }
  if (target === 'employment') return projectId;
  await close('/employment/close', 'close-employment', 'employment');

  // ---- settlement runs by itself; retention follow-ups (十三) at 3 and 6 months ----
  await stageReached('quality_review');
  const answer = (traineeId: string, months: 3 | 6, retained: boolean) =>
    whileRefused(
      ['NoOpenCheck', 'WrongCheckpoint'],
      () =>
        post(
          `/follow-ups/${traineeId}/answer`,
          { checkpointMonths: months, retained },
          `follow-up:${traineeId}:${months}`,
        ),
      { intervalMs: 500, timeoutMs: 120_000 },
    );
  // Checks already answered (an earlier, interrupted run) are not answered again.
  const roster = await client.call<RosterPage>('GET', `${path}/trainees?pageSize=200`, manager);
  const answered = new Set(
    roster.items.flatMap((t) =>
      t.followUps
        .filter((f) => f.outcome !== null)
        .map((f) => `${t.traineeId}:${f.milestoneMonths}`),
    ),
  );
  const pendingAt = (months: 3 | 6, ids: readonly string[]) =>
    ids.filter((id) => !answered.has(`${id}:${months}`));
  const leftEarly = new Set(placedIds.slice(placedIds.length - leftAt3));
  await inParallel(pendingAt(3, placedIds), 6, (id) =>
    answer(id, 3, !leftEarly.has(id)).then(() => undefined),
  );
  await step('follow-ups:3');
  if (spec.target !== 'settled') {
    const stayed = placedIds.filter((id) => !leftEarly.has(id));
    const leftLater = new Set(stayed.slice(stayed.length - leftAt6));
    await inParallel(pendingAt(6, stayed), 6, (id) =>
      answer(id, 6, !leftLater.has(id)).then(() => undefined),
    );
    await step('follow-ups:6');
    await stageReached('closed', 180_000);
  }

  // ---- claims (十七): each paying region approves its part, some pay it ----
  if (spec.claims) await settleClaims(ctx, projectId);
  await step('claims');

  const reviewed = spec.qualityReview
    ? (
        await client.call<{ items: { reviewer: string }[] }>(
          'GET',
          `/quality-reviews/${projectId}`,
          auditor,
        )
      ).items.some((r) => r.reviewer === spec.qualityReview?.reviewer)
    : true;
  if (spec.qualityReview && !reviewed) {
    await client.call('POST', `/quality-reviews/${projectId}`, auditor, {
      body: {
        method: 'third_party',
        reviewer: spec.qualityReview.reviewer,
        reviewedOn: isoDate(ctx.anchorMs),
        providerGrade: spec.qualityReview.providerGrade,
        findings: spec.qualityReview.findings,
      },
      idempotencyKey: key('quality-review'),
    });
    await step('quality-review');
  }

  if (spec.fraud) {
    const claims = await projectClaims(ctx, projectId);
    if (claims.some((c) => c.status === 'clawed_back')) return projectId;
    const accused = [...new Set(claims.map((c) => c.traineeId))].slice(0, spec.fraud.trainees);
    await post(
      '/fraud-findings',
      {
        kind: spec.fraud.kind,
        traineeIds: accused,
        revokeProvider: false,
        revokeEvaluationBody: false,
        reason: spec.fraud.reason,
      },
      'fraud-finding',
      auditor,
    );
    await step('fraud-finding');
  }
  return projectId;
}

/** The seed's project (by name), or a new one created from the plan. */
async function findOrCreate(ctx: ChainContext): Promise<string> {
  const { client, spec, world } = ctx;
  const manager = { user: spec.manager };
  const name = spec.seededName ?? spec.create?.name;
  if (!name) throw new Error(`${spec.key} neither is seeded nor has a plan to create it`);
  // The seed's project, or one an earlier run created (demo projects' names are unique).
  const page = await client.call<{ items: { id: string; name: string }[] }>(
    'GET',
    `/projects?q=${encodeURIComponent(name)}`,
    manager,
  );
  const found = page.items.find((p) => p.name === name);
  if (found) return found.id;
  const create = spec.create;
  if (!create) throw new Error(`the seed's project is missing: ${name}`);
  const { provider, evaluationBody, orders, ...rest } = create;
  const id = (map: ReadonlyMap<string, string>, name: string) => {
    const found = map.get(name);
    if (!found) throw new Error(`${spec.key}: unknown ${name}`);
    return found;
  };
  const created = await client.call<{ id: string }>('POST', '/projects', manager, {
    body: {
      ...rest,
      providerId: id(world.providers, provider),
      evaluationBodyId: id(world.evaluationBodies, evaluationBody),
      demandOrders: orders.map((o) => {
        const order = world.orders.get(o.externalRef);
        if (!order) throw new Error(`${spec.key}: unknown demand order ${o.externalRef}`);
        return { demandOrderId: order.id, headcount: o.headcount };
      }),
    },
    idempotencyKey: `demo:${spec.key}:create`,
  });
  return created.id;
}

async function projectClaims(ctx: ChainContext, projectId: string): Promise<Claim[]> {
  const page = await ctx.client.call<{ items: Claim[] }>(
    'GET',
    `/claims?projectId=${projectId}&pageSize=200`,
    auditor,
  );
  return page.items;
}

/** The paying regions approve their parts of every claim; some of them pay. */
async function settleClaims(ctx: ChainContext, projectId: string) {
  const { client, spec } = ctx;
  const plan = spec.claims;
  if (!plan) return;
  const claims = await until(
    `${spec.key} claims settled`,
    () => projectClaims(ctx, projectId),
    (items) => items.length > 0,
  );
  const work = claims.flatMap((claim) =>
    claim.parts
      .filter((part) => part.owedFen > 0 && plan.approve.includes(part.payerRegionCode))
      .map((part) => ({ claim, region: part.payerRegionCode })),
  );
  await inParallel(work, 5, async ({ claim, region }) => {
    const key = `demo:${spec.key}:claim:${claim.id}:${region}`;
    await doneUnless(['already_decided'], () =>
      client.call('POST', `/claims/${claim.id}/decisions`, auditor, {
        body: { decision: 'approve', payerRegionCode: region },
        idempotencyKey: `${key}:approve`,
      }),
    );
    if (plan.pay.includes(region)) {
      await doneUnless(['already_paid'], () =>
        client.call('POST', `/claims/${claim.id}/payments`, auditor, {
          body: { payerRegionCode: region, reason: '按季度拨付培训补贴' },
          idempotencyKey: `${key}:pay`,
        }),
      );
    }
  });
}
