import { describe, expect, it } from 'vitest';
import { formatBp, formatCountdown, shanghaiDate } from '../format';

describe('share and time formatting', () => {
  it('shows basis points as a percentage', () => {
    expect(formatBp(2500)).toBe('25%');
    expect(formatBp(3333)).toBe('33.33%');
    expect(formatBp(10)).toBe('0.1%');
  });

  it('counts down in days, hours or minutes', () => {
    expect(formatCountdown(2 * 86_400_000 + 3 * 3_600_000)).toBe('2天3小时');
    expect(formatCountdown(5 * 60_000 + 12_000)).toBe('5分12秒');
    expect(formatCountdown(-90_000)).toBe('1分30秒');
  });

  it('gives the date in Beijing time', () => {
    expect(shanghaiDate(new Date('2026-11-27T20:00:00Z'))).toBe('2026-11-28');
  });
});
