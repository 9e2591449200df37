import { InvalidAmountError, InvalidSharesError } from './errors.js';

/**
 * Money in integer fen (分, 1/100 yuan). Never a float: every amount the product stores, sums or
 * splits is a safe integer, so totals reconcile to the fen across parties and ledgers.
 */
export type Fen = number;

/** A share in basis points (万分之一): 10 000 bp is the whole. */
export type BasisPoints = number;

/** The whole, in basis points. */
export const BASIS_POINTS_WHOLE = 10_000;

/** True when `value` is a safe, non-negative integer, i.e. a valid amount of fen. */
export function isFen(value: unknown): value is Fen {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Throws {@link InvalidAmountError} unless `value` is a safe, non-negative integer of fen. */
export function assertFen(value: unknown, field: string | null = 'amount'): asserts value is Fen {
  if (!isFen(value)) {
    throw new InvalidAmountError(
      `expected a safe non-negative integer amount of fen, got ${String(value)}`,
      field,
    );
  }
}

/** Sum of amounts in fen; throws if any is invalid or the total leaves the safe-integer range. */
export function sumFen(amounts: readonly Fen[]): Fen {
  let total = 0;
  amounts.forEach((amount, index) => {
    assertFen(amount, `amounts[${index}]`);
    total += amount;
  });
  assertFen(total, 'amounts');
  return total;
}

/**
 * Splits `amount` fen across parties in proportion to integer `shares` (basis points or any
 * weights) by largest remainder: every part is its exact quota rounded down, and the fen left
 * over go one each to the largest remainders, ties to the lower index. The parts sum exactly to
 * `amount`, none is negative, a zero share gets nothing, and the result depends only on the
 * inputs. Exact arithmetic in bigint, so no amount × share product can lose precision.
 */
export function splitFen(amount: Fen, shares: readonly number[]): Fen[] {
  assertFen(amount);
  if (shares.length === 0) throw new InvalidSharesError('cannot split across no parties');
  let totalShares = 0n;
  shares.forEach((share, index) => {
    if (!Number.isSafeInteger(share) || share < 0) {
      throw new InvalidSharesError(
        `share must be a safe non-negative integer, got ${String(share)}`,
        `shares[${index}]`,
      );
    }
    totalShares += BigInt(share);
  });
  if (totalShares === 0n) throw new InvalidSharesError('at least one share must be positive');

  const whole = BigInt(amount);
  const parts: bigint[] = [];
  const remainders: bigint[] = [];
  let allotted = 0n;
  for (const share of shares) {
    const product = whole * BigInt(share);
    const part = product / totalShares;
    parts.push(part);
    remainders.push(product % totalShares);
    allotted += part;
  }

  // Fewer than `shares.length` fen are left over, and there are always more positive
  // remainders than leftover fen, so zero shares never receive one.
  let leftover = Number(whole - allotted);
  const order = remainders
    .map((remainder, index) => ({ remainder, index }))
    .sort((a, b) =>
      a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
    );
  for (const { index } of order) {
    if (leftover === 0) break;
    parts[index] = (parts[index] ?? 0n) + 1n;
    leftover -= 1;
  }
  return parts.map(Number);
}

/**
 * Throws {@link InvalidSharesError} unless `shares` are non-negative integer basis points that
 * add up to exactly {@link BASIS_POINTS_WHOLE}, as cost-sharing and funding plans must.
 */
export function assertWholeBasisPoints(shares: readonly BasisPoints[], field = 'shares'): void {
  let total = 0;
  shares.forEach((share, index) => {
    if (!Number.isSafeInteger(share) || share < 0 || share > BASIS_POINTS_WHOLE) {
      throw new InvalidSharesError(
        `share must be an integer between 0 and ${BASIS_POINTS_WHOLE} basis points, got ${String(share)}`,
        `${field}[${index}]`,
      );
    }
    total += share;
  });
  if (total !== BASIS_POINTS_WHOLE) {
    throw new InvalidSharesError(
      `shares must add up to ${BASIS_POINTS_WHOLE} basis points, got ${total}`,
      field,
    );
  }
}

const YUAN_PATTERN = /^(\d{1,14})(?:\.(\d{1,2}))?$/;
const GROUPED_YUAN_PATTERN = /^\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?$/;

/**
 * Parses a yuan amount as published (e.g. `"1500"`, `"1500.5"`, `"1,500.50"`) into fen without
 * going through a float. At most two decimals; negative amounts are rejected.
 */
export function parseYuan(text: string, field: string | null = 'amount'): Fen {
  const trimmed = text.trim();
  // Thousands separators only where they belong, so a typo like "15,00" is not read as 1500.
  const plain =
    trimmed.includes(',') && GROUPED_YUAN_PATTERN.test(trimmed)
      ? trimmed.replaceAll(',', '')
      : trimmed;
  const match = YUAN_PATTERN.exec(plain);
  if (!match)
    throw new InvalidAmountError(`not a yuan amount with at most 2 decimals: "${text}"`, field);
  const yuan = match[1] ?? '0';
  const jiaoFen = (match[2] ?? '').padEnd(2, '0');
  const fen = Number(yuan) * 100 + Number(jiaoFen);
  assertFen(fen, field);
  return fen;
}

/** Formats fen as yuan with exactly two decimals, e.g. `150050` → `"1500.50"`. */
export function formatYuan(amount: Fen): string {
  assertFen(amount);
  const yuan = Math.floor(amount / 100);
  const cents = amount % 100;
  return `${yuan}.${cents.toString().padStart(2, '0')}`;
}
