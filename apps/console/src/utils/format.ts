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
