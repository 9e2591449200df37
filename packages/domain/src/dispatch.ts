import { type IsoDate, toEpochDay } from './dates.js';
import { InvalidInputError } from './errors.js';
import { BASIS_POINTS_WHOLE, type BasisPoints } from './money.js';
import type { KeyGroupCode } from './reference/key-groups.js';
import type { SectorCode } from './reference/sectors.js';
import type { RegionCode } from './region.js';

/** What a target counts (十九 定期调度): person-times enrolled, certified or placed. */
export const TARGET_MEASURES = ['enrolments', 'certificates', 'placements'] as const;
export type TargetMeasure = (typeof TARGET_MEASURES)[number];

/** A region's target for a period, optionally narrowed to a sector or key group (二十 明确任务目标). */
export interface RegionalTarget {
  id: string;
  regionCode: RegionCode;
  /** First and last day of the period, both inclusive. */
  periodStart: IsoDate;
  periodEnd: IsoDate;
  measure: TargetMeasure;
  sector: SectorCode | null;
  keyGroup: KeyGroupCode | null;
  /** Person-times (人次). */
  target: number;
}

/** Whether a region keeps pace with its target; `behind` regions are flagged and reminded (二十). */
export const PACE_STATUSES = ['behind', 'on_track', 'ahead'] as const;
export type PaceStatus = (typeof PACE_STATUSES)[number];

/** Default tolerance around the expected pace: ±5 %. */
export const DEFAULT_PACE_TOLERANCE_BP: BasisPoints = 500;

interface PeriodDays {
  elapsed: number;
  total: number;
}

function periodDays(periodStart: IsoDate, periodEnd: IsoDate, asOf: IsoDate): PeriodDays {
  const start = toEpochDay(periodStart, 'periodStart');
  const end = toEpochDay(periodEnd, 'periodEnd');
  const now = toEpochDay(asOf, 'asOf');
  if (end < start) throw new InvalidInputError('the period ends before it starts', 'periodEnd');
  const total = end - start + 1;
  // asOf counts as a whole day done: on the last day the full target is expected.
  const elapsed = Math.min(Math.max(now - start + 1, 0), total);
  return { elapsed, total };
}

function assertCount(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new InvalidInputError(`${field} must be a non-negative integer`, field);
  }
}

/**
 * Person-times expected by the end of `asOf` at an even pace through the period (both ends
 * inclusive), rounded down: 0 before the period, the full target from its last day on.
 */
export function expectedProgress(
  target: number,
  periodStart: IsoDate,
  periodEnd: IsoDate,
  asOf: IsoDate,
): number {
  assertCount(target, 'target');
  const { elapsed, total } = periodDays(periodStart, periodEnd, asOf);
  return Number((BigInt(target) * BigInt(elapsed)) / BigInt(total));
}

/**
 * Compares actual progress with the even-pace expectation (十九, 二十): `behind` below expected ×
 * (1 − tolerance), `ahead` above expected × (1 + tolerance), else `on_track`. Compared exactly in
 * integers, so a county with a target of 7 is judged as fairly as a province with 700 000.
 * Reaching the target is never `behind`; any progress before the period starts is `ahead`.
 */
export function progressPace(
  target: number,
  actual: number,
  periodStart: IsoDate,
  periodEnd: IsoDate,
  asOf: IsoDate,
  toleranceBp: BasisPoints = DEFAULT_PACE_TOLERANCE_BP,
): PaceStatus {
  assertCount(target, 'target');
  assertCount(actual, 'actual');
  if (!Number.isSafeInteger(toleranceBp) || toleranceBp < 0 || toleranceBp > BASIS_POINTS_WHOLE) {
    throw new InvalidInputError('tolerance must be 0–10 000 basis points', 'toleranceBp');
  }
  const { elapsed, total } = periodDays(periodStart, periodEnd, asOf);
  const whole = BigInt(BASIS_POINTS_WHOLE);
  const tolerance = BigInt(toleranceBp);
  // actual / (target × elapsed / total) against 1 ± tolerance, cross-multiplied.
  const actualScaled = BigInt(actual) * BigInt(total) * whole;
  const expectedScaled = BigInt(target) * BigInt(elapsed);
  if (actualScaled < expectedScaled * (whole - tolerance)) return 'behind';
  if (actualScaled > expectedScaled * (whole + tolerance)) return 'ahead';
  return 'on_track';
}

/** {@link progressPace} for a stored target. */
export function targetPace(
  target: Pick<RegionalTarget, 'target' | 'periodStart' | 'periodEnd'>,
  actual: number,
  asOf: IsoDate,
  toleranceBp: BasisPoints = DEFAULT_PACE_TOLERANCE_BP,
): PaceStatus {
  return progressPace(
    target.target,
    actual,
    target.periodStart,
    target.periodEnd,
    asOf,
    toleranceBp,
  );
}
