// What the scale and national benchmarks share: people to enrol, a project driven through its
// human steps as the console would (in batches of at most MAX_BATCH), and the figures read after.
import { coursePlans, type Db, plans, projects, trainees } from '@qiancheng/db';
import { MAX_BATCH, provinceCodeOf, residentIdCheckDigit } from '@qiancheng/domain';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { sql } from 'kysely';
import { costShareWorkflowId } from '../src/cost-share/cost-share.definitions.js';
import * as defs from '../src/project/project.definitions.js';
import type {
  AssessmentResultInput,
  AttendanceInput,
  CostSharePartyInput,
  PlacementInput,
  ProjectResult,
  ProjectTimings,
} from '../src/project/project.types.js';
import type { projectWorkflow } from '../src/project/project.workflow.js';
import { type Harness, placementOf, waitForState } from '../test/harness.js';
import type { BenchApi } from './api.js';

/** Every timer at its minimum: the benchmarks measure work, not waiting. */
export const SCALE_TIMINGS: Partial<ProjectTimings> = {
  followUp3MonthMs: 1,
  followUp6MonthMs: 2,
  followUpAnswerWindowMs: 1,
  followUpPollMs: 1_000,
  auditWindowMs: 1,
};

/** How long one step may take before the benchmark gives up on the run (a bound, not a goal). */
const STEP_LIMIT_MS = 30 * 60_000;

export function chunks<T>(items: readonly T[], size = MAX_BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** What a person's enrolment form gives (the API's TraineeInput): `i`-th of the bench's people. */
export interface Person {
  name: string;
  residentId: string;
  homeRegionCode: string;
  keyGroups: never[];
}

/**
 * The bench's `i`-th person: a valid resident ID from a county the demo data does not use, born
 * 1980–2004, the same every time.
 */
export function benchPerson(i: number): Person {
  const born = Date.UTC(1980, 0, 1);
  const birthDate = new Date(born + (i % 9_000) * 86_400_000).toISOString().slice(0, 10);
  const sequence = String(100 + Math.floor(i / 9_000)).padStart(3, '0');
  const first17 = `522401${birthDate.replaceAll('-', '')}${sequence}`;
  return {
    name: `压测学员${i}`,
    residentId: `${first17}${residentIdCheckDigit(first17)}`,
    homeRegionCode: '520500',
    keyGroups: [],
  };
}

/**
 * Registers the bench's people `start` … `start + count - 1`, in batches; returns their ids, sorted,
 * and each id's person. Not timed by the benchmarks.
 */
export async function registerTrainees(
  db: Db,
  count: number,
  start = 0,
): Promise<{ ids: string[]; people: Map<string, Person> }> {
  const people = new Map<string, Person>();
  for (const batch of chunks(
    Array.from({ length: count }, (_, i) => start + i),
    1_000,
  )) {
    const rows = new Map(batch.map((i) => [benchPerson(i).name, benchPerson(i)]));
    for (const t of await trainees.insertMany(db, [...rows.values()])) {
      const person = rows.get(t.name);
      if (person) people.set(t.id, person);
    }
  }
  return { ids: [...people.keys()].sort(), people };
}

/**
 * A project's human steps, however they are taken: straight as the workflow's updates and signals
 * (what the API waits on), or through the API over HTTP as the console takes them.
 */
export interface ProjectSteps {
  approve(regionCode: string, round: number): Promise<unknown>;
  enrol(traineeIds: readonly string[]): Promise<unknown>;
  closeEnrolment(): Promise<unknown>;
  attendance(session: Omit<AttendanceInput, 'by'>): Promise<unknown>;
  completeTraining(): Promise<unknown>;
  submitAssessments(results: AssessmentResultInput[]): Promise<unknown>;
  closeEvaluation(): Promise<unknown>;
  recordPlacements(placements: PlacementInput[]): Promise<unknown>;
  closeEmployment(): Promise<unknown>;
}

/** The steps as the workflow's own updates and signals, by the project's creator. */
export function updateSteps(
  handle: WorkflowHandle<typeof projectWorkflow>,
  by: string,
): ProjectSteps {
  return {
    approve: (regionCode, round) =>
      handle.executeUpdate(defs.approveShareUpdate, {
        args: [{ regionCode, round, by: 'bench' }],
      }),
    enrol: (traineeIds) =>
      handle.executeUpdate(defs.enrolTraineesUpdate, {
        args: [{ traineeIds: [...traineeIds], by }],
      }),
    closeEnrolment: () => handle.executeUpdate(defs.closeEnrolmentUpdate, { args: [{ by }] }),
    attendance: (session) => handle.signal(defs.attendanceSignal, { ...session, by }),
    completeTraining: () => handle.executeUpdate(defs.completeTrainingUpdate, { args: [{ by }] }),
    submitAssessments: (results) =>
      handle.executeUpdate(defs.submitAssessmentsUpdate, { args: [{ results, by }] }),
    closeEvaluation: () => handle.executeUpdate(defs.closeEvaluationUpdate, { args: [{ by }] }),
    recordPlacements: (placements) =>
      handle.executeUpdate(defs.recordPlacementsUpdate, { args: [{ placements, by }] }),
    closeEmployment: () => handle.executeUpdate(defs.closeEmploymentUpdate, { args: [{ by }] }),
  };
}

