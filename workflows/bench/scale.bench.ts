// `npm run bench:scale`: one cross-region project at each size (BENCH_SIZES, default 25, 250,
// 2,500 and 5,000 trainees) through the whole chain — cost sharing, enrolment, attendance,
// assessment and certificate, placement, both follow-ups, settlement, quality review — on the
// local dev server, one size after another. Prints per size: wall time, trainees/s through the
// chain, time per trainee, events in the project's history and in the largest history of any
// workflow it started, worker RSS (its own process's peak), and PostgreSQL rows written per trainee. Writes the figures to
// bench-results/scale-….json and the time per trainee against size as an SVG chart beside it.
// BENCH_KEEP_DATABASE=1 keeps its database afterwards (for EXPLAIN).
// A benchmark, not a test: it asserts nothing and has no time limit.
import { projects } from '@qiancheng/db';
import { MAX_BATCH } from '@qiancheng/domain';
import { formatTable, writeBenchResults } from '@qiancheng/testing';
import { copyDemoProject, launch, startHarness } from '../test/harness.js';
import { renderLineChart } from './chart.js';
import {
  driveProject,
  historySizes,
  registerTrainees,
  rowsWritten,
  SCALE_TIMINGS,
} from './drive.js';
import { startBenchWorkers } from './workers.js';

const sizes = (process.env.BENCH_SIZES ?? '25,250,2500,5000')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0);
if (sizes.length === 0) throw new Error('BENCH_SIZES: a comma-separated list of trainee counts');

const h = await startHarness('scale', { worker: false });
const workers = await startBenchWorkers(h, { floor: false });

interface SizeFigures {
  trainees: number;
  wallMs: number;
  traineesPerSecond: number;
  msPerTrainee: number;
  phasesMs: Record<string, number>;
  projectHistoryEvents: number;
  projectRuns: number;
  largestHistoryEvents: number;
  largestHistoryWorkflow: string;
  workflowsStarted: number;
  workerRssMb: number;
  pgRowsWritten: number;
  pgRowsPerTrainee: number;
  claims: number;
  ledgerEntries: number;
}

const results: SizeFigures[] = [];
try {
  process.stdout.write(`bench:scale — sizes ${sizes.join(', ')} (one cross-region project each)\n`);
  // Everyone the run enrols, registered up front (outside the timings), never twice.
  const { ids: pool } = await registerTrainees(
    h.db,
    sizes.reduce((a, b) => a + b, 0),
  );
  let offset = 0;
  for (const size of sizes) {
    const traineeIds = pool.slice(offset, offset + size);
    offset += size;
    const projectId = await copyDemoProject(h.db, '粤黔协作');
    const rowsBefore = await rowsWritten(h.db);
    await workers.takePeakRssMb();
    const started = performance.now();
    const handle = await launch(h, projectId, { timings: SCALE_TIMINGS });
    const { phasesMs, result } = await driveProject(h, handle, projectId, traineeIds);
    const wallMs = performance.now() - started;
    const workerRssMb = await workers.takePeakRssMb();
    const written = (await rowsWritten(h.db)) - rowsBefore;
    const partners = (await projects.find(h.db, projectId))?.partnerRegions ?? [];
    const histories = await historySizes(
      h.client,
      projectId,
      handle.workflowId,
      partners.map((p) => p.regionCode),
    );
    const figures: SizeFigures = {
      trainees: size,
      wallMs: Math.round(wallMs),
      traineesPerSecond: Number(((size * 1000) / wallMs).toFixed(2)),
      msPerTrainee: Number((wallMs / size).toFixed(1)),
      phasesMs,
      ...histories,
      workerRssMb,
      pgRowsWritten: written,
      pgRowsPerTrainee: Number((written / size).toFixed(1)),
      claims: result.counts.claims,
      ledgerEntries: result.counts.ledgerEntries,
    };
    results.push(figures);
    process.stdout.write(
      `  ${size} trainees: ${(wallMs / 1000).toFixed(1)} s, ${figures.traineesPerSecond} trainees/s, ` +
        `${figures.projectHistoryEvents} events in the project's history, ${figures.claims} claims\n`,
    );
  }

  const reference = results.find((r) => r.trainees === 250) ?? results[0];
  const table = formatTable([
    [
      'trainees',
      'wall s',
      'trainees/s',
      'ms/trainee',
      'vs 250',
      'project events',
      'largest history',
      'workflows',
      'worker RSS MB',
      'PG rows/trainee',
    ],
    ...results.map((r) => [
      r.trainees,
      (r.wallMs / 1000).toFixed(1),
      r.traineesPerSecond.toFixed(2),
      r.msPerTrainee.toFixed(1),
      reference ? `${((r.msPerTrainee / reference.msPerTrainee) * 100).toFixed(0)}%` : '',
      r.projectHistoryEvents,
      r.largestHistoryEvents,
      r.workflowsStarted,
      r.workerRssMb,
      r.pgRowsPerTrainee.toFixed(1),
    ]),
  ]);
  const svg = renderLineChart({
    title: 'Time per trainee through the whole chain, by project size',
    xName: 'trainees in the project',
    yName: 'ms per trainee',
    points: results.map((r) => [r.trainees, r.msPerTrainee]),
    band: reference
      ? {
          from: reference.msPerTrainee * 0.75,
          to: reference.msPerTrainee * 1.25,
          label: '±25% of 250',
        }
      : undefined,
  });
  const { path, files, run } = writeBenchResults(
    'scale',
    { sizes: results, batch: MAX_BATCH, timings: SCALE_TIMINGS },
    { '.svg': svg },
  );
  process.stdout.write(
    `\n${table}\n\ncommit ${run.commit}${run.dirty ? ' (with uncommitted changes)' : ''}, ` +
      `load average ${run.machine.loadAverage1m.toFixed(1)} on ${run.machine.cpus} cores\n` +
      `figures: ${path}\nchart:   ${files[0]}\n`,
  );
} finally {
  await workers.stop();
  // BENCH_KEEP_DATABASE=1 leaves the database for a look at its plans (EXPLAIN) afterwards.
  if (process.env.BENCH_KEEP_DATABASE) {
    process.stdout.write(`database kept: ${h.databaseUrl}\n`);
    process.exit(0);
  }
  await h.close();
}
