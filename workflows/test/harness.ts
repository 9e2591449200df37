import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import {
  coursePlans,
  createDb,
  type Db,
  migrateToLatest,
  plans,
  projects,
  referenceData,
  seedDemoData,
} from '@qiancheng/db';
import { createTestDatabase, requireTestEnv, type TestDatabase } from '@qiancheng/testing';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { projectWorkflowId } from '../src/project/project.definitions.js';
import type { ProjectTimings, ProjectWorkflowInput } from '../src/project/project.types.js';
import type { projectWorkflow } from '../src/project/project.workflow.js';
import { SEARCH_ATTRIBUTES } from '../src/search-attributes.js';
import { createWorker } from '../src/worker/create-worker.js';

/** Every timer of a project in seconds, so a whole project runs in a test against the real server. */
export const FAST: ProjectTimings = {
  approvalDeadlineMs: 4_000,
  reminderLeadMs: 2_500,
  reminderIntervalMs: 1_000,
  escalationGraceMs: 1_500,
  followUp3MonthMs: 800,
  followUp6MonthMs: 1_600,
  followUpAnswerWindowMs: 1_500,
  followUpPollMs: 300,
  auditWindowMs: 500,
};

export interface Harness {
  db: Db;
  databaseUrl: string;
  /** The same database as the apps' least-privilege role connects to it (as deployed). */
  appDatabaseUrl: string;
  client: Client;
  taskQueue: string;
  close(): Promise<void>;
}

/**
 * A fresh database with the demo data, a client, and a worker running our workflows and real
 * activities on a task queue of its own, against the run's Temporal server.
 */
export async function startHarness(
  label: string,
  options: { worker?: boolean; temporalAddress?: string } = {},
): Promise<Harness> {
  const env = requireTestEnv();
  const temporalAddress = options.temporalAddress ?? env.temporalAddress;
  const database: TestDatabase = await createTestDatabase(`wf_${label}`);
  const db = createDb(database.url, { max: 8 });
  // The worker connects as the apps' role (least privilege), as deployed; tests set up as owner.
  const appDb = createDb(database.appUrl, { max: 8 });
  await migrateToLatest(db);
  await referenceData.sync(db);
  await seedDemoData(db);
  const connection = await Connection.connect({ address: temporalAddress });
  const client = new Client({ connection, namespace: env.temporalNamespace });
  const taskQueue = `test-${label}-${randomBytes(3).toString('hex')}`;
  let worker: Worker | null = null;
  let running: Promise<void> | null = null;
  let native: NativeConnection | null = null;
  if (options.worker !== false) {
    native = await NativeConnection.connect({ address: temporalAddress });
    worker = await createWorker({
      connection: native,
      namespace: env.temporalNamespace,
      taskQueue,
      // The webhook test's receiver listens on loopback, which production delivery refuses.
      deps: { db: appDb, client, allowPrivateWebhookTargets: true },
    });
    running = worker.run();
  }
  return {
    db,
    databaseUrl: database.url,
    appDatabaseUrl: database.appUrl,
    client,
    taskQueue,
    async close() {
      worker?.shutdown();
      await running;
      await native?.close();
      await connection.close();
      await db.destroy();
      await appDb.destroy();
      await database.drop();
    },
  };
}

/** A placed trainee as the tests and benches record one: a two-year contract at 6,500 yuan. */
export function placementOf(
  traineeId: string,
  at: { enterpriseId: string; demandOrderId: string | null; workRegionCode: string },
) {
  return {
    traineeId,
    ...at,
    startedOn: '2027-04-01',
    contractType: 'fixed_term' as const,
    contractMonths: 24,
    monthlyWageFen: 6_500_00,
  };
}

