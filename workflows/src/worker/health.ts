import { createServer, type Server } from 'node:http';
import type { Db } from '@qiancheng/db';
import type { Connection } from '@temporalio/client';
import type { State } from '@temporalio/worker';
import { sql } from 'kysely';

const CHECK_TIMEOUT_MS = 2_000;

type Check = { status: 'up' | 'down'; latencyMs: number; error?: string };

async function timed(probe: (signal: AbortSignal) => Promise<unknown>): Promise<Check> {
  const started = performance.now();
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), CHECK_TIMEOUT_MS);
  try {
    await Promise.race([
      probe(abort.signal),
      new Promise((_, reject) =>
        abort.signal.addEventListener('abort', () => reject(new Error('timed out'))),
      ),
    ]);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      status: 'down',
      latencyMs: Math.round(performance.now() - started),
      error: error instanceof Error ? (error.message.split('\n')[0] ?? 'failed') : 'failed',
    };
  } finally {
    clearTimeout(timer);
  }
}

export interface HealthSources {
  /** The worker's state; null until the worker exists (connecting, bundling). */
  state(): State | null;
  db: Db;
  /** The worker's client connection (its activities start and signal workflows through it). */
  temporal: Connection;
}

/**
 * The worker's probes, for an orchestrator (it serves no other traffic):
 * - `GET /live`: 200 unless the worker is stopping or has failed — restart me when not. It does not
 *   look at PostgreSQL or Temporal: an outage of either is no reason to restart every worker.
 * - `GET /ready`: 200 when the worker polls (RUNNING) and PostgreSQL and Temporal answer within
 *   2 s, else 503 naming what is down — the rollout waits for it.
 */
export function startHealthServer(address: string, sources: HealthSources): Promise<Server> {
  const server = createServer((request, response) => {
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, {
        'content-type': 'application/json',
        'cache-control': 'no-store',
      });
      response.end(JSON.stringify(body));
    };
    const state = sources.state();
    if (request.method !== 'GET') return reply(405, { status: 'method_not_allowed' });
    if (request.url === '/live') {
      const alive = state === null || state === 'INITIALIZED' || state === 'RUNNING';
      return reply(alive ? 200 : 503, { status: alive ? 'ok' : 'stopping', state });
    }
    if (request.url === '/ready') {
      void Promise.all([
        timed(() => sql`select 1`.execute(sources.db)),
        timed((signal) =>
          sources.temporal.withAbortSignal(signal, () =>
            sources.temporal.withDeadline(Date.now() + CHECK_TIMEOUT_MS, () =>
              sources.temporal.workflowService.getSystemInfo({}),
            ),
          ),
        ),
      ]).then(([postgres, temporal]) => {
        const checks = { postgres, temporal };
        const down = (['postgres', 'temporal'] as const).filter(
          (name) => checks[name].status === 'down',
        );
        const ready = state === 'RUNNING' && down.length === 0;
        reply(ready ? 200 : 503, {
          status: ready ? 'ok' : 'unavailable',
          state,
          down: state === 'RUNNING' ? down : ['worker', ...down],
          checks,
        });
      });
      return;
    }
    reply(404, { status: 'not_found' });
  });
  const match = /^(.*):(\d+)$/.exec(address);
  const host = (match?.[1] ?? '0.0.0.0').replace(/^\[(.*)\]$/, '$1');
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(match?.[2]), host, () => resolve(server));
  });
}
