import { InvalidRegionCodeError } from './errors.js';

/** A GB/T 2260 administrative division code: six digits, e.g. `440000` 广东省, `440100` 广州市. */
export type RegionCode = string;

/** The three levels the product dispatches by (二十: 省级统筹, 市县). */
export const REGION_LEVELS = ['province', 'city', 'county'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

/** Chinese names of region levels, for display. */
export const REGION_LEVEL_NAMES: Record<RegionLevel, string> = {
  province: '省级',
  city: '市级',
  county: '县级',
};

/** An administrative division. */
export interface Region {
  code: RegionCode;
  /** Official Chinese name, e.g. 广东省. */
  name: string;
  /** English name where one is kept (the provinces and the demo regions), else null. */
  nameEn: string | null;
  level: RegionLevel;
  /** Code of the enclosing division; null for provincial-level divisions. */
  parentCode: RegionCode | null;
}

const REGION_CODE_PATTERN = /^[1-9]\d{5}$/;

/** True when `value` is shaped like a GB/T 2260 code (six digits, not starting with 0). */
export function isRegionCode(value: unknown): value is RegionCode {
  return typeof value === 'string' && REGION_CODE_PATTERN.test(value);
}

/** Throws {@link InvalidRegionCodeError} unless `value` is shaped like a GB/T 2260 code. */
export function assertRegionCode(
  value: unknown,
  field: string | null = 'regionCode',
): asserts value is RegionCode {
  if (!isRegionCode(value)) {
    throw new InvalidRegionCodeError(`not a six-digit GB/T 2260 code: ${String(value)}`, field);
  }
}

/**
 * The level a code denotes by its shape: `xx0000` province, `xxxx00` city (prefecture), anything
 * else county (district, county-level city, banner).
 */
export function regionLevelOfCode(code: RegionCode): RegionLevel {
  assertRegionCode(code);
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'city';
  return 'county';
}

/** The provincial-level code a code falls under, e.g. `440106` → `440000`. */
export function provinceCodeOf(code: RegionCode): RegionCode {
  assertRegionCode(code);
  return `${code.slice(0, 2)}0000`;
}

/**
 * The code itself followed by the enclosing city and province codes as derived from the code's
 * shape, most specific first, e.g. `440106` → `['440106', '440100', '440000']`. For districts of
 * the municipalities the middle code is the nominal `xx0100` (市辖区).
 */
export function regionLineageOf(code: RegionCode): RegionCode[] {
  const level = regionLevelOfCode(code);
  const city = `${code.slice(0, 4)}00`;
  const province = provinceCodeOf(code);
  if (level === 'province') return [code];
  if (level === 'city') return [code, province];
  return [code, city, province];
}

/** True when `code` is `ancestor` or lies inside it, judged by code shape. */
export function isWithinRegion(code: RegionCode, ancestor: RegionCode): boolean {
  return regionLineageOf(code).includes(ancestor);
}
