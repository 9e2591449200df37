import { randomUUID } from 'node:crypto';
import { inTransaction } from '@qiancheng/db';
import { InvalidAmountError } from '@qiancheng/domain';
import { ApplicationFailure } from '@temporalio/common';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyActivityError, withClassifiedFailures } from '../src/activity-failures.js';
import { type Harness, startHarness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('activity_failures', { worker: false });
});
afterAll(async () => {
  await h?.close();
});

/** The error PostgreSQL really raises for `run`. */
async function pgError(run: () => Promise<unknown>): Promise<unknown> {
  return run().then(
    () => {
      throw new Error('expected PostgreSQL to refuse');
    },
    (e: unknown) => e,
  );
}

describe('activity failures', () => {
  it('are permanent for data PostgreSQL cannot store, named by field and never by table', async () => {
    const nul = await pgError(() => sql`select ${'a\u0000b'}::text`.execute(h.db));
    const failure = classifyActivityError('recordPlacements', nul) as ApplicationFailure;
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure.type).toBe('InvalidData');
    expect(failure.nonRetryable).toBe(true);

    const missing = await pgError(() =>
      sql`insert into enterprise_api_keys (enterprise_id, label, prefix, key_hash)
          values (${randomUUID()}, 'x', 'qck_abcdefgh', ${'a'.repeat(64)})`.execute(h.db),
    );
    const fk = classifyActivityError('issueKey', missing) as ApplicationFailure;
    expect(fk.type).toBe('ConstraintViolated');
    expect(fk.nonRetryable).toBe(true);
    expect(fk.message).toBe('issueKey: enterpriseId names a record that does not exist');
  });

  it('are permanent for a statement PostgreSQL refuses, and for a domain rule', async () => {
    const refused = await pgError(() => sql`select * from no_such_table`.execute(h.db));
    expect(classifyActivityError('x', refused)).toMatchObject({
      type: 'StatementRefused',
      nonRetryable: true,
    });
    expect(classifyActivityError('x', new InvalidAmountError('negative'))).toMatchObject({
      type: 'InvalidInput',
      nonRetryable: true,
    });
  });

  it('stay retryable for a lock that is busy now, and pass our own failures through', async () => {
    const busy = await inTransaction(h.db, async (trx) => {
      await sql`select code from regions limit 1 for update`.execute(trx);
      return pgError(() =>
        h.db.transaction().execute(async (other) => {
          await sql`select code from regions limit 1 for update nowait`.execute(other);
        }),
      );
    });
    expect(classifyActivityError('x', busy)).toMatchObject({
      type: 'DatabaseUnavailable',
      nonRetryable: false,
    });
    const ours = ApplicationFailure.nonRetryable('no project', 'ProjectNotFound');
    expect(classifyActivityError('x', ours)).toBe(ours);
  });

  it('are classified for every wrapped activity, their results untouched', async () => {
    const activities = withClassifiedFailures({
      async ok() {
        return 42;
      },
      async bad() {
        await sql`select ${'\u0000'}::text`.execute(h.db);
      },
    });
    expect(await activities.ok()).toBe(42);
    await expect(activities.bad()).rejects.toMatchObject({
      type: 'InvalidData',
      nonRetryable: true,
      message: 'bad: the input has a value that cannot be stored',
    });
  });
});
