import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from './dates.js';
import { expectedProgress, PACE_STATUSES, progressPace, targetPace } from './dispatch.js';
import { InvalidDateError, InvalidInputError } from './errors.js';

// A 100-day period: 2025-01-01 to 2025-04-10 inclusive.
const START = '2025-01-01';
const END = '2025-04-10';

describe('expectedProgress', () => {
  it('grows evenly from nothing before the period to the full target on its last day', () => {
    expect(expectedProgress(1000, START, END, '2024-12-31')).toBe(0);
    expect(expectedProgress(1000, START, END, START)).toBe(10);
    expect(expectedProgress(1000, START, END, '2025-02-19')).toBe(500);
    expect(expectedProgress(1000, START, END, END)).toBe(1000);
    expect(expectedProgress(1000, START, END, '2026-01-01')).toBe(1000);
  });
});

describe('progressPace', () => {
  it('is on track at the expected pace and within the tolerance', () => {
    expect(progressPace(1000, 500, START, END, '2025-02-19')).toBe('on_track');
    expect(progressPace(1000, 475, START, END, '2025-02-19')).toBe('on_track');
    expect(progressPace(1000, 525, START, END, '2025-02-19')).toBe('on_track');
  });

  it('flags a region below expected × (1 − tolerance) as behind, above (1 + tolerance) as ahead', () => {
    expect(progressPace(1000, 474, START, END, '2025-02-19')).toBe('behind');
    expect(progressPace(1000, 526, START, END, '2025-02-19')).toBe('ahead');
    expect(progressPace(1000, 474, START, END, '2025-02-19', 1000)).toBe('on_track');
    expect(progressPace(1000, 499, START, END, '2025-02-19', 0)).toBe('behind');
  });

  it('judges small county targets exactly, without rounding the expectation', () => {
    // 7 × 50/100 = 3.5 expected; 3 is 14 % short.
    expect(progressPace(7, 3, START, END, '2025-02-19')).toBe('behind');
    expect(progressPace(7, 4, START, END, '2025-02-19')).toBe('ahead');
  });

  it('treats any progress before the period as ahead, and none as on track', () => {
    expect(progressPace(100, 0, START, END, '2024-12-01')).toBe('on_track');
    expect(progressPace(100, 1, START, END, '2024-12-01')).toBe('ahead');
  });

  it('works from a stored target', () => {
    const target = { target: 1000, periodStart: START, periodEnd: END };
    expect(targetPace(target, 100, '2025-02-19')).toBe('behind');
  });

  it('rejects impossible input with typed errors', () => {
    expect(() => progressPace(-1, 0, START, END, START)).toThrow(InvalidInputError);
    expect(() => progressPace(1, 0, END, START, START)).toThrow(InvalidInputError);
    expect(() => progressPace(1, 0, START, END, START, 10_001)).toThrow(InvalidInputError);
    expect(() => progressPace(1, 0, START, '2025-02-30', START)).toThrow(InvalidDateError);
  });

  describe('for any target and period', () => {
    const caseArb = fc.record({
      target: fc.integer({ min: 0, max: 5_000_000 }),
      actual: fc.integer({ min: 0, max: 6_000_000 }),
      length: fc.integer({ min: 0, max: 1200 }),
      offset: fc.integer({ min: -30, max: 1300 }),
      tolerance: fc.integer({ min: 0, max: 3000 }),
    });
    const rank = (status: string) =>
      PACE_STATUSES.indexOf(status as (typeof PACE_STATUSES)[number]);

    it('never rates more progress worse, nor the same progress better later in the period', () => {
      fc.assert(
        fc.property(
          caseArb,
          fc.integer({ min: 0, max: 1000 }),
          fc.integer({ min: 0, max: 30 }),
          (c, more, later) => {
            const end = addDays(START, c.length);
            const asOf = addDays(START, c.offset);
            const pace = progressPace(c.target, c.actual, START, end, asOf, c.tolerance);
            const withMore = progressPace(c.target, c.actual + more, START, end, asOf, c.tolerance);
            const atLater = progressPace(
              c.target,
              c.actual,
              START,
              end,
              addDays(asOf, later),
              c.tolerance,
            );
            expect(rank(withMore)).toBeGreaterThanOrEqual(rank(pace));
            expect(rank(atLater)).toBeLessThanOrEqual(rank(pace));
          },
        ),
        { numRuns: 1000 },
      );
    });

    it('never calls a region that has reached its target behind', () => {
      fc.assert(
        fc.property(caseArb, (c) => {
          const end = addDays(START, c.length);
          const actual = Math.max(c.actual, c.target);
          expect(
            progressPace(c.target, actual, START, end, addDays(START, c.offset), c.tolerance),
          ).not.toBe('behind');
        }),
        { numRuns: 1000 },
      );
    });

    it('calls progress exactly at the expected pace on track, even with no tolerance', () => {
      fc.assert(
        fc.property(caseArb, fc.integer({ min: 0, max: 4000 }), (c, perDay) => {
          const end = addDays(START, c.length);
          const asOf = addDays(START, c.offset);
          // A target that is a whole multiple of the period's days makes the expectation exact.
          const target = perDay * (c.length + 1);
          const expected = expectedProgress(target, START, end, asOf);
          expect(progressPace(target, expected, START, end, asOf, 0)).toBe('on_track');
          if (expected > 0)
            expect(progressPace(target, expected - 1, START, end, asOf, 0)).toBe('behind');
          expect(progressPace(target, expected + 1, START, end, asOf, 0)).toBe('ahead');
        }),
        { numRuns: 1000 },
      );
    });
  });
});
