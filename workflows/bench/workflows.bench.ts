// `npm run bench:workflows`: N complete cross-region projects of M trainees each on the local dev
// server, three times in the same run:
// - ours: our workflows and activities;
// - floor (issue 13's "the same workflows with no-op activities"): the same bundle, drive and
//   timings on a task queue of its own, served by a worker whose every activity answers from its
//   input (src/bench/noop.activities.ts), so only Temporal's own work remains: the cost-share
//   approvals, every update and signal people send, the timers, the retention workflow;
// - the one-workflow baseline of earlier notes: N workflows each running as many no-op activities
//   in a row as a project's workflow has, kept so today's figure compares with theirs.
// Prints projects per minute, the activity round-trip p50/p99 and the history events by workflow
// type of each run (every workflow it started), and the ratios; the headline is ours / floor.
// A benchmark, not a test: it asserts nothing and has no time limit.
import { formatTable, writeBenchResults } from '@qiancheng/testing';
import type { Client } from '@temporalio/client';
import type { History } from '@temporalio/common/lib/proto-utils.js';
import { approveShareUpdate } from '../src/project/project.definitions.js';
import {
  copyDemoProject,
  driveFromEnrolment,
  type Harness,
  launch,
  startHarness,
  waitForState,
} from '../test/harness.js';
import { partnersOf } from './drive.js';
import { startBenchWorkers } from './workers.js';

const projectsCount = Number(process.env.BENCH_PROJECTS ?? 10);
const traineesPerProject = Number(process.env.BENCH_TRAINEES ?? 25);
if (projectsCount * traineesPerProject > 300)
  throw new Error('the demo pool has 300 trainees: lower BENCH_PROJECTS × BENCH_TRAINEES');

// Every timer at its minimum: the benchmark measures work, not waiting. But the approval deadline:
// the drive approves at once, and on a busy machine a 4 s deadline (FAST) could pass first, the
// share expire and the drive's approval fail (seen at load 6.6 on 2 cores).
const timings = {
  approvalDeadlineMs: 10 * 60_000,
  followUp3MonthMs: 1,
  followUp6MonthMs: 2,
  followUpAnswerWindowMs: 1,
  followUpPollMs: 100,
  auditWindowMs: 1,
};

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

interface Trip {
  activity: string;
  /** Scheduled → completed. */
  ms: number;
  /** Scheduled → started: waiting to reach a worker (matching, or eager dispatch). */
  queuedMs: number;
}

/** Activity round trips (scheduled → completed) of a workflow history, in ms. */
function activityRoundTrips(history: History): Trip[] {
  const scheduled = new Map<string, { at: number; activity: string; startedAt?: number }>();
  const trips: Trip[] = [];
  for (const event of history.events ?? []) {
    const at =
      Number(event.eventTime?.seconds ?? 0) * 1000 +
      Math.floor((event.eventTime?.nanos ?? 0) / 1e6);
    const attributes = event.activityTaskScheduledEventAttributes;
    if (attributes)
      scheduled.set(String(event.eventId), {
        at,
        activity: attributes.activityType?.name ?? '?',
      });
    const started = event.activityTaskStartedEventAttributes;
    if (started) {
      const trip = scheduled.get(String(started.scheduledEventId));
      if (trip !== undefined) trip.startedAt = at;
    }
    const completed = event.activityTaskCompletedEventAttributes;
    if (completed) {
      const start = scheduled.get(String(completed.scheduledEventId));
      if (start !== undefined)
        trips.push({
          activity: start.activity,
          ms: at - start.at,
          queuedMs: (start.startedAt ?? start.at) - start.at,
        });
    }
  }
  return trips;
}

const sortedMs = (trips: Trip[], of: (t: Trip) => number = (t) => t.ms) =>
  trips.map(of).sort((a, b) => a - b);

/** p50, p99 and count of each activity type's round trips. */
function byActivity(trips: Trip[]) {
  const groups = new Map<string, Trip[]>();
  for (const t of trips) groups.set(t.activity, [...(groups.get(t.activity) ?? []), t]);
  return new Map(
    [...groups].map(([activity, list]) => {
      const ms = sortedMs(list);
      return [activity, { count: ms.length, p50: percentile(ms, 50), p99: percentile(ms, 99) }];
    }),
  );
}

