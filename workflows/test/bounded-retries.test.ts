import { once } from 'node:events';
import {
  type AddressInfo,
  createConnection,
  createServer,
  type Server,
  type Socket,
} from 'node:net';
import { createDb, type Db } from '@qiancheng/db';
import { requireTestEnv } from '@qiancheng/testing';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelProjectUpdate, retryStepUpdate } from '../src/project/project.definitions.js';
import { createWorker } from '../src/worker/create-worker.js';
import {
  copyDemoProject,
  type Harness,
  launch,
  queryState,
  startHarness,
  waitForState,
} from './harness.js';

/**
 * A TCP hop between the worker and PostgreSQL that can drop every connection: a real outage as
 * the activities see it (the connection ends before PostgreSQL answers), counted per attempt.
 */
class FlakyLink {
  up = false;
  accepted = 0;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  constructor(private readonly target: { host: string; port: number }) {
    this.server = createServer((client) => {
      this.accepted += 1;
      if (!this.up) {
        client.destroy();
        return;
      }
      const upstream = createConnection(this.target);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
  }
  async listen(): Promise<number> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return (this.server.address() as AddressInfo).port;
  }
  async close() {
    for (const s of this.sockets) s.destroy();
    this.server.close();
  }
}

let h: Harness;
let link: FlakyLink;
let flakyDb: Db;
let native: NativeConnection;
let worker: Worker;
let running: Promise<void>;

beforeAll(async () => {
  h = await startHarness('bounded', { worker: false });
  const url = new URL(h.databaseUrl);
  link = new FlakyLink({ host: url.hostname, port: Number(url.port || 5432) });
  url.port = String(await link.listen());
  url.hostname = '127.0.0.1';
  flakyDb = createDb(url.toString(), { max: 2 });
  const env = requireTestEnv();
  native = await NativeConnection.connect({ address: env.temporalAddress });
  worker = await createWorker({
    connection: native,
    namespace: env.temporalNamespace,
    taskQueue: h.taskQueue,
    deps: { db: flakyDb, client: h.client },
  });
  running = worker.run();
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await native?.close();
  await flakyDb?.destroy();
  await link?.close();
  await h?.close();
});

describe('an activity that keeps failing transiently', () => {
  it('stops after its bounded attempts; the project shows the failed step and goes on when an operator retries', async () => {
    const projectId = await copyDemoProject(h.db, '深圳低空经济无人机驾驶员');
    const handle = await launch(h, projectId, {
      partners: [],
      activityRetry: { maximumAttempts: 3, initialIntervalMs: 200 },
    });

    // The database is unreachable: the stage's first record is attempted 3 times, then given up.
    const blocked = await waitForState(handle, (s) => s.failures.length > 0, 20_000);
    expect(blocked.failures).toEqual([
      expect.objectContaining({
        step: 'enter_stage:demand',
        type: 'DatabaseUnavailable',
        by: null,
        resolvedAt: null,
      }),
    ]);
    expect(blocked.pending).toEqual([expect.objectContaining({ kind: 'retry_step' })]);
    const attempts = link.accepted;
    expect(attempts).toBe(3);
    // No retry loop behind the scenes: nothing more reaches the database while it waits.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(link.accepted).toBe(attempts);

    // The outage ends; an operator retries the step and the chain carries on.
    link.up = true;
    expect(
      await handle.executeUpdate(retryStepUpdate, {
        args: [{ by: 'user:operator', reason: '数据库已恢复' }],
      }),
    ).toEqual({ step: 'enter_stage:demand' });
    const moved = await waitForState(handle, (s) => s.stage === 'enrolment', 20_000);
    expect(moved.failures[0]?.resolvedAt).not.toBeNull();
    expect(moved.decisions.map((d) => d.action)).toContain('retry:enter_stage:demand');
    // With nothing blocked, a retry is refused.
    await expect(
      handle.executeUpdate(retryStepUpdate, { args: [{ by: 'user:operator' }] }),
    ).rejects.toThrow();
    await handle.executeUpdate(cancelProjectUpdate, {
      args: [{ by: 'user:pm', reason: 'test over' }],
    });
    expect((await queryState(handle)).stage).toBe('cancelled');
  });
});
