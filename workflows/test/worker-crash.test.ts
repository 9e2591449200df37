import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ledger, subsidyClaims } from '@qiancheng/db';
import { requireTestEnv } from '@qiancheng/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  copyDemoProject,
  driveFromEnrolment,
  type Harness,
  launch,
  startHarness,
  waitForState,
} from './harness.js';
import { expectExactLedger } from './ledger-assertions.js';

const workerMain = fileURLToPath(new URL('../src/worker/main.ts', import.meta.url));
let h: Harness;
const workers: ChildProcess[] = [];

/** The real worker process (src/worker/main.ts), on this test's task queue and database. */
async function startWorkerProcess(): Promise<ChildProcess> {
  const env = requireTestEnv();
  // One process (node with tsx as its loader), so SIGKILL reaches the worker itself, not a wrapper.
  const child = spawn(process.execPath, ['--import', 'tsx', workerMain], {
    env: {
      ...process.env,
      DATABASE_URL: h.databaseUrl,
      TEMPORAL_ADDRESS: env.temporalAddress,
      TASK_QUEUE: h.taskQueue,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  workers.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('worker polling')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`worker exited early with ${code}`)));
  });
  return child;
}

beforeAll(async () => {
  h = await startHarness('crash', { worker: false });
});
afterAll(async () => {
  for (const w of workers) {
    if (w.exitCode === null && w.signalCode === null) {
      w.kill('SIGKILL');
      await new Promise((resolve) => w.once('exit', resolve));
    }
  }
  await h?.close();
});

describe('a worker killed in the middle of a project', () => {
  it('is replaced, and the project completes with exactly one ledger entry per claim part', async () => {
    const first = await startWorkerProcess();
    const projectId = await copyDemoProject(h.db, '深圳低空经济无人机驾驶员');
    const handle = await launch(h, projectId, { partners: [] });
    await waitForState(handle, (s) => s.stage === 'enrolment');
    await driveFromEnrolment(h, handle, projectId, { trainees: 40, unplaced: [0, 1, 2] });
    await waitForState(handle, (s) => s.stage === 'settlement' || s.stage === 'quality_review');
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));

    await startWorkerProcess();
    const result = await handle.result();
    expect(result.stage).toBe('closed');
    const claims = await subsidyClaims.listForProject(h.db, projectId);
    expect(claims).toHaveLength(40);
    const entries = await ledger.listForProject(h.db, projectId);
    // The drone project's funding plan has two lines (industry fund 60%, employment fund 40%).
    const perClaim = new Map<string, number>();
    for (const e of entries) perClaim.set(e.claimId, (perClaim.get(e.claimId) ?? 0) + 1);
    expect([...perClaim.values()].every((n) => n === perClaim.get(claims[0]?.id as string))).toBe(
      true,
    );
    expect(new Set(entries.map((e) => e.idempotencyKey)).size).toBe(entries.length);
    const { entries: total } = await expectExactLedger(h.db, projectId);
    expect(total).toBe(result.counts.ledgerEntries);
    // An activity in flight on the killed worker is retried when its start-to-close timeout (2 min)
    // passes; settlement pages heartbeat and come back within seconds.
  }, 300_000);
});