interface TypeFigures {
  /** Runs of workflows of the type (a continued-as-new workflow counts each run). */
  workflows: number;
  events: number;
  trips: Trip[];
}

/**
 * What a run made Temporal do, by workflow type: every workflow that `query` finds (the projects
 * and what they started: cost-share approvals, retention), with its history. Waits until
 * visibility has them all closed.
 */
async function historiesOf(client: Client, query: string): Promise<Map<string, TypeFigures>> {
  let listed: { workflowId: string; runId: string; type: string; running: boolean }[] = [];
  for (let attempt = 0; attempt < 40; attempt += 1) {
    listed = [];
    for await (const w of client.workflow.list({ query }))
      listed.push({ ...w, running: w.status.name === 'RUNNING' });
    if (!listed.some((w) => w.running)) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const byType = new Map<string, TypeFigures>();
  for (const w of listed) {
    const history = await client.workflow.getHandle(w.workflowId, w.runId).fetchHistory();
    const figures = byType.get(w.type) ?? { workflows: 0, events: 0, trips: [] };
    figures.workflows += 1;
    figures.events += history.events?.length ?? 0;
    figures.trips.push(...activityRoundTrips(history));
    byType.set(w.type, figures);
  }
  return byType;
}

/** A run's figures: throughput, activity round trips and history events of all its workflows. */
function summary(ms: number, byType: Map<string, TypeFigures>) {
  const all = [...byType.values()].flatMap((t) => t.trips);
  const trips = sortedMs(all);
  const queued = sortedMs(all, (t) => t.queuedMs);
  return {
    ms: Math.round(ms),
    perMinute: Number(((projectsCount * 60_000) / ms).toFixed(1)),
    activities: trips.length,
    activityP50: percentile(trips, 50),
    activityP99: percentile(trips, 99),
    /** Of the round trip, the part before a worker started the activity. */
    queuedP50: percentile(queued, 50),
    queuedP99: percentile(queued, 99),
    historyEvents: Object.fromEntries(
      [...byType].map(([type, t]) => [type, { workflows: t.workflows, events: t.events }]),
    ),
  };
}

/** Launches the projects at once and drives each through the chain; the time until all ended. */
async function runProjects(harness: Harness, projectIds: string[]) {
  const started = performance.now();
  const results = await Promise.all(
    projectIds.map(async (projectId, i) => {
      const handle = await launch(harness, projectId, { timings });
      const state = await waitForState(
        handle,
        (s) => s.stage === 'cost_sharing' && s.parties.length > 0,
        120_000,
      );
      for (const party of state.parties) {
        await handle.executeUpdate(approveShareUpdate, {
          args: [{ regionCode: party.regionCode, round: 1, by: 'bench' }],
        });
      }
      await waitForState(handle, (s) => s.stage === 'enrolment', 120_000);
      await driveFromEnrolment(harness, handle, projectId, {
        trainees: traineesPerProject,
        offset: i * traineesPerProject,
      });
      return handle.result();
    }),
  );
  return { ms: performance.now() - started, results };
}

const copies = async (h: Harness) => {
  const ids: string[] = [];
  for (let i = 0; i < projectsCount; i += 1) ids.push(await copyDemoProject(h.db, '粤黔协作'));
  return ids;
};

const h = await startHarness('bench', { worker: false });
const { floor, setFloorPartners, stop } = await startBenchWorkers(h, { baseline: true });

try {
  process.stdout.write(
    `benchmark: ${projectsCount} cross-region projects × ${traineesPerProject} trainees\n`,
  );
  const oursIds = await copies(h);
  const ours = await runProjects(h, oursIds);
  const oursTypes = await historiesOf(
    h.client,
    `TaskQueue = "${h.taskQueue}" AND WorkflowType != "baselineWorkflow"`,
  );
  const activitiesPerProject = Math.round(
    (oursTypes.get('projectWorkflow')?.trips.length ?? 0) / projectsCount,
  );

  const floorIds = await copies(h);
  for (const projectId of floorIds)
    await setFloorPartners(projectId, await partnersOf(h.db, projectId));
  const floorRun = await runProjects(floor, floorIds);
  const floorTypes = await historiesOf(h.client, `TaskQueue = "${floor.taskQueue}"`);

  const baselineStarted = performance.now();
  await Promise.all(
    oursIds.map((projectId) =>
      h.client.workflow.execute('baselineWorkflow', {
        taskQueue: h.taskQueue,
        workflowId: `bench-baseline-${projectId}`,
        args: [activitiesPerProject],
      }),
    ),
  );
  const baselineMs = performance.now() - baselineStarted;
  const baselineTypes = await historiesOf(
    h.client,
    `TaskQueue = "${h.taskQueue}" AND WorkflowType = "baselineWorkflow"`,
  );

  const closed = (run: typeof ours) => run.results.filter((r) => r.stage === 'closed').length;
  const oursActivities = byActivity([...oursTypes.values()].flatMap((t) => t.trips));
  const floorActivities = byActivity([...floorTypes.values()].flatMap((t) => t.trips));
  const figures = {
    projects: projectsCount,
    traineesPerProject,
    activitiesPerProject,
    claimsPerProject: ours.results[0]?.counts.claims ?? null,
    ours: { ...summary(ours.ms, oursTypes), closed: closed(ours) },
    floor: { ...summary(floorRun.ms, floorTypes), closed: closed(floorRun) },
    baseline: summary(baselineMs, baselineTypes),
    /** Issue 13's figure: ours / the same workflows with no-op activities (goal ≥ 0.7). */
    ratioToFloor: Number((floorRun.ms / ours.ms).toFixed(3)),
    /** Earlier notes' figure: ours / one workflow of as many no-op activities. */
    ratio: Number((baselineMs / ours.ms).toFixed(3)),
    activities: [...oursActivities]
      .map(([activity, a]) => ({ activity, ...a, floor: floorActivities.get(activity) ?? null }))
      .sort((a, b) => b.p99 - a.p99),
  };
  const line = (label: string, run: ReturnType<typeof summary>, what: string) =>
    `${label} ${run.perMinute} ${what}/min (${(run.ms / 1000).toFixed(1)} s for ${projectsCount}); ${run.activities} activity round trips p50 ${run.activityP50} ms, p99 ${run.activityP99} ms (scheduled → started p50 ${run.queuedP50} ms, p99 ${run.queuedP99} ms)`;
  const events = (run: string, types: Map<string, TypeFigures>) =>
    [...types].map(([type, t]) => [
      run,
      type,
      t.workflows,
      t.events,
      Math.round(t.events / projectsCount),
    ]);
  const lines = [
    `project workflow activities per project: ${activitiesPerProject}; claims per project: ${figures.claimsPerProject}`,
    line('ours:    ', figures.ours, 'projects'),
    `${line('floor:   ', figures.floor, 'projects')} (the same workflows with no-op activities; ${figures.floor.closed}/${projectsCount} closed)`,
    `${line('baseline:', figures.baseline, 'workflows')} (${activitiesPerProject} no-op activities in one workflow)`,
    `ratio ours/floor throughput: ${figures.ratioToFloor} (issue 13: ≥ 0.7); ours/one-workflow baseline: ${figures.ratio}`,
    '',
    formatTable([
      ['run', 'workflow type', 'runs', 'history events', 'per project'],
      ...events('ours', oursTypes),
      ...events('floor', floorTypes),
      ...events('baseline', baselineTypes),
    ]),
    '',
    formatTable([
      ['activity', 'count', 'p50 ms', 'p99 ms', 'floor p50', 'floor p99'],
      ...figures.activities.map((a) => [
        a.activity,
        a.count,
        a.p50,
        a.p99,
        a.floor?.p50 ?? '',
        a.floor?.p99 ?? '',
      ]),
    ]),
  ];
  const { path, run } = writeBenchResults('workflows', figures);
  lines.push(
    '',
    `commit ${run.commit}${run.dirty ? ' (with uncommitted changes)' : ''}, load average ${run.machine.loadAverage1m.toFixed(1)} on ${run.machine.cpus} cores; figures: ${path}`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await stop();
  await h.close();
}
