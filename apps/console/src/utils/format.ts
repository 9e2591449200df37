import { i18n } from '#/locales';

/** Money arrives in integer fen; the console shows yuan with two decimals (¥1,234.56). */
export function formatFen(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not an integer amount of fen: ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}¥${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

const shanghai = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** Timestamps are stored in UTC and shown in Asia/Shanghai, e.g. 2026/11/28 04:52. */
export function formatShanghaiDateTime(value: Date | string): string {
  return shanghai.format(typeof value === 'string' ? new Date(value) : value);
}

/** Basis points as a percentage: 2500 → 25%, 3333 → 33.33%. */
export function formatBp(bp: number): string {
  const pct = bp / 100;
  return `${Number.isInteger(pct) ? pct : pct.toFixed(2).replace(/0$/, '')}%`;
}

/** A date (YYYY-MM-DD) in Asia/Shanghai, e.g. for `asOf` queries. */
export function shanghaiDate(value: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(value);
}

/** Time left until a deadline in days and hours, hours and minutes, or minutes and seconds (in the console's language); the sign is dropped (the caller says overdue). */
export function formatCountdown(ms: number): string {
  const abs = Math.abs(ms);
  const s = Math.floor(abs / 1000);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const t = i18n.global.t;
  if (d > 0) return t('duration.days', { d, h });
  if (h > 0) return t('duration.hours', { h, m });
  return t('duration.minutes', { m, s: sec });
}

/** Counts with thousands separators everywhere: 12345 → 12,345. */
export function formatNumber(n: number): string {
  return n.toLocaleString('en-US');
}
