import { describe, expect, it } from 'vitest';
import { i18n } from '../index';

/** Every message's key path, e.g. `audit.fraud.kinds.false_training`. */
function keys(messages: unknown, prefix = ''): string[] {
  if (typeof messages !== 'object' || messages === null) return [prefix];
  return Object.entries(messages).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}
const zh = i18n.global.getLocaleMessage('zh-CN');
const en = i18n.global.getLocaleMessage('en');

describe('the console’s two languages', () => {
  it('say the same things: every zh-CN message has an English one and the other way round', () => {
    const zhKeys = keys(zh);
    const enKeys = new Set(keys(en));
    expect(zhKeys.length).toBeGreaterThan(700);
    expect(zhKeys.filter((k) => !enKeys.has(k))).toEqual([]);
    expect([...enKeys].filter((k) => !zhKeys.includes(k))).toEqual([]);
  });

  it('leave no message empty', () => {
    const empty = (messages: unknown) =>
      keys(messages).filter((k) => {
        const value = k
          .split('.')
          .reduce<unknown>((m, p) => (m as Record<string, unknown>)?.[p], messages);
        return typeof value === 'string' && value.trim() === '';
      });
    expect(empty(zh)).toEqual([]);
    expect(empty(en)).toEqual([]);
  });
});
