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
});
