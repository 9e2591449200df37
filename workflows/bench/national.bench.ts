// `npm run bench:national`: a day's mix on one node for a fixed time (BENCH_MINUTES, 5) — many
// small projects (BENCH_TRAINEES, 20 each) across provinces, BENCH_CONCURRENCY (8) in flight,
// 20% cross-region (two partner regions approve), each enrolled, trained, assessed, placed,
// settled, half its trainees answering the 3-month follow-up — then the same number of no-op
// workflows as the Temporal floor, in the same run. Prints trainees/s through the chain, the
// p50/p99 of the human-facing calls (the workflow updates the API's approve, enrol, record
// placements and follow-up calls wait on), and the nodes the policy's peak would need, with the
// arithmetic. Writes the figures to bench-results/national-….json.
// A benchmark, not a test: it asserts nothing and has no time limit.
import { fileURLToPath } from 'node:url';
import { formatTable, requireTestEnv, writeBenchResults } from '@qiancheng/testing';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import {
  answerRetentionCheckUpdate,
  retentionStateQuery,
  retentionWorkflowId,
} from '../src/follow-up/follow-up.definitions.js';
import { createWorker } from '../src/worker/create-worker.js';
import { copyDemoProject, launch, startHarness } from '../test/harness.js';
import { driveProject, registerTrainees, SCALE_TIMINGS } from './drive.js';

const MINUTES = Number(process.env.BENCH_MINUTES ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const TRAINEES = Number(process.env.BENCH_TRAINEES ?? 20);
/** The policy's target (30 million person-times in 2025–2027) and how far the peak exceeds the mean. */
const TARGET_PERSON_TIMES = 30_000_000;
const TARGET_DAYS = 365 * 3;
const PEAK_FACTOR = Number(process.env.BENCH_PEAK_FACTOR ?? 4);
/** Hours a day people work the console and the API (enrolments, results, placements). */
const WORKING_HOURS = Number(process.env.BENCH_WORKING_HOURS ?? 8);

/** The day's mix: one in five projects cross-region, the rest local in two other provinces. */
const MIX = [
  { demo: '粤黔协作', weight: 2 },
  { demo: '深圳低空经济无人机驾驶员', weight: 4 },
  { demo: '成都市养老护理员', weight: 4 },
];

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return Math.round(
    sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0,
  );
}

Runtime.install({ logger: new DefaultLogger('WARN') });
const env = requireTestEnv();
const h = await startHarness('national', { worker: false });
const native = await NativeConnection.connect({ address: env.temporalAddress });
const worker = await createWorker({
  connection: native,
  namespace: env.temporalNamespace,
  taskQueue: h.taskQueue,
  deps: { db: h.db, client: h.client },
  workflowsPath: fileURLToPath(new URL('../src/bench/workflows.ts', import.meta.url)),
  extraActivities: await import('../src/bench/baseline.activities.js'),
});
const running = worker.run();

const calls = new Map<string, number[]>();
const human = (step: string, ms: number) => calls.set(step, [...(calls.get(step) ?? []), ms]);
let registered = 0;
let started = 0;
let completed = 0;
let traineesThrough = 0;
let activitiesPerProject = 0;
let failures = 0;
const byKind = new Map<string, number>();

/** One project of the mix, from launch to closed; its trainees count once it closes in time. */
async function oneProject(n: number, until: number) {
  const weights = MIX.flatMap((m) => Array(m.weight).fill(m.demo) as string[]);
  const demo = weights[n % weights.length] as string;
  // Each project its own people (the offset is taken before any await: projects run at once).
  const from = registered;
  registered += TRAINEES;
  const traineeIds = await registerTrainees(h.db, TRAINEES, from);
  const projectId = await copyDemoProject(h.db, demo);
  const handle = await launch(h, projectId, {
    timings: { ...SCALE_TIMINGS, followUpAnswerWindowMs: 3_000 },
  });
  started += 1;
  // Half the placed answer their 3-month check (the rest are recorded as unknown).
  const answer = async () => {
    await Promise.all(
      traineeIds
        .filter((_, i) => i % 2 === 0)
        .map(async (traineeId) => {
          const retention = h.client.workflow.getHandle(retentionWorkflowId(projectId));
          for (let i = 0; i < 40; i += 1) {
            const state = await retention.query(retentionStateQuery, traineeId).catch(() => null);
            if (state?.open === 3) {
              const t = performance.now();
              const ok = await retention
                .executeUpdate(answerRetentionCheckUpdate, {
                  args: [{ traineeId, checkpointMonths: 3, retained: true, by: 'bench' }],
                })
                .then(
                  () => true,
                  () => false,
                );
              if (ok) human('answer_follow_up', performance.now() - t);
              return;
            }
            if (state && state.outcomes[3] !== null) return;
            await new Promise((r) => setTimeout(r, 100));
          }
        }),
    );
  };
  await driveProject(h, handle, projectId, traineeIds, { human, afterPlacements: answer });
  if (performance.now() <= until) {
    completed += 1;
    traineesThrough += TRAINEES;
    byKind.set(demo, (byKind.get(demo) ?? 0) + 1);
    if (activitiesPerProject === 0) {
      const history = await handle.fetchHistory();
      activitiesPerProject = (history.events ?? []).filter(
        (e) => e.activityTaskScheduledEventAttributes,
      ).length;
    }
  }
}

