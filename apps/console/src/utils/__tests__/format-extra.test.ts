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

describe('partnerRoleName', () => {
  it('shows the policy names of cross-region roles and keeps unknown codes visible', async () => {
    const { partnerRoleName } = await import('../reference');
    expect(partnerRoleName('labour_import')).toBe('劳务输入地');
    expect(partnerRoleName('labour_export')).toBe('劳务输出地');
    expect(partnerRoleName('something_else')).toBe('something_else');
    expect(partnerRoleName(null)).toBe('—');
  });
});
