import { type IsoDate, isIsoDate, shanghaiDateOfMs } from './dates.js';
import type { RegionCode } from './region.js';
import type { Sex } from './trainee.js';

/** Why a resident ID number was rejected. */
export type ResidentIdProblem = 'format' | 'region' | 'birth_date' | 'check_digit';

/** A valid ID with what it encodes, or the first problem found. */
export type ResidentIdValidation =
  | {
      valid: true;
      /** Upper-case form (a trailing `x` becomes `X`), the one to store and hash. */
      normalized: string;
      /** 户籍 region code at issue (first six digits). */
      regionCode: RegionCode;
      birthDate: IsoDate;
      sex: Sex;
    }
  | { valid: false; reason: ResidentIdProblem; message: string };

// GB 11643: weight of position i is 2^(17−i) mod 11.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const SHAPE = /^\d{17}[\dX]$/;

// Mainland provincial prefixes (GB/T 2260). Kept here rather than derived from PROVINCES so this
// check stays correct even if the shipped region list is edited.
const PROVINCE_PREFIXES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
]);

/**
 * The ISO 7064 MOD 11-2 check character (0–9 or X) for the first 17 digits of a resident ID.
 * Exported so demo data and tests can make valid numbers.
 */
export function residentIdCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('expected exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '';
}

/**
 * Validates an 18-character PRC resident ID (GB 11643-1999): digits with a final digit or X, a
 * mainland provincial prefix, a real birth date from 1900-01-01 up to `today` (Asia/Shanghai;
 * pass it in workflows and tests for determinism), and the MOD 11-2 check digit. Only the
 * provincial part of the region code is checked, because districts are renamed and recoded
 * while old IDs stay valid. Surrounding whitespace is ignored and a lower-case x accepted.
 */
export function validateResidentId(
  id: string,
  options: { today?: IsoDate } = {},
): ResidentIdValidation {
  const normalized = id.trim().toUpperCase();
  if (!SHAPE.test(normalized)) {
    return {
      valid: false,
      reason: 'format',
      message: 'a resident ID has 17 digits followed by a digit or X',
    };
  }
  if (!PROVINCE_PREFIXES.has(normalized.slice(0, 2))) {
    return {
      valid: false,
      reason: 'region',
      message: 'the first two digits are not a mainland provincial code',
    };
  }
  const birthDate = `${normalized.slice(6, 10)}-${normalized.slice(10, 12)}-${normalized.slice(12, 14)}`;
  const today = options.today ?? shanghaiDateOfMs(Date.now());
  if (!isIsoDate(birthDate) || birthDate < '1900-01-01' || birthDate > today) {
    return {
      valid: false,
      reason: 'birth_date',
      message: 'digits 7–14 are not a real birth date in the past',
    };
  }
  if (residentIdCheckDigit(normalized.slice(0, 17)) !== normalized[17]) {
    return { valid: false, reason: 'check_digit', message: 'the check digit does not match' };
  }
  return {
    valid: true,
    normalized,
    regionCode: normalized.slice(0, 6),
    birthDate,
    // The 17th character is the sequence number: odd for men, even for women.
    sex: Number(normalized[16]) % 2 === 1 ? 'male' : 'female',
  };
}

/**
 * Masks a resident ID for display, keeping the first 6 and last 4 characters
 * (`440106********123X`): the region and the tail let staff tell people apart, the birth date
 * stays hidden. Strings too short to mask safely (under 11 characters) are masked entirely.
 */
export function maskResidentId(id: string): string {
  const value = id.trim().toUpperCase();
  if (value.length < 11) return '*'.repeat(value.length);
  return `${value.slice(0, 6)}${'*'.repeat(value.length - 10)}${value.slice(-4)}`;
}
