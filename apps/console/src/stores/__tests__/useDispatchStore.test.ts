import { describe, expect, it } from 'vitest';
import type { DispatchRow } from '#/api/types';
import { totalsBy, trendDates } from '../useDispatchStore';

const row = (regionCode: string, target: number, actual: number, flagged = false): DispatchRow => ({
  targetId: `${regionCode}-${target}`,
  regionCode,
  regionName: null,
  measure: 'enrolments',
  sector: null,
  keyGroup: null,
  periodStart: '2026-01-01',
  periodEnd: '2026-12-31',
  target,
  expected: Math.round(target * 0.9),
  actual,
  pace: flagged ? 'behind' : 'on_track',
  flagged,
});

describe('dispatch totals', () => {
  it('adds targets and actuals per region, biggest target first, counting flags', () => {
    const totals = totalsBy(
      [row('520500', 100, 40, true), row('441900', 300, 290), row('520500', 50, 45)],
      (r) => r.regionCode,
    );
    expect(totals.map((t) => t.key)).toEqual(['441900', '520500']);
    expect(totals[1]).toMatchObject({ target: 150, actual: 85, behind: 1 });
  });

  it('samples month ends up to the report date for the trend', () => {
    expect(trendDates('2026-04-15')).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-15',
    ]);
    expect(trendDates('2026-11-28', 3)).toEqual(['2026-09-30', '2026-10-31', '2026-11-28']);
  });
});
