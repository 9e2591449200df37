import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../src/database.js';

async function query(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

describe('createTestDatabase', () => {
  it('gives each caller its own empty database, and drop removes it', async () => {
    const a = await createTestDatabase('isolation');
    const b = await createTestDatabase('isolation');
    expect(a.name).not.toBe(b.name);
    await query(a.url, 'create table only_in_a (id int)');
    const inB = await query(b.url, "select to_regclass('only_in_a') as t");
    expect(inB.rows[0].t).toBeNull();

    await a.drop();
    await b.drop();
    const left = await query(
      process.env.DATABASE_URL as string,
      `select datname from pg_database where datname in ('${a.name}', '${b.name}')`,
    );
    expect(left.rowCount).toBe(0);
  });

  it('gives the apps a login role of qiancheng_app that owns nothing and is no superuser', async () => {
    const database = await createTestDatabase('app_role');
    try {
      const { rows } = await query(
        database.appUrl,
        `select current_user as user, current_database() as db,
                (select rolsuper or rolcreaterole or rolcreatedb from pg_roles where rolname = current_user) as powerful,
                pg_has_role(current_user, 'qiancheng_app', 'member') as member`,
      );
      expect(rows[0]).toEqual({
        user: 'qiancheng_api',
        db: database.name,
        powerful: false,
        member: true,
      });
      // The owner's connection string is another role: migrations are not run as the app.
      expect(new URL(database.url).username).not.toBe('qiancheng_api');
    } finally {
      await database.drop();
    }
  });
});