/**
 * The steps through the API, each as the user who acts for the region: the owner's project
 * manager, a partner's approver. Enrolment sends the people's forms (the API finds them in the
 * register), as a provider's list would come.
 */
export function apiSteps(
  api: BenchApi,
  projectId: string,
  ownerRegionCode: string,
  people: ReadonlyMap<string, Person>,
): ProjectSteps {
  const path = `/api/v1/projects/${projectId}`;
  const owner = (step: string, body: unknown = {}) =>
    api.call(ownerRegionCode, 'POST', `${path}/${step}`, body);
  return {
    approve: (regionCode, round) =>
      api.call(regionCode, 'POST', `${path}/cost-shares/${regionCode}/approve`, { round }),
    enrol: (traineeIds) =>
      owner('enrolments', {
        trainees: traineeIds.map((id) => {
          const person = people.get(id);
          if (!person) throw new Error(`no form for trainee ${id}`);
          return person;
        }),
      }),
    closeEnrolment: () => owner('enrolment/close'),
    attendance: (session) => owner('attendance', session),
    completeTraining: () => owner('training/complete'),
    submitAssessments: (results) => owner('assessments', { results }),
    closeEvaluation: () => owner('evaluation/close'),
    recordPlacements: (placements) => owner('placements', { placements }),
    closeEmployment: () => owner('employment/close'),
  };
}

