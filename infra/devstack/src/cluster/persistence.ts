import { createHash } from 'node:crypto';
import pg from 'pg';
import { startProcess } from '../process.js';
import type { ClusterTools } from './tools.js';

/** The login role Temporal's services connect as: owner of its two databases, nothing more. */
export const TEMPORAL_DB_ROLE = 'qiancheng_temporal';
export const TEMPORAL_DATABASES = {
  default: 'temporal',
  visibility: 'temporal_visibility',
} as const;

export interface TemporalPersistence {
  host: string;
  port: number;
  user: string;
  password: string;
}

/**
 * Makes Temporal's databases ready on the PostgreSQL server behind `ownerUrl` (a role with
 * CREATEROLE): its own login role, then with temporal-sql-tool the `temporal` and
 * `temporal_visibility` databases (created when missing), their versioning tables (set up once,
 * at 0.0) and their schema upgraded to what this server build ships. Safe to run at every start:
 * a second run finds everything and the upgrade has nothing to do.
 */
export async function prepareTemporalDatabases(
  ownerUrl: string,
  tools: ClusterTools,
  options: { quiet?: boolean } = {},
): Promise<TemporalPersistence> {
  const owner = new URL(ownerUrl);
  const persistence: TemporalPersistence = {
    host: owner.hostname,
    port: Number(owner.port || 5432),
    user: TEMPORAL_DB_ROLE,
    password: derivedPassword(owner),
  };
  const existing = await asOwner(ownerUrl, async (client) => {
    const { rowCount } = await client.query('select 1 from pg_roles where rolname = $1', [
      TEMPORAL_DB_ROLE,
    ]);
    const password = client.escapeLiteral(persistence.password);
    // CREATEDB so that the SQL tool creates the databases as their owner.
    await client.query(
      rowCount === 0
        ? `create role ${TEMPORAL_DB_ROLE} login createdb password ${password}`
        : `alter role ${TEMPORAL_DB_ROLE} login createdb password ${password}`,
    );
    const { rows } = await client.query<{ datname: string }>(
      'select datname from pg_database where datname = any($1)',
      [Object.values(TEMPORAL_DATABASES)],
    );
    return new Set(rows.map((row) => row.datname));
  });

  const sqlTool = async (database: string, ...args: string[]) => {
    const command = [
      '--plugin',
      'postgres12',
      '--ep',
      persistence.host,
      '-p',
      String(persistence.port),
      '-u',
      persistence.user,
      '--db',
      database,
      ...args,
    ];
    const run = startProcess('temporal-sql-tool', tools.sqlTool, command, {
      // The password through the environment, not the command line (ps shows that).
      env: { ...process.env, SQL_PASSWORD: persistence.password },
      quiet: options.quiet ?? true,
    });
    const code = await run.exited;
    if (code !== 0) {
      throw new Error(`temporal-sql-tool --db ${database} ${args[0]} failed (exit code ${code})`);
    }
  };

  for (const [store, database] of Object.entries(TEMPORAL_DATABASES)) {
    if (!existing.has(database))
      await sqlTool(database, 'create-database', '--defaultdb', 'postgres');
    const versioned = await hasVersioningTables({ ...persistence, database });
    if (!versioned) await sqlTool(database, 'setup-schema', '-v', '0.0');
    const dir = store === 'default' ? tools.schema.temporal : tools.schema.visibility;
    await sqlTool(database, 'update-schema', '-d', dir);
  }
  return persistence;
}

async function asOwner<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Roles are cluster-wide: two starts against one server must not create it twice.
    await client.query(`select pg_advisory_lock(hashtext('qiancheng-temporal-role'))`);
    return await work(client);
  } finally {
    await client.end();
  }
}

async function hasVersioningTables(
  target: TemporalPersistence & { database: string },
): Promise<boolean> {
  const client = new pg.Client(target);
  await client.connect();
  try {
    const { rows } = await client.query<{ found: string | null }>(
      `select to_regclass('public.schema_version')::text as found`,
    );
    return rows[0]?.found != null;
  } finally {
    await client.end();
  }
}

/** Derived from the owner's credentials, as the apps' role is (app-role.ts): no other secret to keep. */
function derivedPassword(owner: URL): string {
  return createHash('sha256')
    .update(
      `qiancheng-temporal-role\u0000${owner.username}\u0000${owner.password}\u0000${owner.host}`,
    )
    .digest('hex')
    .slice(0, 40);
}
