// `npm run bench:workflows`: N complete cross-region projects of M trainees each on the local dev
// server, against a baseline of N workflows running the same number of no-op activities, in the
// same run. Prints projects per minute, activity round-trip p50/p99 and the ratio to the baseline.
// A benchmark, not a test: it asserts nothing and has no time limit.
import { fileURLToPath } from 'node:url';
import { formatTable, requireTestEnv, writeBenchResults } from '@qiancheng/testing';
import type { WorkflowHandle } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import * as baselineActivities from '../src/bench/baseline.activities.js';
import { approveShareUpdate, projectStateQuery } from '../src/project/project.definitions.js';
import { createWorker } from '../src/worker/create-worker.js';
import {
  copyDemoProject,
  driveFromEnrolment,
  launch,
  startHarness,
  waitForState,
} from '../test/harness.js';

const projectsCount = Number(process.env.BENCH_PROJECTS ?? 10);
const traineesPerProject = Number(process.env.BENCH_TRAINEES ?? 25);
if (projectsCount * traineesPerProject > 300)
  throw new Error('the demo pool has 300 trainees: lower BENCH_PROJECTS × BENCH_TRAINEES');

// Every timer at its minimum: the benchmark measures work, not waiting.
const timings = {
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
  ms: number;
}

/** Activity round trips (scheduled → completed) of a workflow, from its history, in ms. */
async function activityRoundTrips(handle: WorkflowHandle): Promise<Trip[]> {
  const history = await handle.fetchHistory();
  const scheduled = new Map<string, { at: number; activity: string }>();
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
    const completed = event.activityTaskCompletedEventAttributes;
    if (completed) {
      const start = scheduled.get(String(completed.scheduledEventId));
      if (start !== undefined) trips.push({ activity: start.activity, ms: at - start.at });
    }
  }
  return trips;
}

const sortedMs = (trips: Trip[]) => trips.map((t) => t.ms).sort((a, b) => a - b);

/** p50, p99 and count of each activity type's round trips, slowest p99 first. */
function byActivity(trips: Trip[]) {
  const groups = new Map<string, Trip[]>();
  for (const t of trips) groups.set(t.activity, [...(groups.get(t.activity) ?? []), t]);
  return [...groups]
    .map(([activity, list]) => {
      const ms = sortedMs(list);
      return { activity, count: ms.length, p50: percentile(ms, 50), p99: percentile(ms, 99) };
    })
    .sort((a, b) => b.p99 - a.p99);
}

Runtime.install({ logger: new DefaultLogger('WARN') });
const env = requireTestEnv();
const h = await startHarness('bench', { worker: false });
const native = await NativeConnection.connect({ address: env.temporalAddress });
const worker = await createWorker({
  connection: native,
  namespace: env.temporalNamespace,
  taskQueue: h.taskQueue,
  deps: { db: h.db, client: h.client },
  workflowsPath: fileURLToPath(new URL('../src/bench/workflows.ts', import.meta.url)),
  extraActivities: baselineActivities,
});
const running = worker.run();

try {
  process.stdout.write(
    `benchmark: ${projectsCount} cross-region projects × ${traineesPerProject} trainees\n`,
  );
  const projectIds: string[] = [];
  for (let i = 0; i < projectsCount; i += 1)
    projectIds.push(await copyDemoProject(h.db, '粤黔协作'));

  const started = performance.now();
  const handles = await Promise.all(
    projectIds.map(async (projectId, i) => {
      const handle = await launch(h, projectId, { timings });
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
      await driveFromEnrolment(h, handle, projectId, {
        trainees: traineesPerProject,
        offset: i * traineesPerProject,
      });
      await handle.result();
      return handle;
    }),
  );
  const oursMs = performance.now() - started;
  const ourActivities = (await Promise.all(handles.map(activityRoundTrips))).flat();
  const ourTrips = sortedMs(ourActivities);
  const activitiesPerProject = Math.round(ourTrips.length / projectsCount);
  const counts = await handles[0]?.query(projectStateQuery);

  const baselineStarted = performance.now();
  const baseline = await Promise.all(
    projectIds.map((projectId) =>
      h.client.workflow.start('baselineWorkflow', {
        taskQueue: h.taskQueue,
        workflowId: `bench-baseline-${projectId}`,
        args: [activitiesPerProject],
      }),
    ),
  );
  await Promise.all(baseline.map((handle) => handle.result()));
  const baselineMs = performance.now() - baselineStarted;
  const baselineTrips = sortedMs((await Promise.all(baseline.map(activityRoundTrips))).flat());

  const perMinute = (ms: number) => (projectsCount * 60_000) / ms;
  const figures = {
    projects: projectsCount,
    traineesPerProject,
    activitiesPerProject,
    claimsPerProject: counts?.counts.claims ?? null,
    ours: {
      ms: Math.round(oursMs),
      perMinute: Number(perMinute(oursMs).toFixed(1)),
      activityP50: percentile(ourTrips, 50),
      activityP99: percentile(ourTrips, 99),
    },
    baseline: {
      ms: Math.round(baselineMs),
      perMinute: Number(perMinute(baselineMs).toFixed(1)),
      activityP50: percentile(baselineTrips, 50),
      activityP99: percentile(baselineTrips, 99),
    },
    ratio: Number((baselineMs / oursMs).toFixed(3)),
    activities: byActivity(ourActivities),
  };
  const lines = [
    `project workflow activities per project (parent only): ${activitiesPerProject}; claims per project: ${counts?.counts.claims}`,
    `ours:     ${figures.ours.perMinute} projects/min (${(oursMs / 1000).toFixed(1)} s for ${projectsCount}); activity round trip p50 ${figures.ours.activityP50} ms, p99 ${figures.ours.activityP99} ms`,
    `baseline: ${figures.baseline.perMinute} workflows/min (${(baselineMs / 1000).toFixed(1)} s) with ${activitiesPerProject} no-op activities each; round trip p50 ${figures.baseline.activityP50} ms, p99 ${figures.baseline.activityP99} ms`,
    `ratio ours/baseline throughput: ${figures.ratio}`,
    '',
    formatTable([
      ['activity', 'count', 'p50 ms', 'p99 ms'],
      ...figures.activities.map((a) => [a.activity, a.count, a.p50, a.p99]),
    ]),
  ];
  const { path, run } = writeBenchResults('workflows', figures);
  lines.push(
    '',
    `commit ${run.commit}${run.dirty ? ' (with uncommitted changes)' : ''}, load average ${run.machine.loadAverage1m.toFixed(1)} on ${run.machine.cpus} cores; figures: ${path}`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  worker.shutdown();
  await running;
  await native.close();
  await h.close();
}
