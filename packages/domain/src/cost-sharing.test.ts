import { describe, expect, it } from 'vitest';
import { type ApprovalStatus, type CostSharingParty, roundOutcome } from './cost-sharing.js';
import { InvalidInputError } from './errors.js';

const PARTIES: CostSharingParty[] = [
  { regionCode: '440100', role: 'labour_import', shareBp: 6000 },
  { regionCode: '520500', role: 'labour_export', shareBp: 3000 },
  { regionCode: '520300', role: 'labour_export', shareBp: 1000 },
];

const approvals = (round: number, ...statuses: ApprovalStatus[]) =>
  statuses.map((status, i) => ({ round, status, regionCode: PARTIES[i]?.regionCode ?? '' }));

describe('roundOutcome', () => {
  it('is approved only when every party has approved in this round', () => {
    expect(
      roundOutcome(PARTIES, approvals(1, 'approved', 'approved', 'approved'), 1),
    ).toMatchObject({
      status: 'approved',
      approved: ['440100', '520500', '520300'],
    });
    expect(roundOutcome(PARTIES, approvals(1, 'approved', 'approved'), 1)).toMatchObject({
      status: 'pending',
      pending: ['520300'],
    });
  });

  it('ignores approvals from other rounds', () => {
    expect(roundOutcome(PARTIES, approvals(1, 'approved', 'approved', 'approved'), 2).status).toBe(
      'pending',
    );
  });

  it('ranks a rejection above an expiry, and an expiry above pending', () => {
    expect(roundOutcome(PARTIES, approvals(1, 'expired', 'rejected', 'pending'), 1)).toMatchObject({
      status: 'rejected',
      rejected: ['520500'],
      expired: ['440100'],
      pending: ['520300'],
    });
    expect(roundOutcome(PARTIES, approvals(1, 'approved', 'expired', 'pending'), 1).status).toBe(
      'expired',
    );
  });

  it('refuses an agreement without parties', () => {
    expect(() => roundOutcome([], [], 1)).toThrow(InvalidInputError);
  });
});
