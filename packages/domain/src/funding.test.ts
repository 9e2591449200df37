import { describe, expect, it } from 'vitest';
import { InvalidSharesError } from './errors.js';
import { splitByFundingPlan } from './funding.js';

describe('splitByFundingPlan', () => {
  it('splits a subsidy across the plan sources exactly, leftover fen to the largest remainder', () => {
    const plan = {
      shares: [
        { source: 'employment_subsidy_fund' as const, payerRegionCode: '440100', shareBp: 5000 },
        { source: 'east_west_cooperation_fund' as const, payerRegionCode: '440000', shareBp: 3333 },
        {
          source: 'enterprise_staff_education_fund' as const,
          payerRegionCode: null,
          shareBp: 1667,
        },
      ],
    };
    expect(splitByFundingPlan(150_001, plan)).toEqual([
      { source: 'employment_subsidy_fund', payerRegionCode: '440100', amount: 75_001 },
      { source: 'east_west_cooperation_fund', payerRegionCode: '440000', amount: 49_995 },
      { source: 'enterprise_staff_education_fund', payerRegionCode: null, amount: 25_005 },
    ]);
  });

  it('refuses a plan whose shares do not make the whole', () => {
    const plan = {
      shares: [
        { source: 'employment_subsidy_fund' as const, payerRegionCode: null, shareBp: 9000 },
      ],
    };
    expect(() => splitByFundingPlan(100, plan)).toThrow(InvalidSharesError);
  });
});
