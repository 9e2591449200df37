import {
  coursePlans,
  type Db,
  ledger,
  plans,
  projects,
  subsidyClaims,
  trainees,
} from '@qiancheng/db';
import { defaultActivityInfo, MockActivityEnvironment } from '@temporalio/testing';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../src/activities.js';
import type { Activities } from '../src/activities.types.js';
import { retentionWorkflowId } from '../src/follow-up/follow-up.definitions.js';
import { copyDemoProject, FAST, type Harness, startHarness } from './harness.js';
import { expectExactLedger } from './ledger-assertions.js';

/** Counts the statements a Db runs (each one a round trip; BEGIN and COMMIT are not counted). */
function counting(db: Db) {
  let statements = 0;
  const plugin: KyselyPlugin = {
    transformQuery: (args) => args.node,
    transformResult: async (args) => {
      statements += 1;
      return args.result;
    },
  };
  return {
    db: db.withPlugin(plugin),
    /** Statements run by `work`, and its result. */
    async measure<T>(work: () => Promise<T>): Promise<{ statements: number; result: T }> {
      const before = statements;
      const result = await work();
      return { statements: statements - before, result };
    },
  };
}

let h: Harness;
let projectId: string;
let small: string[];
let large: string[];
let activities: Activities;
let counter: ReturnType<typeof counting>;
const env = new MockActivityEnvironment({
  ...defaultActivityInfo,
  workflowExecution: { workflowId: 'project-set-based-test', runId: 'run-1' },
  taskQueue: 'set-based-test-no-worker',
});
/** Runs an activity as the worker would (in an activity context), counting its statements. */
function run<K extends keyof Activities>(
  name: K,
  ...args: Parameters<Activities[K]>
): Promise<{ statements: number; result: Awaited<ReturnType<Activities[K]>> }> {
  const activity = activities[name] as unknown as (
    ...a: Parameters<Activities[K]>
  ) => Promise<Awaited<ReturnType<Activities[K]>>>;
  return counter.measure(() => env.run(activity, ...args));
}

beforeAll(async () => {
  h = await startHarness('set_based', { worker: false });
  counter = counting(h.db);
  activities = createActivities({ db: counter.db, client: h.client });
  projectId = await copyDemoProject(h.db, '深圳低空经济无人机驾驶员');
  const project = await projects.find(h.db, projectId);
  await plans.approveLocalPlan(h.db, { projectId, by: project?.createdBy as string });
  const ids = (await trainees.list(h.db, { limit: 400 })).map((t) => t.id).sort();
  small = ids.slice(0, 3);
  large = ids.slice(3, 43);
});
afterAll(async () => {
  // The retention workflow started here has no worker: end it.
  await h?.client.workflow
    .getHandle(retentionWorkflowId(projectId))
    .terminate('test done')
    .catch(() => undefined);
  await h?.close();
});

