/**
 * Typed domain errors. Each has a stable `code` so the API can map it to an RFC 9457 problem
 * (`type`/`code`, failing field) in one place, and workflows can turn it into a non-retryable
 * business failure; messages are for people and may change, codes may not.
 */

/** Every code a {@link DomainError} can carry. */
export const DOMAIN_ERROR_CODES = [
  'invalid_amount',
  'invalid_shares',
  'invalid_date',
  'invalid_region_code',
  'invalid_occupation_code',
  'invalid_input',
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

/** Base class of every error this package throws on purpose. */
export class DomainError extends Error {
  override readonly name: string = 'DomainError';
  /** Stable machine-readable code; safe to show to clients and to switch on. */
  readonly code: DomainErrorCode;
  /** Dotted path of the offending input field when one can be named, e.g. `shares[2]`. */
  readonly field: string | null;

  constructor(code: DomainErrorCode, message: string, field: string | null = null) {
    super(message);
    this.code = code;
    this.field = field;
  }
}

/** A money amount that is not a safe, non-negative integer number of fen. */
export class InvalidAmountError extends DomainError {
  override readonly name = 'InvalidAmountError';
  constructor(message: string, field: string | null = 'amount') {
    super('invalid_amount', message, field);
  }
}

/** A set of shares (weights, basis points) that cannot split anything. */
export class InvalidSharesError extends DomainError {
  override readonly name = 'InvalidSharesError';
  constructor(message: string, field: string | null = 'shares') {
    super('invalid_shares', message, field);
  }
}

/** A string that is not a real `YYYY-MM-DD` date or ISO-8601 UTC timestamp. */
export class InvalidDateError extends DomainError {
  override readonly name = 'InvalidDateError';
  constructor(message: string, field: string | null = null) {
    super('invalid_date', message, field);
  }
}

/** A region code that is not a six-digit GB/T 2260 code. */
export class InvalidRegionCodeError extends DomainError {
  override readonly name = 'InvalidRegionCodeError';
  constructor(message: string, field: string | null = 'regionCode') {
    super('invalid_region_code', message, field);
  }
}

/** An occupation code that is not of the 职业分类大典 form `N-NN-NN-NN`. */
export class InvalidOccupationCodeError extends DomainError {
  override readonly name = 'InvalidOccupationCodeError';
  constructor(message: string, field: string | null = 'occupationCode') {
    super('invalid_occupation_code', message, field);
  }
}

/** Any other input a rule cannot work with (a programming or data error, not a business "no"). */
export class InvalidInputError extends DomainError {
  override readonly name = 'InvalidInputError';
  constructor(message: string, field: string | null = null) {
    super('invalid_input', message, field);
  }
}

/** True for errors thrown by this package, whichever realm or bundle they crossed. */
export function isDomainError(value: unknown): value is DomainError {
  if (value instanceof DomainError) return true;
  // A bundled copy of this package (e.g. the Temporal workflow bundle) has its own class
  // identity, so fall back to the shape.
  if (!(value instanceof Error)) return false;
  const code: unknown = (value as { code?: unknown }).code;
  return typeof code === 'string' && (DOMAIN_ERROR_CODES as readonly string[]).includes(code);
}
