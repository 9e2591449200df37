import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as assessments from '../src/repositories/assessments.repository.js';
import * as auditLog from '../src/repositories/audit-log.repository.js';
import * as ledger from '../src/repositories/ledger.repository.js';
import { type Chain, makeChain } from './fixtures.js';
import { freshDatabase } from './fresh-database.js';

let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let chain: Chain;

beforeAll(async () => {
  fresh = await freshDatabase('append_only');
  chain = await makeChain(fresh.db);
});
afterAll(async () => {
  await fresh.close();
});

const line = (key: string, kind: 'claim' | 'payment' = 'claim') => ({
  idempotencyKey: key,
  claimId: chain.claim.id,
  kind,
  fundingSource: 'employment_subsidy_fund' as const,
  payerRegionCode: '441900',
  amountFen: 96_000,
  recordedBy: 'workflow:project-1',
  reason: null,
});

describe('the ledger', () => {
  it('refuses UPDATE, DELETE and TRUNCATE of its entries', async () => {
    const { entry } = await ledger.append(fresh.db, line('project-1:settle:claim:a'));
    await expect(
      fresh.db
        .updateTable('ledgerEntries')
        .set({ amountFen: 1 })
        .where('id', '=', entry.id)
        .execute(),
    ).rejects.toThrow(/ledger_entries is append-only: UPDATE refused/);
    await expect(
      fresh.db.deleteFrom('ledgerEntries').where('id', '=', entry.id).execute(),
    ).rejects.toThrow(/ledger_entries is append-only: DELETE refused/);
    await expect(sql`truncate ledger_entries`.execute(fresh.db)).rejects.toThrow(
      /append-only: TRUNCATE refused/,
    );
    expect(await ledger.findByIdempotencyKey(fresh.db, 'project-1:settle:claim:a')).toEqual(entry);
  });

  it('writes an idempotency key once: a retried append returns the first entry', async () => {
    const first = await ledger.append(fresh.db, line('project-1:settle:claim:b'));
    const retry = await ledger.append(fresh.db, line('project-1:settle:claim:b'));
    expect(first.created).toBe(true);
    expect(retry).toEqual({ entry: first.entry, created: false });
    const keys = (await ledger.listForClaim(fresh.db, chain.claim.id)).map((e) => e.idempotencyKey);
    expect(keys.filter((k) => k === 'project-1:settle:claim:b')).toHaveLength(1);
  });

  it('refuses a key reused for a different entry', async () => {
    await ledger.append(fresh.db, line('project-1:settle:claim:c'));
    await expect(
      ledger.append(fresh.db, { ...line('project-1:settle:claim:c'), amountFen: 1 }),
    ).rejects.toThrow(ledger.IdempotencyKeyReusedError);
  });

  it('corrects by a reversing entry that mirrors the original, once, retries included', async () => {
    const { entry: original } = await ledger.append(fresh.db, line('project-1:settle:claim:d'));
    const before = await ledger.totalsForClaim(fresh.db, chain.claim.id);
    const reversal = await ledger.reverse(fresh.db, {
      entryId: original.id,
      idempotencyKey: `reverse:${original.id}`,
      recordedBy: 'user:auditor',
      reason: '重复计提，冲销',
    });
    expect(reversal.entry).toMatchObject({
      kind: 'reversal',
      direction: -1,
      amountFen: original.amountFen,
      fundingSource: original.fundingSource,
      payerRegionCode: original.payerRegionCode,
      reversesEntryId: original.id,
    });
    expect(reversal.entry.seq).toBeGreaterThan(original.seq);
    const retry = await ledger.reverse(fresh.db, {
      entryId: original.id,
      idempotencyKey: `reverse:${original.id}`,
      recordedBy: 'user:auditor',
      reason: '重复计提，冲销',
    });
    expect(retry).toEqual({ entry: reversal.entry, created: false });
    const after = await ledger.totalsForClaim(fresh.db, chain.claim.id);
    expect(after.owedFen).toBe(before.owedFen - original.amountFen);
    await expect(
      ledger.reverse(fresh.db, {
        entryId: reversal.entry.id,
        idempotencyKey: `reverse:${reversal.entry.id}`,
        recordedBy: 'user:auditor',
        reason: '冲销的冲销',
      }),
    ).rejects.toThrow(/cannot itself be reversed/);
  });

  it('claws back a payment (十八) with a clawback entry, leaving the payment on record', async () => {
    const { entry: payment } = await ledger.append(fresh.db, line('project-1:pay:a', 'payment'));
    const { entry: clawback } = await ledger.reverse(fresh.db, {
      entryId: payment.id,
      idempotencyKey: `clawback:${payment.id}`,
      recordedBy: 'user:auditor',
      reason: '虚假培训，追回补贴资金',
    });
    expect(clawback).toMatchObject({
      kind: 'clawback',
      direction: -1,
      reversesEntryId: payment.id,
    });
    const entries = await ledger.listForClaim(fresh.db, chain.claim.id);
    expect(entries.map((e) => e.id)).toEqual(expect.arrayContaining([payment.id, clawback.id]));
    expect((await ledger.totalsForClaim(fresh.db, chain.claim.id)).paidFen).toBe(0);
  });
});

describe('assessments', () => {
  it('refuse UPDATE and DELETE: a false evaluation is answered by revoking the certificate', async () => {
    await expect(
      fresh.db
        .updateTable('assessments')
        .set({ result: 'failed' })
        .where('id', '=', chain.assessment.id)
        .execute(),
    ).rejects.toThrow(/assessments is append-only: UPDATE refused/);
    await expect(
      fresh.db.deleteFrom('assessments').where('id', '=', chain.assessment.id).execute(),
    ).rejects.toThrow(/assessments is append-only: DELETE refused/);
    expect(await assessments.find(fresh.db, chain.assessment.id)).toEqual(chain.assessment);
  });
});

describe('the audit log', () => {
  it('refuses UPDATE and DELETE of its entries', async () => {
    await auditLog.append(fresh.db, {
      actor: 'user:auditor',
      action: 'claim.clawed_back',
      subjectType: 'subsidy_claim',
      subjectId: chain.claim.id,
      reason: '虚假培训',
      details: {},
    });
    await expect(
      fresh.db.updateTable('auditLog').set({ reason: 'rewritten' }).execute(),
    ).rejects.toThrow(/audit_log is append-only/);
    await expect(fresh.db.deleteFrom('auditLog').execute()).rejects.toThrow(
      /audit_log is append-only/,
    );
  });
});
