// Starts what the console needs, on free ports: a fresh database with the demo data, the built
// API and worker on the run's Temporal, and `vite preview` of the built console pointed at that
// API. Build first (`pnpm build` at the root); nothing here builds.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createDb, migrateToLatest, referenceData, seedDemoData } from '@qiancheng/db';
import {
  freePort,
  type ManagedProcess,
  repoRoot,
  startProcess,
  waitFor,
} from '@qiancheng/devstack';
import { createTestDatabase } from '@qiancheng/testing';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    consoleUrl: string;
    apiUrl: string;
  }
}

const consoleDir = join(repoRoot, 'apps', 'console');

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  for (const built of [
    'apps/api/dist/server.js',
    'workflows/dist/worker/main.js',
    'apps/console/dist/index.html',
  ]) {
    if (!existsSync(join(repoRoot, built)))
      throw new Error(`${built} is missing: run the build first`);
  }
  const database = await createTestDatabase('console_e2e');
  const db = createDb(database.url);
  await migrateToLatest(db);
  await referenceData.sync(db);
  await seedDemoData(db);
  await db.destroy();

  const apiPort = await freePort();
  const consolePort = await freePort();
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const consoleUrl = `http://127.0.0.1:${consolePort}`;
  const env = {
    ...process.env,
    DATABASE_URL: database.url,
    APP_DATABASE_URL: database.appUrl,
    TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
  };
  const processes: ManagedProcess[] = [];
  const stopAll = async () => {
    await Promise.allSettled(processes.reverse().map((p) => p.stop()));
    await database.drop().catch(() => {});
  };
  try {
    // The API reads no TASK_QUEUE, so the worker polls the default queue too.
    processes.push(
      startProcess(
        'e2e-worker',
        process.execPath,
        [join(repoRoot, 'workflows/dist/worker/main.js')],
        {
          env,
          quiet: true,
        },
      ),
    );
    processes.push(
      startProcess('e2e-api', process.execPath, [join(repoRoot, 'apps/api/dist/server.js')], {
        env: {
          ...env,
          PORT: String(apiPort),
          HOST: '127.0.0.1',
          CONSOLE_ORIGIN: consoleUrl,
          // Two browser contexts sign in several times in one run.
          LOGIN_RATE_LIMIT_MAX: '100',
        },
        quiet: true,
      }),
    );
    processes.push(
      startProcess(
        'e2e-console',
        process.execPath,
        [
          join(consoleDir, 'node_modules/vite/bin/vite.js'),
          'preview',
          '--host',
          '127.0.0.1',
          '--port',
          String(consolePort),
          '--strictPort',
        ],
        { cwd: consoleDir, env: { ...env, API_URL: apiUrl }, quiet: true },
      ),
    );
    await waitFor(
      'the API',
      async () => {
        const r = await fetch(`${apiUrl}/health`);
        if (!r.ok) throw new Error(`health ${r.status}`);
      },
      90_000,
    );
    await waitFor(
      'the console',
      async () => {
        const r = await fetch(`${consoleUrl}/health`);
        if (!r.ok) throw new Error(`console proxy ${r.status}`);
      },
      60_000,
    );
  } catch (error) {
    await stopAll();
    throw error;
  }
  project.provide('consoleUrl', consoleUrl);
  project.provide('apiUrl', apiUrl);
  return stopAll;
}
