import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { removeDir } from './postgres.js';
import { freePort } from './process.js';
import { startPlatform } from './start.js';

/**
 * After the tests: what `npm start` starts really comes up — on free ports, with a data folder
 * and a database of its own — and answers as a newcomer would use it: health, the console page,
 * a demo sign-in. Returns the failures (none when it works).
 */
export async function smokeStart(): Promise<string[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'qiancheng-smoke-'));
  // As root, embedded PostgreSQL runs as the `postgres` user, who must be able to enter the folder.
  chmodSync(dataDir, 0o755);
  const database = process.env.DATABASE_URL ? await createDatabase(process.env.DATABASE_URL) : null;
  const failures: string[] = [];
  try {
    const platform = await withTimeout(
      startPlatform({
        dataDir,
        apiPort: await freePort(),
        consolePort: await freePort(),
        temporalPort: await freePort(),
        temporalUiPort: await freePort(),
        postgresPort: await freePort(),
        build: false,
        quiet: true,
        ...(database ? { databaseUrl: database.url } : {}),
      }),
      180_000,
    );
    try {
      const health = await fetch(`${platform.urls.api}/health`);
      if (health.status !== 200) failures.push(`GET /health answered ${health.status}`);
      const page = await fetch(platform.urls.console);
      if (!(await page.text()).includes('<div id="app">'))
        failures.push('the console page has no app root');
      const login = await fetch(`${platform.urls.api}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'pm.dongguan', password: 'qiancheng-demo-2026' }),
      });
      if (login.status !== 200) failures.push(`the demo sign-in answered ${login.status}`);
      if (platform.urls.temporalUi) {
        const ui = await fetch(platform.urls.temporalUi);
        if (!ui.ok) failures.push(`the Temporal Web UI answered ${ui.status}`);
      }
    } finally {
      await platform.stop();
    }
  } catch (error) {
    failures.push(error instanceof Error ? error.message : String(error));
  } finally {
    await database?.drop();
    removeDir(dataDir);
  }
  return failures;
}

async function createDatabase(serverUrl: string) {
  const name = `qc_smoke_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin(`drop database if exists "${name}" with (force)`),
  };
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the platform did not come up within ${ms / 1000} s`)),
      ms,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