describe('the chain’s activities on a batch', () => {
  it('run the same statements for 3 trainees as for 40, write each record once, and a retry writes nothing', async () => {
    const by = 'user:pm';
    await run('reserveDemand', { projectId });

    const enrolSmall = await run('enrolTrainees', { projectId, traineeIds: small, by });
    const enrolLarge = await run('enrolTrainees', { projectId, traineeIds: large, by });
    expect(enrolSmall.result).toEqual({ enrolled: 3, alreadyEnrolled: 0, ineligible: [] });
    expect(enrolLarge.result).toEqual({ enrolled: 40, alreadyEnrolled: 0, ineligible: [] });
    expect(enrolLarge.statements).toBe(enrolSmall.statements);
    const enrolAgain = await run('enrolTrainees', { projectId, traineeIds: large, by });
    expect(enrolAgain.result).toEqual({ enrolled: 0, alreadyEnrolled: 40, ineligible: [] });
    expect(enrolAgain.statements).toBe(enrolSmall.statements);

    const modules = await coursePlans.listModules(h.db, projectId);
    for (const [i, m] of modules.entries()) {
      const session = {
        projectId,
        moduleId: m.id,
        startsAt: new Date(Date.UTC(2027, 2, 1 + i, 1)).toISOString(),
        minutes: (m.theoryHours + m.practiceHours) * 60,
        mode: 'offline' as const,
        method: 'face_recognition' as const,
        by,
      };
      // Two batches of one session at once: one session, not two (that doubled planned minutes).
      const [a, b] = await Promise.all([
        run('recordAttendance', { ...session, presentTraineeIds: small }),
        run('recordAttendance', { ...session, presentTraineeIds: large }),
      ]);
      expect([a.result.recorded, b.result.recorded]).toEqual([3, 40]);
      // Recorded again (a retry, a correction): the same statements for 3 and 40.
      const again = await run('recordAttendance', { ...session, presentTraineeIds: small });
      const againLarge = await run('recordAttendance', { ...session, presentTraineeIds: large });
      expect([again.result.recorded, againLarge.result.recorded]).toEqual([3, 40]);
      expect(againLarge.statements).toBe(again.statements);
    }
    expect((await coursePlans.listSessions(h.db, projectId)).length).toBe(modules.length);

    const results = (ids: string[]) =>
      ids.map((traineeId, i) => ({
        traineeId,
        result: 'passed' as const,
        level: null,
        theoryScore: 80,
        practiceScore: 88,
        certificateNo: `SB-${projectId.slice(0, 6)}-${traineeId.slice(0, 8)}-${i}`,
      }));
    const assessSmall = await run('recordAssessments', { projectId, results: results(small), by });
    const assessLarge = await run('recordAssessments', { projectId, results: results(large), by });
    expect(assessLarge.result).toEqual({ recorded: 40, certified: 40 });
    expect(assessLarge.statements).toBe(assessSmall.statements);
    // A retry finds what was stored: no second assessment or certificate.
    expect(
      (await run('recordAssessments', { projectId, results: results(large), by })).result,
    ).toEqual({
      recorded: 40,
      certified: 40,
    });
    expect(
      Number(
        (
          await h.db
            .selectFrom('certificates')
            .innerJoin('assessments', 'assessments.id', 'certificates.assessmentId')
            .innerJoin('enrolments', 'enrolments.id', 'assessments.enrolmentId')
            .where('enrolments.projectId', '=', projectId)
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(43);

    const project = await projects.find(h.db, projectId);
    const enterpriseId = (
      await h.db.selectFrom('enterprises').select('id').executeTakeFirstOrThrow()
    ).id;
    const placed = (ids: string[]) =>
      ids.map((traineeId) => ({
        traineeId,
        enterpriseId,
        demandOrderId: project?.demandOrders[0]?.demandOrderId ?? null,
        startedOn: '2027-04-01',
        contractType: 'fixed_term' as const,
        contractMonths: 24,
        monthlyWageFen: 6_500_00,
        workRegionCode: project?.ownerRegionCode as string,
      }));
    const placeSmall = await run('recordPlacements', { projectId, placements: placed(small), by });
    const placeLarge = await run('recordPlacements', { projectId, placements: placed(large), by });
    expect(placeLarge.result.recorded).toBe(40);
    expect(placeLarge.statements).toBe(placeSmall.statements);

    const timings = { ...FAST, followUp3MonthMs: 3_600_000, followUp6MonthMs: 7_200_000 };
    const followSmall = await run('startFollowUps', { projectId, traineeIds: small, timings });
    const followLarge = await run('startFollowUps', { projectId, traineeIds: large, timings });
    expect(followLarge.result).toEqual({ started: 40 });
    expect(followLarge.statements).toBe(followSmall.statements);
    // Started again (a retry): the same workflow, no new checkpoints.
    expect((await run('startFollowUps', { projectId, traineeIds: large, timings })).result).toEqual(
      { started: 40 },
    );
    // One retention workflow follows all 43, started by the first batch and signalled by the rest.
    const retention = await h.client.workflow.getHandle(retentionWorkflowId(projectId)).describe();
    expect(retention.type).toBe('retentionWorkflow');
    expect(retention.status.name).toBe('RUNNING');

    // Outcomes of 3 or 40 checks: the same statements; a retry records nothing twice.
    const outcomes = (ids: string[]) =>
      ids.map((traineeId, i) => ({
        traineeId,
        checkpointMonths: 3 as const,
        outcome: i % 2 === 0 ? ('retained' as const) : ('unknown' as const),
        by: i % 2 === 0 ? 'user:pm' : null,
      }));
    const recordSmall = await run('recordFollowUps', { projectId, outcomes: outcomes(small) });
    const recordLarge = await run('recordFollowUps', { projectId, outcomes: outcomes(large) });
    expect(recordSmall.result).toEqual({ recorded: 3 });
    expect(recordLarge.result).toEqual({ recorded: 40 });
    expect(recordLarge.statements).toBe(recordSmall.statements);
    const recordAgain = await run('recordFollowUps', { projectId, outcomes: outcomes(large) });
    expect(recordAgain.result).toEqual({ recorded: 0 });
    const followUpRows = await h.db
      .selectFrom('followUps')
      .innerJoin('placements', 'placements.id', 'followUps.placementId')
      .innerJoin('enrolments', 'enrolments.id', 'placements.enrolmentId')
      .where('enrolments.projectId', '=', projectId)
      .select(['followUps.milestoneMonths', 'followUps.outcome'])
      .execute();
    expect(followUpRows.filter((r) => r.milestoneMonths === 3 && r.outcome !== null)).toHaveLength(
      43,
    );
    expect(followUpRows.filter((r) => r.milestoneMonths === 6 && r.outcome !== null)).toHaveLength(
      0,
    );
    const audited = await h.db
      .selectFrom('auditLog')
      .where('action', '=', 'follow_up.recorded')
      .where('idempotencyKey', 'like', 'project-set-based-test:follow-up:%')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(audited.n)).toBe(43);

    // Settlement pages of 3 and of 40: the same statements; every claim split exactly.
    const first = await run('settleClaims', { projectId, afterTraineeId: null, limit: 3 });
    const rest = await run('settleClaims', {
      projectId,
      afterTraineeId: first.result.nextAfterTraineeId,
      limit: 40,
    });
    expect(first.result.claims + rest.result.claims).toBe(43);
    expect(rest.statements).toBe(first.statements);
    const ledgerBefore = await expectExactLedger(h.db, projectId);
    expect(ledgerBefore.claims).toBe(43);
    const again = await run('settleClaims', { projectId, afterTraineeId: null, limit: 50 });
    expect(again.result.claims).toBe(43);
    expect((await expectExactLedger(h.db, projectId)).entries).toBe(ledgerBefore.entries);

    // The review reads the whole project in a few statements: fewer than its 43 trainees (one
    // query per trainee and outcome made it 4 or more each).
    const review = await run('reviewQuality', { projectId });
    expect(review.result.passRateBp).toBe(10_000);
    expect(review.statements).toBeLessThan(43);

    // Clawing back 3 or 40 claims: the same statements; a retry reverses nothing twice.
    const finding = (key: string, ids: string[]) => ({
      projectId,
      findingKey: key,
      kind: 'false_training' as const,
      traineeIds: ids,
      by: 'user:auditor',
      reason: '抽查发现虚假培训记录',
    });
    const backSmall = await run('clawBack', finding('finding-small', small));
    const backLarge = await run('clawBack', finding('finding-large', large));
    expect(backLarge.statements).toBe(backSmall.statements);
    expect(backLarge.result.reversedClaims).toBe(40);
    const retried = await run('clawBack', finding('finding-large', large));
    expect(retried.result).toEqual(backLarge.result);
    const claims = await subsidyClaims.listForProject(h.db, projectId);
    expect(claims.every((c) => c.status === 'clawed_back')).toBe(true);
    const entries = await ledger.listForProject(h.db, projectId);
    expect(entries.filter((e) => e.kind === 'reversal').length).toBe(ledgerBefore.entries);
    await expectExactLedger(h.db, projectId);
  });
});