/** A new project copied from one of the demo projects (same plans, its own records). */
export async function copyDemoProject(db: Db, namePrefix: string): Promise<string> {
  // The seeded project itself, never an earlier copy of it (which a test may have revised): the
  // oldest of the name. Looked up by name, not among the newest 100 that projects.list gives (a
  // benchmark's hundredth copy hid it).
  const seeded = await db
    .selectFrom('projects')
    .select('id')
    .where('name', 'like', `${namePrefix}%`)
    .where('name', 'not like', '%（测试%')
    .orderBy('createdAt')
    .orderBy('id')
    .executeTakeFirst();
  const source = seeded ? await projects.find(db, seeded.id) : null;
  if (!source) throw new Error(`no demo project named ${namePrefix}…`);
  const copy = await projects.insert(db, {
    name: `${source.name}（测试 ${randomBytes(2).toString('hex')}）`,
    type: source.type,
    sector: source.sector,
    sectorField: source.sectorField,
    ownerRegionCode: source.ownerRegionCode,
    trainingRegionCode: source.trainingRegionCode,
    targetLevel: source.targetLevel,
    providerId: source.providerId,
    evaluationBodyId: source.evaluationBodyId,
    plannedHeadcount: source.plannedHeadcount,
    config: source.config,
    createdBy: source.createdBy,
    parties: (await plans.latestRound(db, source.id))?.parties ?? [],
    demandOrders: source.demandOrders.map((d) => ({ ...d, headcount: Math.min(d.headcount, 5) })),
    occupationCodes: source.occupationCodes,
  });
  await coursePlans.addModules(
    db,
    copy.id,
    (await coursePlans.listModules(db, source.id)).map((m) => ({
      title: m.title,
      theoryHours: m.theoryHours,
      practiceHours: m.practiceHours,
      mode: m.mode,
    })),
  );
  return copy.id;
}

/** Starts the project's workflow the way the API does. */
export async function launch(
  h: Harness,
  projectId: string,
  options: {
    partners?: ProjectWorkflowInput['partners'];
    timings?: Partial<ProjectTimings>;
    activityRetry?: ProjectWorkflowInput['activityRetry'];
    stepsPerRun?: number;
  } = {},
): Promise<WorkflowHandle<typeof projectWorkflow>> {
  const project = await projects.find(h.db, projectId);
  if (!project) throw new Error('no project');
  // The partners and their shares of the project's draft plan.
  const draft = await plans.latestRound(h.db, projectId);
  const partners =
    options.partners ??
    project.partnerRegions.map((p) => ({
      regionCode: p.regionCode,
      shareBp: draft?.parties.find((d) => d.regionCode === p.regionCode)?.shareBp ?? 0,
      coordinatorRegionCode: `${p.regionCode.slice(0, 2)}0000`,
    }));
  // As the API launches: a local project's plan is its owner's alone, approved at launch.
  if (partners.length === 0)
    await plans.approveLocalPlan(h.db, { projectId, by: project.createdBy });
  return h.client.workflow.start<typeof projectWorkflow>('projectWorkflow', {
    taskQueue: h.taskQueue,
    workflowId: projectWorkflowId(projectId),
    args: [
      {
        projectId,
        regionCode: project.ownerRegionCode,
        enterpriseId: 'test-enterprise',
        sector: project.sector,
        partners,
        timings: { ...FAST, ...options.timings },
        launchedBy: project.createdBy,
        ...(options.activityRetry ? { activityRetry: options.activityRetry } : {}),
        ...(options.stepsPerRun ? { stepsPerRun: options.stepsPerRun } : {}),
      },
    ],
    typedSearchAttributes: [
      { key: SEARCH_ATTRIBUTES.projectId, value: projectId },
      { key: SEARCH_ATTRIBUTES.regionCode, value: project.ownerRegionCode },
      { key: SEARCH_ATTRIBUTES.partnerRegions, value: partners.map((p) => p.regionCode) },
      { key: SEARCH_ATTRIBUTES.sector, value: project.sector },
      { key: SEARCH_ATTRIBUTES.stage, value: 'demand' },
      { key: SEARCH_ATTRIBUTES.enterpriseId, value: 'test-enterprise' },
    ],
  });
}

