// `npm run bench:national`: a day's mix on one node for a fixed time (BENCH_MINUTES, 5) — many
// small projects (BENCH_TRAINEES, 20 each) across provinces, BENCH_CONCURRENCY (8) in flight,
// 20% cross-region (two partner regions approve), each enrolled, trained, assessed, placed,
// settled, half its trainees answering the 3-month follow-up — then the floor for as long: the
// same mix, the same workflows, driven the same way, on a worker whose activities answer without
// PostgreSQL (src/bench/noop.activities.ts), so only Temporal's own work remains. The node is the
// worker and the API, each in a process of its own (workers.ts, api.ts), PostgreSQL and Temporal.
// Our people take every human step through the API over HTTP, signed in as the demo users (the
// owner's project manager, the partners' approvers); the floor's take them straight as workflow
// updates, so the floor is Temporal's alone. Prints trainees/s through the chain beside the
// floor's, the p50/p99 of the human-facing calls (approve, enrol, submit assessments, record
// placements, answer a follow-up), and the nodes the policy's peak would need, with the
// arithmetic. Writes the figures to bench-results/national-….json.
// A benchmark, not a test: it asserts nothing and has no time limit.
import { projects } from '@qiancheng/db';
import { formatTable, writeBenchResults } from '@qiancheng/testing';
import {
  answerRetentionCheckUpdate,
  retentionStateQuery,
  retentionWorkflowId,
} from '../src/follow-up/follow-up.definitions.js';
import type { CostSharePartyInput } from '../src/project/project.types.js';
import { copyDemoProject, type Harness, launch, startHarness } from '../test/harness.js';
import { type BenchApi, startBenchApi } from './api.js';
import { apiSteps, driveProject, partnersOf, registerTrainees, SCALE_TIMINGS } from './drive.js';
import { startBenchWorkers } from './workers.js';

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

const h = await startHarness('national', { worker: false });
const { floor, setFloorPartners, stop } = await startBenchWorkers(h);
const api = await startBenchApi(h);

/** What one run (ours or the floor) got through, and the time of its human-facing calls. */
interface Tally {
  started: number;
  completed: number;
  failures: number;
  traineesThrough: number;
  byKind: Map<string, number>;
  calls: Map<string, number[]>;
}
const tally = (): Tally => ({
  started: 0,
  completed: 0,
  failures: 0,
  traineesThrough: 0,
  byKind: new Map(),
  calls: new Map(),
});
let registered = 0;

/**
 * One project of the mix on `harness`'s task queue, from launch to closed; its trainees count
 * once it closes in time. Ours: its people take every step through the API (`api`). The floor:
 * straight as workflow updates, `setPartners` telling its no-op activities the partners they
 * answer the cost-share round with.
 */
const projectRunner =
  (
    harness: Harness,
    t: Tally,
    via:
      | { api: BenchApi }
      | { setPartners: (projectId: string, partners: CostSharePartyInput[]) => Promise<void> },
  ) =>
  async (n: number, until: number) => {
    const human = (step: string, ms: number) =>
      t.calls.set(step, [...(t.calls.get(step) ?? []), ms]);
    const weights = MIX.flatMap((m) => Array(m.weight).fill(m.demo) as string[]);
    const demo = weights[n % weights.length] as string;
    // Each project its own people (the offset is taken before any await: projects run at once).
    const from = registered;
    registered += TRAINEES;
    const { ids: traineeIds, people } = await registerTrainees(h.db, TRAINEES, from);
    const projectId = await copyDemoProject(h.db, demo);
    if ('setPartners' in via) await via.setPartners(projectId, await partnersOf(h.db, projectId));
    const owner = (await projects.find(h.db, projectId))?.ownerRegionCode ?? '';
    const handle = await launch(harness, projectId, {
      timings: { ...SCALE_TIMINGS, followUpAnswerWindowMs: 3_000 },
    });
    // As the API's launch records it (its own launch would set the project's real timings).
    if ('api' in via) await projects.setWorkflowId(h.db, projectId, handle.workflowId);
    t.started += 1;
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
                const t0 = performance.now();
                const ok = await ('api' in via
                  ? via.api.call(
                      owner,
                      'POST',
                      `/api/v1/projects/${projectId}/follow-ups/${traineeId}/answer`,
                      { checkpointMonths: 3, retained: true },
                    )
                  : retention.executeUpdate(answerRetentionCheckUpdate, {
                      args: [{ traineeId, checkpointMonths: 3, retained: true, by: 'bench' }],
                    })
                ).then(
                  () => true,
                  () => false,
                );
                if (ok) human('answer_follow_up', performance.now() - t0);
                return;
              }
              if (state && state.outcomes[3] !== null) return;
              await new Promise((r) => setTimeout(r, 100));
            }
          }),
      );
    };
    await driveProject(harness, handle, projectId, traineeIds, {
      human,
      afterPlacements: answer,
      // Sessions as the API takes them (at most a day each), in both runs alike.
      sessionMinutes: 1_440,
      ...('api' in via ? { steps: apiSteps(via.api, projectId, owner, people) } : {}),
    });
    if (performance.now() <= until) {
      t.completed += 1;
      t.traineesThrough += TRAINEES;
      t.byKind.set(demo, (t.byKind.get(demo) ?? 0) + 1);
    }
  };

