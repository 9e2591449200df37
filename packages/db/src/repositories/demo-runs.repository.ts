import { type Kysely, sql } from 'kysely';
import type { Database, DemoRunRow, DemoRunStatus } from '../database.js';

const columns = [
  'key',
  'title',
  'target',
  'position',
  'status',
  'projectId',
  'step',
  'attempts',
  'error',
  'createdAt',
  'updatedAt',
  'finishedAt',
] as const;

/** Plans the demo's projects once: rows already planned (an earlier, interrupted run) stay as they are. */
export async function plan(
  db: Kysely<Database>,
  rows: readonly { key: string; title: string; target: string; position: number }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('demoRuns')
    .values(rows.map((r) => ({ ...r })))
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}

/** Every demo project's row, in plan order. */
export async function list(db: Kysely<Database>): Promise<DemoRunRow[]> {
  return db.selectFrom('demoRuns').select(columns).orderBy('position').execute();
}

/** Records how far one demo project got. */
export async function update(
  db: Kysely<Database>,
  key: string,
  patch: {
    status?: DemoRunStatus;
    projectId?: string;
    step?: string | null;
    error?: string | null;
    attempts?: number;
  },
): Promise<void> {
  await db
    .updateTable('demoRuns')
    .set({
      ...patch,
      updatedAt: sql<Date>`now()`,
      ...(patch.status === 'ready' || patch.status === 'failed'
        ? { finishedAt: sql<Date>`now()` }
        : {}),
    })
    .where('key', '=', key)
    .execute();
}

/** The demo's progress for the status page, or null when this database has no living demo. */
export async function progress(db: Kysely<Database>): Promise<{
  total: number;
  ready: number;
  failed: number;
  startedAt: Date;
  finishedAt: Date | null;
} | null> {
  const row = await db
    .selectFrom('demoRuns')
    .select((eb) => [
      eb.fn.countAll<string>().as('total'),
      eb.fn.count<string>('key').filterWhere('status', '=', 'ready').as('ready'),
      eb.fn.count<string>('key').filterWhere('status', '=', 'failed').as('failed'),
      eb.fn.min('createdAt').as('startedAt'),
      eb.fn.max('finishedAt').as('lastFinishedAt'),
    ])
    .executeTakeFirstOrThrow();
  const total = Number(row.total);
  if (total === 0 || !row.startedAt) return null;
  const ready = Number(row.ready);
  const failed = Number(row.failed);
  return {
    total,
    ready,
    failed,
    startedAt: new Date(row.startedAt),
    finishedAt:
      ready + failed === total && row.lastFinishedAt ? new Date(row.lastFinishedAt) : null,
  };
}

/**
 * Frees one of the living demo's own Idempotency-Keys (`demo:…`) that a request claimed but never
 * settled — its API process was stopped mid-request (npm start's Ctrl-C) — once it is older than
 * any request can run. The demo's next request with the key then runs again: a workflow step is
 * the same Temporal update (its id derives from the key), and the demo checks the rest for effects.
 */
export async function releaseStaleDemoKey(
  db: Kysely<Database>,
  key: string,
  olderThanMs: number,
): Promise<boolean> {
  if (!key.startsWith('demo:')) return false;
  const released = await db
    .deleteFrom('idempotencyKeys')
    .where('key', '=', key)
    .where('responseStatus', 'is', null)
    .where('createdAt', '<', sql<Date>`now() - make_interval(secs => ${olderThanMs / 1000})`)
    .executeTakeFirst();
  return Number(released.numDeletedRows) > 0;
}

/** Frees every such key left behind (a finished run's steps that were found done without them). */
export async function releaseStaleDemoKeys(
  db: Kysely<Database>,
  olderThanMs: number,
): Promise<number> {
  const released = await db
    .deleteFrom('idempotencyKeys')
    .where('key', 'like', 'demo:%')
    .where('responseStatus', 'is', null)
    .where('createdAt', '<', sql<Date>`now() - make_interval(secs => ${olderThanMs / 1000})`)
    .executeTakeFirst();
  return Number(released.numDeletedRows);
}