/** Waits until the project's live state satisfies `done` (polling the query). */
export async function waitForState(
  handle: WorkflowHandle<typeof projectWorkflow>,
  done: (state: Awaited<ReturnType<typeof queryState>>) => boolean,
  timeoutMs = 30_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await queryState(handle);
    if (done(state)) return state;
    if (Date.now() > deadline)
      throw new Error(`state never matched; last: ${JSON.stringify(state)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function queryState(handle: WorkflowHandle<typeof projectWorkflow>) {
  const { projectStateQuery } = await import('../src/project/project.definitions.js');
  return handle.query(projectStateQuery);
}

/** With RECORD_HISTORIES=1, keeps the workflow's history for the replay test. */
export async function recordHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (!process.env.RECORD_HISTORIES) return;
  const history = await handle.fetchHistory();
  const dir = new URL('./histories/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  writeFileSync(new URL(`${name}.json`, dir), historyToJSON(history));
}

export interface ChainPlan {
  trainees: number;
  /** Skip this many trainees of the demo pool (so projects run in parallel enrol different people). */
  offset?: number;
  /** Indexes (into the enrolled trainees) that fail the assessment. */
  failing?: number[];
  /** Indexes that are not placed. */
  unplaced?: number[];
  /** Stop once the project reaches employment, before any placement. */
  stopAtEmployment?: boolean;
}

/**
 * Drives a project that reached enrolment through the human steps, as the console would: enrol,
 * attend every module, pass (or fail) the assessment, place, close each stage.
 */
export async function driveFromEnrolment(
  h: Harness,
  handle: WorkflowHandle<typeof projectWorkflow>,
  projectId: string,
  plan: ChainPlan,
) {
  const defs = await import('../src/project/project.definitions.js');
  const { trainees: traineeRepo } = await import('@qiancheng/db');
  const project = await projects.find(h.db, projectId);
  if (!project) throw new Error('no project');
  const traineeIds = (await traineeRepo.list(h.db, { limit: 400 }))
    .map((t) => t.id)
    .sort()
    .slice(plan.offset ?? 0, (plan.offset ?? 0) + plan.trainees);
  const by = project.createdBy;
  const enrolled = await handle.executeUpdate(defs.enrolTraineesUpdate, {
    args: [{ traineeIds, by }],
  });
  await handle.executeUpdate(defs.closeEnrolmentUpdate, { args: [{ by }] });
  await waitForState(handle, (s) => s.stage === 'training');
  const modules = await coursePlans.listModules(h.db, projectId);
  for (const [i, m] of modules.entries()) {
    await handle.signal(defs.attendanceSignal, {
      moduleId: m.id,
      startsAt: new Date(Date.UTC(2027, 2, 1 + i, 1)).toISOString(),
      minutes: (m.theoryHours + m.practiceHours) * 60,
      mode: m.mode === 'online' ? 'online' : 'offline',
      method: 'face_recognition',
      presentTraineeIds: traineeIds,
      by,
    });
  }
  await waitForState(
    handle,
    (s) => s.counts.attendanceRecords === traineeIds.length * modules.length,
  );
  await handle.executeUpdate(defs.completeTrainingUpdate, { args: [{ by }] });
  await waitForState(handle, (s) => s.stage === 'evaluation');
  const failing = new Set(plan.failing ?? []);
  const results = traineeIds.map((traineeId, i) => ({
    traineeId,
    result: failing.has(i) ? ('failed' as const) : ('passed' as const),
    level: null,
    theoryScore: failing.has(i) ? 41 : 86,
    practiceScore: failing.has(i) ? 52 : 90,
    certificateNo: failing.has(i) ? null : `Y${projectId.slice(0, 8)}${String(i).padStart(4, '0')}`,
  }));
  const assessed = await handle.executeUpdate(defs.submitAssessmentsUpdate, {
    args: [{ results, by }],
  });
  await handle.executeUpdate(defs.closeEvaluationUpdate, { args: [{ by }] });
  await waitForState(handle, (s) => s.stage === 'employment');
  if (plan.stopAtEmployment)
    return {
      traineeIds,
      placedIds: [],
      enrolled,
      assessed,
      placed: { recorded: 0, followUpsStarted: 0 },
    };
  const unplaced = new Set(plan.unplaced ?? []);
  const order = project.demandOrders[0];
  const enterpriseId = order
    ? (
        await h.db
          .selectFrom('demandOrders')
          .select('enterpriseId')
          .where('id', '=', order.demandOrderId)
          .executeTakeFirstOrThrow()
      ).enterpriseId
    : null;
  const placements = traineeIds
    .filter((_, i) => !unplaced.has(i))
    .map((traineeId) =>
      placementOf(traineeId, {
        enterpriseId: enterpriseId as string,
        demandOrderId: order?.demandOrderId ?? null,
        workRegionCode: project.ownerRegionCode,
      }),
    );
  const placed =
    placements.length > 0
      ? await handle.executeUpdate(defs.recordPlacementsUpdate, { args: [{ placements, by }] })
      : { recorded: 0, followUpsStarted: 0 };
  await handle.executeUpdate(defs.closeEmploymentUpdate, { args: [{ by }] });
  return { traineeIds, placedIds: placements.map((p) => p.traineeId), enrolled, assessed, placed };
}