/** A run gives up after this many failed projects: a broken drive must not spin until `until`. */
const MAX_FAILURES = 20;

/** Keeps `CONCURRENCY` of `start(n)` in flight until `until`; waits for the last to finish. */
async function keepBusy(
  start: (n: number, until: number) => Promise<void>,
  until: number,
  t: Tally,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until && t.failures < MAX_FAILURES) {
        const n = next;
        next += 1;
        await start(n, until).catch(async (error: unknown) => {
          t.failures += 1;
          process.stderr.write(`project ${n} failed: ${String(error)}\n`);
          await new Promise((r) => setTimeout(r, 1_000));
        });
      }
    }),
  );
  if (t.failures >= MAX_FAILURES) throw new Error(`${t.failures} projects failed: see above`);
}

try {
  process.stdout.write(
    `bench:national — ${MINUTES} min, ${CONCURRENCY} projects in flight, ${TRAINEES} trainees each\n`,
  );
  const windowMs = MINUTES * 60_000;
  const ours = tally();
  const t0 = performance.now();
  await keepBusy(projectRunner(h, ours, { api }), t0 + windowMs, ours);
  const oursMs = Math.min(performance.now() - t0, windowMs);

  // The floor: the same mix for the same time, its activities no-ops.
  const floorRun = tally();
  const t1 = performance.now();
  await keepBusy(
    projectRunner(floor, floorRun, { setPartners: setFloorPartners }),
    t1 + windowMs,
    floorRun,
  );
  const floorMs = Math.min(performance.now() - t1, windowMs);

  const traineesPerSecond = (ours.traineesThrough * 1000) / oursMs;
  const floorTraineesPerSecond = (floorRun.traineesThrough * 1000) / floorMs;
  const meanPerDay = TARGET_PERSON_TIMES / TARGET_DAYS;
  const peakPerDay = meanPerDay * PEAK_FACTOR;
  const neededPerSecond = peakPerDay / (WORKING_HOURS * 3_600);
  const nodes = traineesPerSecond > 0 ? Math.ceil(neededPerSecond / traineesPerSecond) : null;
  const latencies = (t: Tally) =>
    [...t.calls].map(([step, list]) => {
      const sorted = [...list].sort((a, b) => a - b);
      return {
        step,
        count: sorted.length,
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
      };
    });
  const counts = (t: Tally) => ({
    projectsStarted: t.started,
    projectsCompleted: t.completed,
    projectsFailed: t.failures,
    projectsByKind: Object.fromEntries(t.byKind),
    traineesThrough: t.traineesThrough,
  });
  const floorCalls = new Map(latencies(floorRun).map((l) => [l.step, l]));
  const figures = {
    minutes: MINUTES,
    concurrency: CONCURRENCY,
    traineesPerProject: TRAINEES,
    ...counts(ours),
    traineesPerSecond: Number(traineesPerSecond.toFixed(3)),
    floor: {
      ...counts(floorRun),
      traineesPerSecond: Number(floorTraineesPerSecond.toFixed(3)),
      humanCalls: latencies(floorRun),
    },
    ratioToFloor: Number((traineesPerSecond / floorTraineesPerSecond).toFixed(3)),
    humanCalls: latencies(ours),
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
    `ours:  ${ours.completed} projects closed within ${MINUTES} min (${ours.started} started, ${ours.failures} failed); ` +
      `${ours.traineesThrough} trainees through the whole chain, ${traineesPerSecond.toFixed(2)} trainees/s`,
    `floor: ${floorRun.completed} closed (${floorRun.started} started, ${floorRun.failures} failed), ` +
      `${floorTraineesPerSecond.toFixed(2)} trainees/s (the same mix and workflows, no-op activities); ratio ${figures.ratioToFloor}`,
    '',
    formatTable([
      ['human-facing call', 'count', 'p50 ms', 'p99 ms', 'floor p50', 'floor p99'],
      ...figures.humanCalls.map((l) => [
        l.step,
        l.count,
        l.p50,
        l.p99,
        floorCalls.get(l.step)?.p50 ?? '–',
        floorCalls.get(l.step)?.p99 ?? '–',
      ]),
    ]),
    '',
    `policy peak: ${TARGET_PERSON_TIMES.toLocaleString('en')} person-times / ${TARGET_DAYS} days = ` +
      `${Math.round(meanPerDay).toLocaleString('en')} a day; × ${PEAK_FACTOR} at peak = ` +
      `${Math.round(peakPerDay).toLocaleString('en')} a day; over ${WORKING_HOURS} working hours = ` +
      `${neededPerSecond.toFixed(2)} trainees/s`,
    `nodes:  ${neededPerSecond.toFixed(2)} / ${traineesPerSecond.toFixed(2)} per node = ${nodes ?? '∞'} ` +
      `(a node as measured here: worker + API + PostgreSQL + Temporal dev server on ${run.machine.cpus} cores)`,
    `commit ${run.commit}${run.dirty ? ' (with uncommitted changes)' : ''}, load average ${run.machine.loadAverage1m.toFixed(1)}; figures: ${path}`,
  ];
  process.stdout.write(`${report.join('\n')}\n`);
} finally {
  await api.stop();
  await stop();
  await h.close();
}