/** Keeps `CONCURRENCY` of `start(n)` in flight until `until`; waits for the last to finish. */
async function keepBusy(start: (n: number, until: number) => Promise<void>, until: number) {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) {
        const n = next;
        next += 1;
        await start(n, until).catch((error: unknown) => {
          failures += 1;
          process.stderr.write(`project ${n} failed: ${String(error)}\n`);
        });
      }
    }),
  );
}

try {
  process.stdout.write(
    `bench:national — ${MINUTES} min, ${CONCURRENCY} projects in flight, ${TRAINEES} trainees each\n`,
  );
  const windowMs = MINUTES * 60_000;
  const t0 = performance.now();
  await keepBusy(oneProject, t0 + windowMs);
  const oursMs = Math.min(performance.now() - t0, windowMs);

  // The floor: workflows of as many no-op activities, as many in flight, for the same time.
  let floorCompleted = 0;
  const t1 = performance.now();
  await keepBusy(async (n, until) => {
    await h.client.workflow.execute('baselineWorkflow', {
      taskQueue: h.taskQueue,
      workflowId: `national-floor-${n}-${Date.now()}`,
      args: [Math.max(1, activitiesPerProject)],
    });
    if (performance.now() <= until) floorCompleted += 1;
  }, t1 + windowMs);
  const floorMs = Math.min(performance.now() - t1, windowMs);

  const traineesPerSecond = (traineesThrough * 1000) / oursMs;
  const floorTraineesPerSecond = (floorCompleted * TRAINEES * 1000) / floorMs;
  const meanPerDay = TARGET_PERSON_TIMES / TARGET_DAYS;
  const peakPerDay = meanPerDay * PEAK_FACTOR;
  const neededPerSecond = peakPerDay / (WORKING_HOURS * 3_600);
  const nodes = traineesPerSecond > 0 ? Math.ceil(neededPerSecond / traineesPerSecond) : null;
  const latencies = [...calls].map(([step, list]) => {
    const sorted = [...list].sort((a, b) => a - b);
    return { step, count: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  });
  const figures = {
    minutes: MINUTES,
    concurrency: CONCURRENCY,
    traineesPerProject: TRAINEES,
    projectsStarted: started,
    projectsCompleted: completed,
    projectsFailed: failures,
    projectsByKind: Object.fromEntries(byKind),
    traineesThrough,
    traineesPerSecond: Number(traineesPerSecond.toFixed(3)),
    floor: {
      activitiesPerWorkflow: activitiesPerProject,
      workflowsCompleted: floorCompleted,
      traineesPerSecond: Number(floorTraineesPerSecond.toFixed(3)),
    },
    ratioToFloor: Number((traineesPerSecond / floorTraineesPerSecond).toFixed(3)),
    humanCalls: latencies,
    capacity: {
      targetPersonTimes: TARGET_PERSON_TIMES,
      meanPerDay: Math.round(meanPerDay),
      peakFactor: PEAK_FACTOR,
      peakPerDay: Math.round(peakPerDay),
      workingHours: WORKING_HOURS,
      neededTraineesPerSecond: Number(neededPerSecond.toFixed(2)),
      nodes,
    },
  };
  const { path, run } = writeBenchResults('national', figures);
  const report = [
    '',
    `projects: ${completed} closed within ${MINUTES} min (${started} started, ${failures} failed); ` +
      `${traineesThrough} trainees through the whole chain`,
    `ours:  ${traineesPerSecond.toFixed(2)} trainees/s`,
    `floor: ${floorTraineesPerSecond.toFixed(2)} trainees/s (${floorCompleted} workflows of ${activitiesPerProject} no-op activities, ${CONCURRENCY} in flight); ratio ${figures.ratioToFloor}`,
    '',
    formatTable([
      ['human-facing call', 'count', 'p50 ms', 'p99 ms'],
      ...latencies.map((l) => [l.step, l.count, l.p50, l.p99]),
    ]),
    '',
    `policy peak: ${TARGET_PERSON_TIMES.toLocaleString('en')} person-times / ${TARGET_DAYS} days = ` +
      `${Math.round(meanPerDay).toLocaleString('en')} a day; × ${PEAK_FACTOR} at peak = ` +
      `${Math.round(peakPerDay).toLocaleString('en')} a day; over ${WORKING_HOURS} working hours = ` +
      `${neededPerSecond.toFixed(2)} trainees/s`,
    `nodes:  ${neededPerSecond.toFixed(2)} / ${traineesPerSecond.toFixed(2)} per node = ${nodes ?? '∞'} ` +
      `(a node as measured here: worker + PostgreSQL + Temporal dev server on ${run.machine.cpus} cores)`,
    `commit ${run.commit}${run.dirty ? ' (with uncommitted changes)' : ''}, load average ${run.machine.loadAverage1m.toFixed(1)}; figures: ${path}`,
  ];
  process.stdout.write(`${report.join('\n')}\n`);
} finally {
  worker.shutdown();
  await running;
  await native.close();
  await h.close();
}
