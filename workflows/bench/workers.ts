// The workers of a benchmark: ours, with the real activities, on the harness's task queue, and
// (unless left out) the floor's on a queue of its own — the same workflow bundle, every activity a
// no-op that answers from its input (src/bench/noop.activities.ts). They run in a child process
// (worker-process.ts), as a deployed worker runs apart from the API and the people it serves: the
// benchmark's own drive (updates, signals, a query every 100 ms per project) and its reading of
// the figures never hold up an activity on the worker's event loop.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CostSharePartyInput } from '../src/project/project.types.js';
import type { Harness } from '../test/harness.js';

export interface BenchWorkerOptions {
  databaseUrl: string;
  taskQueue: string;
  /** The floor's task queue; unset: no floor worker. */
  floorTaskQueue?: string;
  /** Serve the one-workflow baseline's activities too (src/bench/baseline.activities.ts). */
  baseline?: boolean;
}

export type BenchWorkerMessage =
  | { type: 'floor-partners'; id: number; projectId: string; partners: CostSharePartyInput[] }
  | { type: 'take-peak-rss'; id: number }
  | { type: 'stop'; id: number };

export type BenchWorkerReply = { type: 'ready' } | { type: 'done'; id: number; peakMb?: number };

export interface BenchWorkers {
  /** The harness with the floor's task queue: launch and drive the floor's projects with it. */
  floor: Harness;
  /** Tells the floor's no-op cost-share round a project's partners: before its launch. */
  setFloorPartners(projectId: string, partners: CostSharePartyInput[]): Promise<void>;
  /** The worker process's peak RSS (MB) since the last call, or since it started. */
  takePeakRssMb(): Promise<number>;
  stop(): Promise<void>;
}

/** Forks the worker process and waits until its workers poll. */
export async function startBenchWorkers(
  h: Harness,
  options: { floor?: boolean; baseline?: boolean } = {},
): Promise<BenchWorkers> {
  const floor: Harness = { ...h, taskQueue: `${h.taskQueue}-floor` };
  const workerOptions: BenchWorkerOptions = {
    // As deployed: the apps' least-privilege role.
    databaseUrl: h.appDatabaseUrl,
    taskQueue: h.taskQueue,
    ...(options.floor === false ? {} : { floorTaskQueue: floor.taskQueue }),
    ...(options.baseline ? { baseline: true } : {}),
  };
  const child: ChildProcess = fork(fileURLToPath(new URL('./worker-process.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_WORKER_OPTIONS: JSON.stringify(workerOptions) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let stopping = false;
  const pending = new Map<number, (reply: BenchWorkerReply & { type: 'done' }) => void>();
  let nextId = 0;
  await new Promise<void>((resolve, reject) => {
    child.on('message', (reply: BenchWorkerReply) => {
      if (reply.type === 'ready') resolve();
      else pending.get(reply.id)?.(reply);
    });
    child.on('exit', (code, signal) => {
      if (stopping) return;
      const why = `the bench's worker process ended (code ${code}, signal ${signal})`;
      reject(new Error(why));
      // Mid-run, nothing would serve the projects: end the benchmark rather than wait for them.
      process.stderr.write(`${why}\n`);
      process.exit(1);
    });
  });
  const ask = (message: BenchWorkerMessage) =>
    new Promise<BenchWorkerReply & { type: 'done' }>((resolve) => {
      pending.set(message.id, (reply) => {
        pending.delete(message.id);
        resolve(reply);
      });
      child.send(message);
    });
  return {
    floor,
    async setFloorPartners(projectId, partners) {
      await ask({ type: 'floor-partners', id: nextId++, projectId, partners });
    },
    async takePeakRssMb() {
      return (await ask({ type: 'take-peak-rss', id: nextId++ })).peakMb ?? 0;
    },
    async stop() {
      stopping = true;
      const exited = new Promise((r) => child.once('exit', r));
      await ask({ type: 'stop', id: nextId++ });
      await exited;
    },
  };
}
