import { InvalidDateError } from './errors.js';

/** A calendar date, `YYYY-MM-DD` (no time zone: a day as people in China name it). */
export type IsoDate = string;

/** An instant, ISO-8601 in UTC, e.g. `2025-07-01T02:30:00.000Z`. */
export type IsoTimestamp = string;

const DAY_MS = 86_400_000;
// Asia/Shanghai has had no daylight-saving time since 1991, so a fixed offset is exact for every
// date this product handles, and needs no time-zone database (absent in the workflow sandbox).
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_TIMESTAMP_PATTERN =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Days since 1970-01-01 of a real calendar date, or null when the parts are not one. */
function epochDay(year: number, month: number, day: number): number | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  // Date.UTC maps 0–99 to 1900–1999 and rolls 31 Feb into March; reject both.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1) return null;
  if (check.getUTCDate() !== day) return null;
  return ms / DAY_MS;
}

/** True when `value` is a `YYYY-MM-DD` string naming a real calendar date. */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE_PATTERN.exec(value);
  if (!match) return false;
  return epochDay(Number(match[1]), Number(match[2]), Number(match[3])) !== null;
}

/** Throws {@link InvalidDateError} unless `value` is a real `YYYY-MM-DD` date. */
export function assertIsoDate(
  value: unknown,
  field: string | null = null,
): asserts value is IsoDate {
  if (!isIsoDate(value))
    throw new InvalidDateError(`not a YYYY-MM-DD date: ${String(value)}`, field);
}

/** Days since 1970-01-01 (UTC day numbering) of a `YYYY-MM-DD` date. */
export function toEpochDay(date: IsoDate, field: string | null = null): number {
  assertIsoDate(date, field);
  const [year, month, day] = date.split('-').map(Number);
  return epochDay(year ?? 0, month ?? 0, day ?? 0) ?? 0;
}

/** The `YYYY-MM-DD` date of a day number from {@link toEpochDay}. */
export function fromEpochDay(day: number): IsoDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toEpochDay(to, 'to') - toEpochDay(from, 'from');
}

/** `date` moved by `days` calendar days. */
export function addDays(date: IsoDate, days: number): IsoDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/** Milliseconds since the epoch of an ISO-8601 timestamp with an explicit zone (`Z` or offset). */
export function parseTimestamp(value: IsoTimestamp, field: string | null = null): number {
  const ms = ISO_TIMESTAMP_PATTERN.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new InvalidDateError(`not an ISO-8601 timestamp with a zone: ${value}`, field);
  }
  return ms;
}

/** The calendar date in Asia/Shanghai (UTC+8) at an instant given in epoch milliseconds. */
export function shanghaiDateOfMs(epochMs: number): IsoDate {
  return new Date(epochMs + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The calendar date in Asia/Shanghai of an ISO timestamp. */
export function shanghaiDateOf(timestamp: IsoTimestamp): IsoDate {
  return shanghaiDateOfMs(parseTimestamp(timestamp));
}

/**
 * The policy year of a record: the Asia/Shanghai calendar year of its date (a `YYYY-MM-DD` date is
 * taken as already local; a timestamp is converted). Used for "once per occupation and level per
 * year" rules.
 */
export function policyYearOf(dateOrTimestamp: IsoDate | IsoTimestamp): number {
  const date = isIsoDate(dateOrTimestamp) ? dateOrTimestamp : shanghaiDateOf(dateOrTimestamp);
  return Number(date.slice(0, 4));
}