async function poll<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string) {
  const deadline = Date.now() + STEP_LIMIT_MS;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} never happened`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Drives a launched cross-region project through the chain: approvals, enrolment, attendance of
 * every module, assessments (all pass, with certificates), placements (each starting its
 * follow-ups), the closing steps; then waits for settlement, quality review and the end. Returns
 * each phase's time and the workflow's result.
 */
export async function driveProject(
  h: Harness,
  handle: WorkflowHandle<typeof projectWorkflow>,
  projectId: string,
  traineeIds: readonly string[],
  options: {
    /** Each human-facing call's name and time (the national bench's p50/p99). */
    human?: (step: string, ms: number) => void;
    /** Runs beside the wait for the end once everyone is placed (e.g. answering follow-ups). */
    afterPlacements?: () => Promise<void>;
    /** How the people take their steps; unset: the workflow's updates, by the project's creator. */
    steps?: ProjectSteps;
    /** A session's longest (the API takes at most a day's, 1440); unset: a module in one. */
    sessionMinutes?: number;
  } = {},
): Promise<{ phasesMs: Record<string, number>; result: ProjectResult }> {
  const project = await projects.find(h.db, projectId);
  if (!project) throw new Error(`no project ${projectId}`);
  const steps = options.steps ?? updateSteps(handle, project.createdBy);
  const phasesMs: Record<string, number> = {};
  let mark = performance.now();
  const phase = (name: string) => {
    const now = performance.now();
    phasesMs[name] = Math.round(now - mark);
    mark = now;
  };
  /** A human-facing call, timed for the national bench's p50/p99. */
  const human = async <T>(step: string, call: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const value = await call();
    options.human?.(step, performance.now() - started);
    return value;
  };

  const state = await waitForState(
    handle,
    (s) => s.stage === 'enrolment' || (s.stage === 'cost_sharing' && s.parties.length > 0),
    STEP_LIMIT_MS,
  );
  for (const party of state.parties) {
    await human('approve', () => steps.approve(party.regionCode, state.round));
  }
  await waitForState(handle, (s) => s.stage === 'enrolment', STEP_LIMIT_MS);
  phase('demand_and_cost_sharing');

  for (const batch of chunks(traineeIds)) {
    await human('enrol', () => steps.enrol(batch));
  }
  await steps.closeEnrolment();
  await waitForState(handle, (s) => s.stage === 'training', STEP_LIMIT_MS);
  phase('enrolment');

  // Each module's hours as sessions of at most `sessionMinutes`, on days of their own.
  const modules = await coursePlans.listModules(h.db, projectId);
  const sessionLimit = options.sessionMinutes ?? Number.POSITIVE_INFINITY;
  const sessions = modules.flatMap((m) => {
    const total = (m.theoryHours + m.practiceHours) * 60;
    if (total <= sessionLimit) return [{ module: m, minutes: total }];
    return Array.from({ length: Math.ceil(total / sessionLimit) }, (_, k) => ({
      module: m,
      minutes: Math.min(sessionLimit, total - k * sessionLimit),
    }));
  });
  for (const [day, session] of sessions.entries()) {
    for (const batch of chunks(traineeIds)) {
      await steps.attendance({
        moduleId: session.module.id,
        startsAt: new Date(Date.UTC(2027, 2, 1 + day, 1)).toISOString(),
        minutes: session.minutes,
        mode: session.module.mode === 'online' ? 'online' : 'offline',
        method: 'face_recognition',
        presentTraineeIds: batch,
      });
    }
  }
  await poll(
    () => handle.query(defs.projectStateQuery),
    (s) => s.counts.attendanceRecords >= traineeIds.length * sessions.length,
    'attendance',
  );
  await steps.completeTraining();
  await waitForState(handle, (s) => s.stage === 'evaluation', STEP_LIMIT_MS);
  phase('training');

  for (const [b, batch] of chunks(traineeIds).entries()) {
    await human('submit_assessments', () =>
      steps.submitAssessments(
        batch.map((traineeId, i) => ({
          traineeId,
          result: 'passed' as const,
          level: null,
          theoryScore: 86,
          practiceScore: 90,
          certificateNo: `B${projectId.slice(0, 8)}${b}-${i}`,
        })),
      ),
    );
  }
  await steps.closeEvaluation();
  await waitForState(handle, (s) => s.stage === 'employment', STEP_LIMIT_MS);
  phase('evaluation');

  const order = project.demandOrders[0];
  const enterpriseId = order
    ? (
        await h.db
          .selectFrom('demandOrders')
          .select('enterpriseId')
          .where('id', '=', order.demandOrderId)
          .executeTakeFirstOrThrow()
      ).enterpriseId
    : (await h.db.selectFrom('enterprises').select('id').executeTakeFirstOrThrow()).id;
  for (const batch of chunks(traineeIds)) {
    await human('record_placements', () =>
      steps.recordPlacements(
        batch.map((traineeId) =>
          placementOf(traineeId, {
            enterpriseId,
            demandOrderId: order?.demandOrderId ?? null,
            workRegionCode: project.ownerRegionCode,
          }),
        ),
      ),
    );
  }
  const answering = options.afterPlacements?.() ?? Promise.resolve();
  await steps.closeEmployment();
  phase('employment');
  // Settlement, then the quality review once every follow-up has its outcomes, then closed.
  const [result] = await Promise.all([handle.result(), answering]);
  phase('settlement_follow_ups_review');
  return { phasesMs, result };
}

/**
 * Rows PostgreSQL wrote (inserted, updated, deleted) in this database so far, from its statistics.
 * Backends report at most every second and idle ones within ten: read until two reads a while
 * apart agree.
 */
export async function rowsWritten(db: Db): Promise<number> {
  const read = () =>
    db.transaction().execute(async (trx) => {
      // A fresh snapshot of the statistics each time (a transaction caches them).
      await sql`select pg_stat_clear_snapshot()`.execute(trx);
      const { rows } = await sql<{ n: string }>`
        select coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::bigint as n
        from pg_stat_user_tables`.execute(trx);
      return Number(rows[0]?.n ?? 0);
    });
  let last = await read();
  for (let i = 0; i < 12; i += 1) {
    await new Promise((r) => setTimeout(r, 1_500));
    const now = await read();
    if (now === last) return now;
    last = now;
  }
  return last;
}

/**
 * Events in the project's history (every run, when it continued as new) and the largest history of
 * any workflow it started: its runs and follow-ups (found by the ProjectId search attribute) and its
 * cost-share approvals.
 */
export async function historySizes(
  client: Client,
  projectId: string,
  projectWorkflowId: string,
  partnerRegionCodes: readonly string[],
) {
  let projectHistoryEvents = 0;
  let projectRuns = 0;
  let largestHistoryEvents = 0;
  let largestHistoryWorkflow = '';
  let workflowsStarted = 0;
  const note = (workflowId: string, length: number) => {
    if (length > largestHistoryEvents) {
      largestHistoryEvents = length;
      largestHistoryWorkflow = workflowId;
    }
  };
  for await (const w of client.workflow.list({ query: `ProjectId = "${projectId}"` })) {
    const length = w.historyLength ?? 0;
    if (w.workflowId === projectWorkflowId) {
      projectHistoryEvents += length;
      projectRuns += 1;
    } else {
      workflowsStarted += 1;
    }
    note(w.workflowId, length);
  }
  const project = await client.workflow.getHandle(projectWorkflowId).describe();
  if (projectRuns === 0) {
    projectHistoryEvents = project.historyLength;
    projectRuns = 1;
    note(projectWorkflowId, project.historyLength);
  }
  for (const regionCode of partnerRegionCodes) {
    for (let round = 1; round <= 5; round += 1) {
      const id = costShareWorkflowId(projectId, regionCode, round);
      const described = await client.workflow
        .getHandle(id)
        .describe()
        .catch(() => null);
      if (!described) break;
      workflowsStarted += 1;
      note(id, described.historyLength);
    }
  }
  return {
    projectHistoryEvents,
    projectRuns,
    largestHistoryEvents,
    largestHistoryWorkflow,
    workflowsStarted,
  };
}

/** The project's partners as its draft plan has them, owner excluded, as openCostShareRound answers. */
export async function partnersOf(db: Db, projectId: string): Promise<CostSharePartyInput[]> {
  const project = await projects.find(db, projectId);
  const draft = await plans.latestRound(db, projectId);
  return (draft?.parties ?? [])
    .filter((p) => p.regionCode !== project?.ownerRegionCode)
    .map((p) => ({
      regionCode: p.regionCode,
      shareBp: p.shareBp,
      coordinatorRegionCode: provinceCodeOf(p.regionCode),
    }));
}
