import { describe, expect, it } from 'vitest';
import { availableHeadcount } from './demand-order.js';
import { canTakeNewProjects } from './parties.js';

describe('qualification', () => {
  it('lets only active providers and evaluation bodies take new projects', () => {
    expect(canTakeNewProjects({ qualification: { status: 'active', revoked: null } })).toBe(true);
    const revoked = {
      status: 'revoked' as const,
      revoked: {
        at: '2025-10-01T00:00:00.000Z',
        by: { role: 'auditor' as const, id: 'u1', regionCode: '440000' },
        reason: '虚假培训',
      },
    };
    expect(canTakeNewProjects({ qualification: revoked })).toBe(false);
  });
});

describe('demand orders', () => {
  it('offer their unreserved headcount, never a negative one', () => {
    expect(availableHeadcount({ headcount: 50, reservedHeadcount: 30 })).toBe(20);
    expect(availableHeadcount({ headcount: 50, reservedHeadcount: 60 })).toBe(0);
  });
});
