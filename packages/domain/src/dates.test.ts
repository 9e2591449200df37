import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  isIsoDate,
  parseTimestamp,
  policyYearOf,
  shanghaiDateOf,
  toEpochDay,
} from './dates.js';
import { InvalidDateError } from './errors.js';

describe('ISO dates', () => {
  it('accept real calendar dates only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2025-13-01')).toBe(false);
    expect(isIsoDate('2025-1-01')).toBe(false);
    expect(isIsoDate('2025-06-20T00:00:00Z')).toBe(false);
    expect(isIsoDate(20250620)).toBe(false);
  });

  it('count days across month and leap-year ends', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2025-12-31', '2025-01-01')).toBe(-364);
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(toEpochDay('1970-01-02')).toBe(1);
  });

  it('reject malformed dates with a typed error', () => {
    expect(() => toEpochDay('2025-02-30')).toThrow(InvalidDateError);
  });
});

describe('Asia/Shanghai dates and policy years', () => {
  it('put an instant late on 31 December UTC into the next Shanghai year', () => {
    expect(shanghaiDateOf('2025-12-31T16:00:00Z')).toBe('2026-01-01');
    expect(policyYearOf('2025-12-31T15:59:59.999Z')).toBe(2025);
    expect(policyYearOf('2025-12-31T16:00:00.000Z')).toBe(2026);
  });

  it('take a plain date as already local', () => {
    expect(policyYearOf('2025-12-31')).toBe(2025);
  });

  it('require timestamps to carry a zone, since a bare local time is ambiguous', () => {
    expect(() => parseTimestamp('2025-07-01T08:00:00')).toThrow(InvalidDateError);
    expect(parseTimestamp('2025-07-01T08:00:00+08:00')).toBe(Date.UTC(2025, 6, 1, 0, 0, 0));
  });
});
