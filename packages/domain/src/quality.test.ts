import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RETENTION_OUTCOMES } from './employment.js';
import { InvalidInputError } from './errors.js';
import {
  gradeFromReviews,
  isUnfitGrade,
  measuredMetrics,
  qualityMetrics,
  ratesOverWhole,
  ratio,
  type TraineeOutcome,
} from './quality.js';
import { SKILL_LEVEL_CODES } from './reference/skill-levels.js';

const base: TraineeOutcome = {
  levelBefore: null,
  assessment: 'passed',
  certifiedLevel: 'junior',
  placed: true,
  retention3Month: 'retained',
  retention6Month: null,
};

describe('ratio', () => {
  it('rounds basis points down and has no value over an empty denominator', () => {
    expect(ratio(2, 3)).toEqual({ numerator: 2, denominator: 3, bp: 6666 });
    expect(ratio(0, 0)).toEqual({ numerator: 0, denominator: 0, bp: null });
    expect(() => ratio(1, -1)).toThrow(InvalidInputError);
  });
});

describe("a reviewer's measured metrics", () => {
  it('get their basis points by the same rule as the platform’s, and keep only what was measured', () => {
    expect(
      measuredMetrics({
        trainees: 25,
        passRate: { numerator: 18, denominator: 25 },
        averageRankGain: { numerator: 30, denominator: 20 },
        retention6Month: { numerator: 0, denominator: 0 },
      }),
    ).toEqual({
      trainees: 25,
      passRate: { numerator: 18, denominator: 25, bp: 7200 },
      averageRankGain: { numerator: 30, denominator: 20, bp: 15000 },
      retention6Month: { numerator: 0, denominator: 0, bp: null },
    });
    expect(measuredMetrics({})).toEqual({});
  });

  it('name every rate above its whole, but not the average rank gain, which may exceed 1', () => {
    expect(
      ratesOverWhole({
        passRate: { numerator: 26, denominator: 25 },
        employmentRate: { numerator: 25, denominator: 25 },
        averageRankGain: { numerator: 30, denominator: 20 },
        retention3Month: { numerator: 1, denominator: 0 },
      }),
    ).toEqual(['passRate', 'retention3Month']);
  });
});

describe('qualityMetrics', () => {
  it('measures pass, uplift, employment and retention over the stated denominators', () => {
    const metrics = qualityMetrics([
      base,
      { ...base, levelBefore: 'junior', certifiedLevel: 'senior', retention3Month: 'left' },
      { ...base, retention3Month: 'unknown', retention6Month: 'retained' },
      { ...base, assessment: 'failed', certifiedLevel: null, placed: false, retention3Month: null },
      { ...base, assessment: null, certifiedLevel: null, placed: false, retention3Month: null },
    ]);
    expect(metrics.trainees).toBe(5);
    // Not assessed counts as not passed: 3 of 5 enrolled.
    expect(metrics.passRate).toEqual({ numerator: 3, denominator: 5, bp: 6000 });
    expect(metrics.upliftRate).toEqual({ numerator: 3, denominator: 5, bp: 6000 });
    // Gains 1 (none → 初级工), 2 (初级工 → 高级工), 1: 4 levels over 3 certified.
    expect(metrics.averageRankGain).toEqual({ numerator: 4, denominator: 3, bp: 13_333 });
    expect(metrics.employmentRate).toEqual({ numerator: 3, denominator: 5, bp: 6000 });
    // Unknown stays in the denominator and is not retained.
    expect(metrics.retention3Month).toEqual({ numerator: 1, denominator: 3, bp: 3333 });
    // Only one 6-month answer recorded so far.
    expect(metrics.retention6Month).toEqual({ numerator: 1, denominator: 1, bp: 10_000 });
  });

  it('counts no gain when a certificate is at or below the level already held', () => {
    const metrics = qualityMetrics([
      { ...base, levelBefore: 'senior', certifiedLevel: 'junior' },
      { ...base, levelBefore: 'junior', certifiedLevel: 'junior' },
      { ...base, levelBefore: null, certifiedLevel: 'apprentice' },
    ]);
    expect(metrics.averageRankGain).toEqual({ numerator: 0, denominator: 3, bp: 0 });
    expect(metrics.upliftRate.numerator).toBe(0);
  });

  it('reports nothing measurable for a project without trainees', () => {
    const metrics = qualityMetrics([]);
    expect(metrics.passRate.bp).toBeNull();
    expect(metrics.retention6Month.bp).toBeNull();
  });

  it('keeps every rate between 0 and 10 000 bp, with numerator never above denominator', () => {
    const outcomeArb: fc.Arbitrary<TraineeOutcome> = fc.record({
      levelBefore: fc.option(fc.constantFrom(...SKILL_LEVEL_CODES), { nil: null }),
      assessment: fc.option(
        fc.constantFrom('passed', 'failed', 'absent') as fc.Arbitrary<
          'passed' | 'failed' | 'absent'
        >,
        { nil: null },
      ),
      certifiedLevel: fc.option(fc.constantFrom(...SKILL_LEVEL_CODES), { nil: null }),
      placed: fc.boolean(),
      retention3Month: fc.option(fc.constantFrom(...RETENTION_OUTCOMES), { nil: null }),
      retention6Month: fc.option(fc.constantFrom(...RETENTION_OUTCOMES), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(outcomeArb, { maxLength: 40 }), (outcomes) => {
        const m = qualityMetrics(outcomes);
        for (const r of [
          m.passRate,
          m.upliftRate,
          m.employmentRate,
          m.retention3Month,
          m.retention6Month,
        ]) {
          expect(r.numerator).toBeLessThanOrEqual(r.denominator);
          if (r.bp !== null) expect(r.bp >= 0 && r.bp <= 10_000).toBe(true);
        }
        expect(m.retention3Month.denominator).toBeLessThanOrEqual(m.employmentRate.numerator);
        expect(m.averageRankGain.numerator).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('a provider grade follows its independent reviews', () => {
  const review = (
    method: 'self' | 'third_party' | 'spot_check',
    reviewedOn: string,
    providerGrade: 'A' | 'B' | 'C' | 'D' | null,
  ) => ({ method, reviewedOn, providerGrade });

  it('is the worst grade of the latest three third-party reviews and spot checks', () => {
    expect(
      gradeFromReviews([
        review('third_party', '2027-01-01', 'D'),
        review('third_party', '2027-02-01', 'A'),
        review('spot_check', '2027-03-01', 'C'),
        review('third_party', '2027-04-01', 'B'),
      ]),
    ).toBe('C');
  });

  it('ignores self-evaluations and reviews that propose no grade', () => {
    expect(
      gradeFromReviews([
        review('third_party', '2027-01-01', 'B'),
        review('self', '2027-05-01', 'D'),
        review('spot_check', '2027-06-01', null),
      ]),
    ).toBe('B');
    expect(gradeFromReviews([review('self', '2027-05-01', 'A')])).toBeNull();
  });

  it('marks D unfit and A to C fit', () => {
    expect(isUnfitGrade('D')).toBe(true);
    expect(['A', 'B', 'C'].map((g) => isUnfitGrade(g as 'A'))).toEqual([false, false, false]);
    expect(isUnfitGrade(null)).toBe(false);
  });
});
