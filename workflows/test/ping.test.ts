import { readFileSync } from 'node:fs';
import { createDb, type Db } from '@qiancheng/db';
import { requireTestEnv } from '@qiancheng/testing';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEARCH_ATTRIBUTES } from '../src/search-attributes.js';
import { createWorker } from '../src/worker/create-worker.js';

const env = requireTestEnv();
const taskQueue = `test-ping-${process.pid}-${Date.now()}`;
let connection: Connection;
let nativeConnection: NativeConnection;
let client: Client;
let worker: Worker;
let running: Promise<void>;
let db: Db;

beforeAll(async () => {
  connection = await Connection.connect({ address: env.temporalAddress });
  client = new Client({ connection, namespace: env.temporalNamespace });
  nativeConnection = await NativeConnection.connect({ address: env.temporalAddress });
  // The ping touches no table: a pool that never connects is enough.
  db = createDb(env.databaseUrl, { max: 1 });
  worker = await createWorker({
    connection: nativeConnection,
    namespace: env.temporalNamespace,
    taskQueue,
    deps: { db, client },
  });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await nativeConnection?.close();
  await connection?.close();
  await db?.destroy();
});

describe('the ping workflow on the real Temporal server', () => {
  it('runs its activity on our worker and returns its result', async () => {
    const result = await client.workflow.execute('pingWorkflow', {
      taskQueue,
      workflowId: `ping-${Date.now()}`,
      args: [{ message: '技能照亮前程' }],
    });
    expect(result).toEqual({ echoed: '技能照亮前程', answeredBy: taskQueue });
  });

  it('leaves a history with the activity scheduled, completed and the workflow completed', async () => {
    const workflowId = `ping-history-${Date.now()}`;
    const handle = await client.workflow.start('pingWorkflow', {
      taskQueue,
      workflowId,
      args: [{ message: 'hi' }],
    });
    await handle.result();
    const history = await handle.fetchHistory();
    const events = history.events ?? [];
    const activityScheduled = events.findIndex(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'echo',
    );
    const activityCompleted = events.findIndex((e) => e.activityTaskCompletedEventAttributes);
    expect(activityScheduled).toBeGreaterThan(0);
    expect(activityCompleted).toBeGreaterThan(activityScheduled);
    expect(history.events?.at(-1)?.workflowExecutionCompletedEventAttributes).toBeTruthy();
    const description = await handle.describe();
    expect(description.status.name).toBe('COMPLETED');
  });
});

describe('search attributes', () => {
  it('that the workflows use are the ones the server registers at start', async () => {
    const registered = JSON.parse(
      readFileSync(new URL('../../infra/temporal/search-attributes.json', import.meta.url), 'utf8'),
    ) as Record<string, string>;
    const typeNames: Record<string, string> = { KEYWORD: 'Keyword', KEYWORD_LIST: 'KeywordList' };
    const used = Object.fromEntries(
      Object.values(SEARCH_ATTRIBUTES).map((key) => [key.name, typeNames[key.type] ?? key.type]),
    );
    const { $comment: _comment, ...declared } = registered;
    expect(used).toEqual(declared);

    const response = await connection.operatorService.listSearchAttributes({
      namespace: env.temporalNamespace,
    });
    const onServer = Object.keys(response.customAttributes ?? {});
    expect(onServer).toEqual(expect.arrayContaining(Object.keys(declared)));
  });
});
