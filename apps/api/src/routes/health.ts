import { type DemoProgress, HealthResponse } from '@qiancheng/contracts';
import { demoRuns } from '@qiancheng/db';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';

const CHECK_TIMEOUT_MS = 2_000;

type Check = HealthResponse['checks']['postgres'];

async function timed(probe: () => Promise<unknown>): Promise<Check> {
  const started = performance.now();
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS).unref(),
      ),
    ]);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      status: 'down',
      latencyMs: Math.round(performance.now() - started),
      error: error instanceof Error ? error.message.split('\n')[0] : 'unreachable',
    };
  }
}

/** The living demo's progress for the status page; none on a database without one. */
async function demoProgress(
  db: Parameters<typeof demoRuns.progress>[0],
): Promise<DemoProgress | null> {
  try {
    const progress = await demoRuns.progress(db);
    return progress
      ? {
          ready: progress.ready,
          total: progress.total,
          failed: progress.failed,
          finished: progress.finishedAt !== null,
        }
      : null;
  } catch {
    // Not migrated yet (or unreadable): health answers without it.
    return null;
  }
}

/** GET /health: 200 when PostgreSQL and Temporal answer, 503 naming what is down. */
export default async function healthRoutes(app: FastifyInstance) {
  app.get(
    '/health',
    {
      schema: {
        summary: 'State of the API and its dependencies',
        tags: ['ops'],
        response: { 200: HealthResponse, 503: HealthResponse },
      },
    },
    async (_request, reply) => {
      const { db, temporal } = app.deps;
      const [postgres, temporalCheck] = await Promise.all([
        timed(() => sql`select 1`.execute(db)),
        timed(() => {
          // Aborted, not just abandoned, at the timeout: the client would otherwise keep
          // retrying an unreachable server in the background (and outlive a closed connection).
          const abort = new AbortController();
          setTimeout(() => abort.abort(), CHECK_TIMEOUT_MS).unref();
          return temporal.withAbortSignal(abort.signal, () =>
            temporal.withDeadline(Date.now() + CHECK_TIMEOUT_MS, () =>
              temporal.workflowService.getSystemInfo({}),
            ),
          );
        }),
      ]);
      const checks = { postgres, temporal: temporalCheck };
      const demo = postgres.status === 'up' ? await demoProgress(db) : null;
      const down = (['postgres', 'temporal'] as const).filter(
        (name) => checks[name].status === 'down',
      );
      return reply.status(down.length ? 503 : 200).send({
        status: down.length ? 'unavailable' : 'ok',
        down,
        checks,
        ...(demo ? { demo } : {}),
      });
    },
  );
}
