// DEMO ONLY — the living demo (issue 15): on a fresh demo database, the demo's people set up their
// world and take the demo projects through the real API and workflows, a few at a time, each to
// the stage the plan leaves it in. Progress is kept in demo_runs: the status page reads it, and an
// interrupted run resumes where it stopped (every step replays by its Idempotency-Key).
import { type Db, DEMO_PASSWORD, demoData, demoRuns } from '@qiancheng/db';
import { sql } from 'kysely';
import { runChain } from './chain.js';
import { DemoClient } from './http.js';
import { DEMO_PROJECTS, type DemoProjectSpec } from './plan.js';
import { allocateTrainees } from './trainees.js';
import { setUpWorld } from './world.js';

/** A claimed key older than this was left by a stopped run (no request runs this long). */
const STALE_KEY_MS = 60_000;

export interface LivingDemoOptions {
  /** The API's base URL (the demo calls it over HTTP, as its users would). */
  apiUrl: string;
  /** The database (the apps' role is enough): progress, and the demo's two enterprises. */
  db: Db;
  /** Projects driven at once (bounded: the machine also runs the platform). */
  concurrency?: number;
  /** Attempts per project before it is marked failed (each replays the steps done). */
  attempts?: number;
  log?: (line: string) => void;
  projects?: readonly DemoProjectSpec[];
}

export interface LivingDemoResult {
  total: number;
  ready: number;
  failed: number;
  /** Why nothing ran, when nothing did. */
  skipped: string | null;
  elapsedMs: number;
}

/**
 * Runs (or resumes, or finds done) the living demo; one run at a time per database (a second
 * start while the first still runs leaves it to the first).
 */
export async function runLivingDemo(options: LivingDemoOptions): Promise<LivingDemoResult> {
  return options.db.connection().execute(async (connection) => {
    const lock = sql`hashtext('qiancheng.living-demo')`;
    const { rows } = await sql<{
      locked: boolean;
    }>`select pg_try_advisory_lock(${lock}) as locked`.execute(connection);
    if (!rows[0]?.locked) {
      return {
        total: 0,
        ready: 0,
        failed: 0,
        skipped: 'another run is under way',
        elapsedMs: 0,
      };
    }
    try {
      return await runLocked(options);
    } finally {
      await sql`select pg_advisory_unlock(${lock})`.execute(connection);
    }
  });
}

async function runLocked(options: LivingDemoOptions): Promise<LivingDemoResult> {
  const started = performance.now();
  const { db } = options;
  const projects = options.projects ?? DEMO_PROJECTS;
  const log = options.log ?? (() => {});
  const result = (skipped: string | null, rows: { status: string }[]): LivingDemoResult => ({
    total: rows.length,
    ready: rows.filter((r) => r.status === 'ready').length,
    failed: rows.filter((r) => r.status === 'failed').length,
    skipped,
    elapsedMs: Math.round(performance.now() - started),
  });

  if (!(await demoData.isDemoDatabase(db))) {
    return result('this database holds no demo data set', []);
  }
  let rows = await demoRuns.list(db);
  if (rows.length === 0) {
    // Only on a database whose demo projects nobody has touched yet: a demo database used before
    // the living demo existed keeps what its users did (`npm run demo:reset` starts over).
    const launched = await db
      .selectFrom('projects')
      .select('id')
      .where('workflowId', 'is not', null)
      .executeTakeFirst();
    if (launched) {
      return result('projects were launched on this database before the living demo ran', []);
    }
    await demoRuns.plan(
      db,
      projects.map((p, position) => ({
        key: p.key,
        title: p.seededName ?? p.create?.name ?? p.key,
        target: p.target,
        position,
      })),
    );
    rows = await demoRuns.list(db);
  }
  const pending = rows.filter((r) => r.status !== 'ready');
  if (pending.length === 0) return result('already done', rows);

  const seconds = () => Math.round((performance.now() - started) / 1000);
  const total = rows.length;
  let ready = rows.length - pending.length;
  const anchorMs = Math.min(...rows.map((r) => r.createdAt.getTime()));
  // A key an interrupted run left claimed is freed once older than any request runs (the API
  // gives up on a workflow step after its timeout, 20 s by default).
  const client = new DemoClient(options.apiUrl.replace(/\/$/, ''), DEMO_PASSWORD, (key) =>
    demoRuns.releaseStaleDemoKey(db, key, STALE_KEY_MS),
  );
  const world = await setUpWorld(client, await demoData.seedLivingDemoWorld(db));
  log(
    `demo data: ${ready} of ${total} projects ready (${seconds()} s; people, registries and orders set up)`,
  );

  const trainees = allocateTrainees(projects);
  const specs = new Map(projects.map((p, position) => [p.key, { spec: p, position }]));
  const attempts = options.attempts ?? 3;
  const queue = [...pending];
  const lane = async () => {
    for (let row = queue.shift(); row; row = queue.shift()) {
      const found = specs.get(row.key);
      if (!found) {
        await demoRuns.update(db, row.key, { status: 'failed', error: 'not in the plan' });
        continue;
      }
      for (let attempt = row.attempts + 1; ; attempt += 1) {
        await demoRuns.update(db, row.key, { status: 'running', attempts: attempt, error: null });
        const key = row.key;
        try {
          await runChain({
            client,
            world,
            spec: found.spec,
            position: found.position,
            trainees: trainees.get(key) ?? [],
            anchorMs,
            onProject: (projectId) => demoRuns.update(db, key, { projectId }),
            onStep: (step) => demoRuns.update(db, key, { step }),
          });
          await demoRuns.update(db, key, { status: 'ready' });
          ready += 1;
          log(`demo data: ${ready} of ${total} projects ready (${seconds()} s; ${key})`);
          break;
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          if (attempt - row.attempts >= attempts) {
            await demoRuns.update(db, key, { status: 'failed', error: message.slice(0, 2000) });
            log(`demo data: ${key} failed after ${attempts} attempts: ${message}`);
            break;
          }
          log(`demo data: ${key} attempt ${attempt} failed (${message}); trying again`);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 5 }, lane));
  await demoRuns.releaseStaleDemoKeys(db, STALE_KEY_MS);
  return result(null, await demoRuns.list(db));
}
