import { randomBytes } from 'node:crypto';
import { ensureAppLogin } from '@qiancheng/devstack';
import pg from 'pg';
import { requireTestEnv } from './env.js';

export interface TestDatabase {
  /** Connection string of the new, empty database, as its owner: migrations and test set-up. */
  readonly url: string;
  /**
   * The same database as the apps' login role (a member of `qiancheng_app`, which the migrations
   * grant to): what the API and the worker under test connect with, as in production.
   */
  readonly appUrl: string;
  readonly name: string;
  /** Drops the database (closing any connection still open to it). */
  drop(): Promise<void>;
}

/**
 * Creates an empty database on the run's PostgreSQL server, so test files running in parallel
 * (and packages tested in parallel by turbo) never see each other's rows.
 */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const { databaseUrl } = requireTestEnv();
  const safeLabel = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 30);
  const name = `qc_test_${safeLabel}_${randomBytes(4).toString('hex')}`;
  await withAdmin(databaseUrl, (client) => client.query(`create database "${name}"`));
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  const appUrl = new URL(await ensureAppLogin(databaseUrl));
  appUrl.pathname = `/${name}`;
  return {
    url: url.toString(),
    appUrl: appUrl.toString(),
    name,
    async drop() {
      await withAdmin(databaseUrl, (client) =>
        client.query(`drop database if exists "${name}" with (force)`),
      );
    },
  };
}

async function withAdmin<T>(
  databaseUrl: string,
  fn: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
