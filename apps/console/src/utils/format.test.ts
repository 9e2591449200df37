import { describe, expect, it } from 'vitest';
import { formatFen, formatShanghaiDateTime } from './format.js';

describe('formatFen', () => {
  it('shows integer fen as yuan with two decimals and thousands separators', () => {
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(123456789)).toBe('¥1,234,567.89');
    expect(formatFen(-150)).toBe('-¥1.50');
  });

  it('refuses amounts that are not whole fen', () => {
    expect(() => formatFen(1.5)).toThrow(RangeError);
  });
});

describe('formatShanghaiDateTime', () => {
  it('shows a UTC instant in Beijing time (UTC+8), crossing midnight', () => {
    expect(formatShanghaiDateTime('2026-11-27T20:52:00Z')).toBe('2026/11/28 04:52');
  });
});
