import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@qiancheng/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appDatabaseUrl } from '../src/app-database-url.js';
import { createDb, type Db } from '../src/create-db.js';
import { migrateToLatest } from '../src/migrate.js';
import * as auditLog from '../src/repositories/audit-log.repository.js';
import * as referenceData from '../src/repositories/reference-data.repository.js';
import { seedDemoData } from '../src/seed/index.js';

let database: TestDatabase;
/** The tables' owner: migrations and set-up. */
let owner: Db;
/** The apps' role, as the API and the worker connect. */
let app: Db;

beforeAll(async () => {
  database = await createTestDatabase('least_privilege');
  owner = createDb(database.url, { max: 2 });
  await migrateToLatest(owner);
  await referenceData.sync(owner);
  await seedDemoData(owner);
  app = createDb(database.appUrl, { max: 2 });
});
afterAll(async () => {
  await app?.destroy();
  await owner?.destroy();
  await database?.drop();
});

/** PostgreSQL's SQLSTATE of a failed statement. */
async function sqlState(run: Promise<unknown>): Promise<string | undefined> {
  try {
    await run;
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Every table a repository updates or deletes from, read from the repositories' source. */
function tablesWritten(kind: 'updateTable' | 'deleteFrom'): string[] {
  const dir = join(import.meta.dirname, '..', 'src', 'repositories');
  const found = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(join(dir, file), 'utf8');
    for (const match of text.matchAll(new RegExp(`\\.${kind}\\('([A-Za-z]+)'\\)`, 'g'))) {
      found.add(snake(match[1] as string));
    }
  }
  return [...found].sort();
}

describe('the apps’ database role', () => {
  it('is neither a superuser nor the owner of any table', async () => {
    const { rows } = await sql<{ user: string; superuser: boolean; owned: number }>`
      select current_user as user,
             (select rolsuper from pg_roles where rolname = current_user) as superuser,
             (select count(*)::int from pg_tables where tableowner = current_user) as owned,
             pg_has_role(current_user, 'qiancheng_app', 'member') as member`.execute(app);
    expect(rows[0]).toMatchObject({
      user: 'qiancheng_api',
      superuser: false,
      owned: 0,
      member: true,
    });
  });

  it('cannot disable the ledger’s triggers, alter or drop a table, or create one', async () => {
    expect(await sqlState(sql`alter table ledger_entries disable trigger all`.execute(app))).toBe(
      '42501',
    );
    expect(
      await sqlState(sql`alter table audit_log disable trigger audit_log_append_only`.execute(app)),
    ).toBe('42501');
    expect(await sqlState(sql`alter table users add column x int`.execute(app))).toBe('42501');
    expect(await sqlState(sql`drop table notifications`.execute(app))).toBe('42501');
    expect(await sqlState(sql`create table sneaky (id int)`.execute(app))).toBe('42501');
    expect(await sqlState(sql`set session_replication_role = replica`.execute(app))).toBe('42501');
  });

  it('cannot truncate notifications, the audit log or the ledger', async () => {
    for (const table of ['notifications', 'audit_log', 'ledger_entries', 'demand_orders']) {
      expect(await sqlState(sql`truncate ${sql.table(table)}`.execute(app)), table).toBe('42501');
    }
  });

  it('keeps notifications from being truncated even by their owner', async () => {
    // With the tables that reference it (read state), so the FK check does not answer first.
    await expect(sql`truncate notifications, notification_reads`.execute(owner)).rejects.toThrow(
      /notifications is append-only: TRUNCATE refused/,
    );
  });

  it('reads and appends, and updates only where the model updates', async () => {
    const entry = await auditLog.append(app, {
      actor: 'user:test',
      action: 'test.least_privilege',
      subjectType: 'test',
      subjectId: 'x',
      reason: null,
      details: {},
      requestId: null,
    });
    expect(entry.id).toBeDefined();
    const order = await app.selectFrom('demandOrders').select('id').executeTakeFirstOrThrow();
    await app
      .updateTable('demandOrders')
      .set({ description: 'updated by the app' })
      .where('id', '=', order.id)
      .execute();
    // Reference data and enterprises are the owner's to change; the app never deletes orders.
    expect(
      await sqlState(
        app.updateTable('regions').set({ name: 'x' }).where('code', '=', '441900').execute(),
      ),
    ).toBe('42501');
    expect(await sqlState(app.updateTable('enterprises').set({ name: 'x' }).execute())).toBe(
      '42501',
    );
    expect(
      await sqlState(app.deleteFrom('demandOrders').where('id', '=', order.id).execute()),
    ).toBe('42501');
  });

  it('may read and append to every table, and update or delete every table a repository does', async () => {
    const { rows } = await sql<{
      table: string;
      select: boolean;
      insert: boolean;
      update: boolean;
      delete: boolean;
      truncate: boolean;
    }>`
      select tablename as table,
             has_table_privilege('qiancheng_app', format('%I', tablename), 'select') as select,
             has_table_privilege('qiancheng_app', format('%I', tablename), 'insert') as insert,
             has_table_privilege('qiancheng_app', format('%I', tablename), 'update') as update,
             has_table_privilege('qiancheng_app', format('%I', tablename), 'delete') as delete,
             has_table_privilege('qiancheng_app', format('%I', tablename), 'truncate') as truncate
        from pg_tables where schemaname = 'public' and tablename not like 'kysely_%'
       order by tablename`.execute(owner);
    const missing = (privilege: 'select' | 'insert') =>
      rows.filter((r) => !r[privilege]).map((r) => r.table);
    expect(missing('select')).toEqual([]);
    expect(missing('insert')).toEqual([]);
    expect(rows.filter((r) => r.truncate).map((r) => r.table)).toEqual([]);
    const granted = (privilege: 'update' | 'delete') =>
      rows.filter((r) => r[privilege]).map((r) => r.table);
    const existing = new Set(rows.map((r) => r.table));
    for (const [privilege, kind] of [
      ['update', 'updateTable'],
      ['delete', 'deleteFrom'],
    ] as const) {
      const needed = tablesWritten(kind).filter((t) => existing.has(t));
      expect(
        needed.filter((t) => !granted(privilege).includes(t)),
        `${privilege} missing`,
      ).toEqual([]);
    }
    // Append-only records are never updatable, whatever their triggers say.
    for (const table of ['audit_log', 'ledger_entries', 'notifications', 'assessments']) {
      expect(granted('update'), table).not.toContain(table);
      expect(granted('delete'), table).not.toContain(table);
    }
  });
});

describe('which URL the apps connect with', () => {
  const owner = 'postgres://postgres:pw@db/qiancheng';
  const appRole = 'postgres://qiancheng_api:pw@db/qiancheng';

  it('is APP_DATABASE_URL when given', () => {
    expect(
      appDatabaseUrl({ NODE_ENV: 'production', DATABASE_URL: owner, APP_DATABASE_URL: appRole }),
    ).toBe(appRole);
  });

  it('refuses to fall back to the owner in production', () => {
    expect(() => appDatabaseUrl({ NODE_ENV: 'production', DATABASE_URL: owner })).toThrow(
      /APP_DATABASE_URL is not set/,
    );
  });

  it('falls back to the owner elsewhere, with a warning', () => {
    const warnings: string[] = [];
    expect(
      appDatabaseUrl({ NODE_ENV: 'development', DATABASE_URL: owner }, (m) => warnings.push(m)),
    ).toBe(owner);
    expect(warnings.join()).toMatch(/WARNING: APP_DATABASE_URL is not set/);
  });
});
