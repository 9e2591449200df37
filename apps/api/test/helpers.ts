import {
  createDb,
  type Db,
  DEMO_API_KEY,
  DEMO_PASSWORD,
  migrateToLatest,
  referenceData,
  seedDemoData,
} from '@qiancheng/db';
import { createTestDatabase, requireTestEnv, type TestDatabase } from '@qiancheng/testing';
import { createWorker } from '@qiancheng/workflows/worker';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { type App, buildApp } from '../src/app.js';
import type { AppSettings } from '../src/config.js';

export { DEMO_API_KEY };

/** A migrated, seeded database, Temporal, and the app over them, for one test file. */
export interface Harness {
  app: App;
  db: Db;
  client: Client;
  database: TestDatabase;
  /** Bearer headers of a demo user (logs in once per user). */
  as(username: string): Promise<Record<string, string>>;
  /** Another app over the same services (e.g. with other settings). */
  appWith(settings: Partial<AppSettings>): Promise<App>;
  close(): Promise<void>;
}

export async function createHarness(
  label: string,
  settings: Partial<AppSettings> = {},
): Promise<Harness> {
  const env = requireTestEnv();
  const database = await createTestDatabase(label);
  // The owner migrates, seeds and sets tests up; the app connects as the apps' role, as deployed.
  const db = createDb(database.url, { max: 5 });
  const appDb = createDb(database.appUrl, { max: 5 });
  await migrateToLatest(db);
  await referenceData.sync(db);
  await seedDemoData(db);
  const temporal = await Connection.connect({ address: env.temporalAddress });
  const client = new Client({ connection: temporal, namespace: env.temporalNamespace });
  const apps: App[] = [];
  const appWith = async (overrides: Partial<AppSettings>) => {
    const built = await buildApp(
      { db: appDb, temporal, client },
      {
        settings: {
          workflowTimeoutMs: 4000,
          ssePollMs: 100,
          // A queue of this file's own: no other package's worker picks up these workflows.
          taskQueue: `api-test-${label}-${database.name.slice(-8)}`,
          ...settings,
          ...overrides,
        },
      },
    );
    apps.push(built);
    return built;
  };
  const app = await appWith({});
  const tokens = new Map<string, string>();
  return {
    app,
    db,
    client,
    database,
    appWith,
    async as(username) {
      let token = tokens.get(username);
      if (!token) {
        const response = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username, password: DEMO_PASSWORD },
        });
        if (response.statusCode !== 200) throw new Error(`login ${username}: ${response.body}`);
        token = response.json().token as string;
        tokens.set(username, token);
      }
      return { authorization: `Bearer ${token}` };
    },
    async close() {
      await Promise.allSettled(apps.map((a) => a.close()));
      await db.destroy();
      await appDb.destroy();
      await temporal.close();
      await database.drop();
    },
  };
}

/** A worker running the workflows and their activities for a test file, stopped with `stop()`. */
export interface RunningWorker {
  stop(): Promise<void>;
}

/**
 * Runs the project workflows on `taskQueue` (the harness's app uses the same queue), with the
 * activities connected as the apps' database role, as deployed — not as the owner.
 */
export async function startWorker(h: Harness, taskQueue: string): Promise<RunningWorker> {
  const env = requireTestEnv();
  const db = createDb(h.database.appUrl, { max: 5 });
  const connection = await NativeConnection.connect({ address: env.temporalAddress });
  const worker = await createWorker({
    connection,
    namespace: env.temporalNamespace,
    taskQueue,
    deps: { db, client: h.client },
  });
  const running = worker.run();
  return {
    async stop() {
      worker.shutdown();
      await running.catch(() => undefined);
      await connection.close();
      await db.destroy();
    },
  };
}

export const enterprise = { 'x-api-key': DEMO_API_KEY };

/** A date `days` from today, as YYYY-MM-DD. */
export const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
