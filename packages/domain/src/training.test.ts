import { describe, expect, it } from 'vitest';
import { InvalidInputError } from './errors.js';
import { attendanceRateBp, meetsAttendanceThreshold } from './training.js';

describe('attendance', () => {
  it('rates attendance in basis points, rounded down and capped at 100 %', () => {
    expect(attendanceRateBp(2, 3)).toBe(6666);
    expect(attendanceRateBp(7999, 10_000)).toBe(7999);
    expect(attendanceRateBp(130, 120)).toBe(10_000);
  });

  it('compares with the threshold exactly, not through the rounded rate', () => {
    expect(meetsAttendanceThreshold(4800, 6000, 8000)).toBe(true);
    expect(meetsAttendanceThreshold(4799, 6000, 8000)).toBe(false);
    // 2/3 = 66.66…% is below a 6667 bp threshold even though it rounds to it.
    expect(meetsAttendanceThreshold(2, 3, 6667)).toBe(false);
  });

  it('needs planned minutes to measure against', () => {
    expect(() => attendanceRateBp(10, 0)).toThrow(InvalidInputError);
    expect(() => meetsAttendanceThreshold(-1, 10, 8000)).toThrow(InvalidInputError);
    expect(() => meetsAttendanceThreshold(1, 10, 10_001)).toThrow(InvalidInputError);
  });
});
