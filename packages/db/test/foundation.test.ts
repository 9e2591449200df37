import { createTestDatabase } from '@qiancheng/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../src/create-db.js';
import { migrateToLatest } from '../src/migrate.js';
import { migrations } from '../src/migrations/index.js';
import * as auditLog from '../src/repositories/audit-log.repository.js';
import { freshDatabase } from './fresh-database.js';

describe('migrations', () => {
  it('bring an empty database to the latest schema, and a second run applies nothing', async () => {
    const database = await createTestDatabase('migrate');
    const db = createDb(database.url, { max: 1 });
    try {
      const first = await migrateToLatest(db);
      expect(first).toEqual(Object.keys(migrations).sort());
      expect(await migrateToLatest(db)).toEqual([]);
    } finally {
      await db.destroy();
    }
    // The database's own settings reach every new session: no JIT for short queries.
    const session = createDb(database.url, { max: 1 });
    try {
      const { rows } = await sql<{ jit: string }>`show jit`.execute(session);
      expect(rows[0]?.jit).toBe('off');
    } finally {
      await session.destroy();
      await database.drop();
    }
  });
});

describe('the audit log', () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    fresh = await freshDatabase('audit');
  });
  afterAll(async () => {
    await fresh.close();
  });

  it('stores an entry and reads it back with its timestamp in UTC', async () => {
    const written = await auditLog.append(fresh.db, {
      actor: 'user:pm-gd',
      action: 'project.created',
      subjectType: 'project',
      subjectId: 'p-1',
      reason: '订单培训立项',
      details: { headcount: 50 },
      requestId: 'req-1',
    });
    const [read] = await auditLog.listForSubject(fresh.db, 'project', 'p-1');
    expect(read).toEqual(written);
    expect(read?.details).toEqual({ headcount: 50 });
    expect(read?.occurredAt).toBeInstanceOf(Date);
    expect(typeof read?.id).toBe('number');
  });

  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    await auditLog.append(fresh.db, {
      actor: 'a',
      action: 'x',
      subjectType: 's',
      subjectId: '1',
      details: {},
    });
    await expect(
      fresh.db.updateTable('auditLog').set({ actor: 'someone else' }).execute(),
    ).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(fresh.db.deleteFrom('auditLog').execute()).rejects.toThrow(
      /append-only: DELETE refused/,
    );
    await expect(sql`truncate audit_log`.execute(fresh.db)).rejects.toThrow(
      /append-only: TRUNCATE refused/,
    );
    const count = await fresh.db
      .selectFrom('auditLog')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    expect(Number(count?.n)).toBeGreaterThanOrEqual(2);
  });

  it('leaves nothing behind when the transaction that wrote it fails', async () => {
    await expect(
      fresh.db.transaction().execute(async (trx) => {
        await auditLog.append(trx, {
          actor: 'a',
          action: 'x',
          subjectType: 'tx',
          subjectId: 'rolled-back',
          details: {},
        });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await auditLog.listForSubject(fresh.db, 'tx', 'rolled-back')).toEqual([]);
  });
});
