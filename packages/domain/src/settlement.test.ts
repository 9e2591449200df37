import { describe, expect, it } from 'vitest';
import type { ActorRef } from './actor.js';
import { InvalidInputError } from './errors.js';
import {
  claimParts,
  clawbackEntries,
  type LedgerEntry,
  ledgerTotals,
  reversingEntry,
} from './settlement.js';

const AUDITOR: ActorRef = { role: 'auditor', id: 'u-audit', regionCode: '440000' };
const SYSTEM: ActorRef = { role: 'system', id: 'project-p1', regionCode: null };

function entry(id: string, kind: LedgerEntry['kind'], amount: number, claimId = 'c1'): LedgerEntry {
  return {
    id,
    claimId,
    kind,
    fundingSource: 'employment_subsidy_fund',
    payerRegionCode: '440100',
    amount,
    direction: kind === 'claim' || kind === 'payment' ? 1 : -1,
    reversesEntryId: null,
    recordedAt: '2025-09-01T00:00:00.000Z',
    recordedBy: SYSTEM,
    reason: null,
  };
}

const LEDGER = [
  entry('e1', 'claim', 90_000),
  entry('e2', 'claim', 60_000),
  entry('e3', 'payment', 90_000),
  entry('e4', 'claim', 150_000, 'c2'),
];

const details = {
  recordedAt: '2025-12-01T00:00:00.000Z',
  recordedBy: AUDITOR,
  reason: '虚假培训',
  idFor: (original: LedgerEntry) => `clawback-${original.id}`,
};

describe('the settlement ledger', () => {
  it('totals what is owed and what is paid, signed by direction', () => {
    expect(ledgerTotals(LEDGER)).toEqual({ owed: 300_000, paid: 90_000 });
  });

  it('undoes a claim with a reversal and a payment with a clawback, never by editing', () => {
    expect(reversingEntry(LEDGER[0] as LedgerEntry, { ...details, id: 'r1' })).toMatchObject({
      id: 'r1',
      kind: 'reversal',
      direction: -1,
      amount: 90_000,
      reversesEntryId: 'e1',
      recordedBy: AUDITOR,
      reason: '虚假培训',
    });
    expect(reversingEntry(LEDGER[2] as LedgerEntry, { ...details, id: 'r3' }).kind).toBe(
      'clawback',
    );
  });

  it('refuses to reverse a reversal', () => {
    const reversal = reversingEntry(LEDGER[0] as LedgerEntry, { ...details, id: 'r1' });
    expect(() => reversingEntry(reversal, { ...details, id: 'r2' })).toThrow(InvalidInputError);
  });

  it('claws back a whole claim to zero, leaving other claims alone', () => {
    const clawback = clawbackEntries(LEDGER, 'c1', details);
    expect(clawback.map((e) => [e.id, e.kind, e.reversesEntryId])).toEqual([
      ['clawback-e1', 'reversal', 'e1'],
      ['clawback-e2', 'reversal', 'e2'],
      ['clawback-e3', 'clawback', 'e3'],
    ]);
    const after = [...LEDGER, ...clawback];
    expect(ledgerTotals(after.filter((e) => e.claimId === 'c1'))).toEqual({ owed: 0, paid: 0 });
    expect(ledgerTotals(after)).toEqual({ owed: 150_000, paid: 0 });
  });

  it('claws back idempotently: a second run over the updated ledger adds nothing', () => {
    const first = clawbackEntries(LEDGER, 'c1', details);
    expect(clawbackEntries([...LEDGER, ...first], 'c1', details)).toEqual([]);
  });
});

describe('claimParts', () => {
  it('nets each party and fund: claims less reversals owed, payments less clawbacks paid', () => {
    const parts = claimParts([
      {
        kind: 'claim',
        amount: 600,
        fundingSource: 'employment_subsidy_fund',
        payerRegionCode: '441900',
      },
      {
        kind: 'claim',
        amount: 300,
        fundingSource: 'east_west_cooperation_fund',
        payerRegionCode: '441900',
      },
      {
        kind: 'claim',
        amount: 100,
        fundingSource: 'employment_subsidy_fund',
        payerRegionCode: '520500',
      },
      {
        kind: 'payment',
        amount: 100,
        fundingSource: 'employment_subsidy_fund',
        payerRegionCode: '520500',
      },
      {
        kind: 'reversal',
        amount: 300,
        fundingSource: 'east_west_cooperation_fund',
        payerRegionCode: '441900',
      },
      {
        kind: 'clawback',
        amount: 100,
        fundingSource: 'employment_subsidy_fund',
        payerRegionCode: '520500',
      },
    ]);
    expect(parts).toEqual([
      {
        payerRegionCode: '441900',
        owed: 600,
        paid: 0,
        lines: [
          { fundingSource: 'employment_subsidy_fund', owed: 600, paid: 0 },
          { fundingSource: 'east_west_cooperation_fund', owed: 0, paid: 0 },
        ],
      },
      {
        payerRegionCode: '520500',
        owed: 100,
        paid: 0,
        lines: [{ fundingSource: 'employment_subsidy_fund', owed: 100, paid: 0 }],
      },
    ]);
  });
});
