import { describe, expect, it } from 'vitest';
import { InvalidRegionCodeError } from './errors.js';
import {
  isRegionCode,
  isWithinRegion,
  provinceCodeOf,
  regionLevelOfCode,
  regionLineageOf,
} from './region.js';

describe('region codes', () => {
  it('are six digits not starting with zero', () => {
    expect(isRegionCode('440100')).toBe(true);
    expect(isRegionCode('044010')).toBe(false);
    expect(isRegionCode('44010')).toBe(false);
    expect(isRegionCode(440100)).toBe(false);
  });

  it('tell their level from their shape', () => {
    expect(regionLevelOfCode('440000')).toBe('province');
    expect(regionLevelOfCode('440100')).toBe('city');
    expect(regionLevelOfCode('440106')).toBe('county');
    expect(() => regionLevelOfCode('abc')).toThrow(InvalidRegionCodeError);
  });

  it('list their enclosing divisions, most specific first', () => {
    expect(regionLineageOf('440106')).toEqual(['440106', '440100', '440000']);
    expect(regionLineageOf('520500')).toEqual(['520500', '520000']);
    expect(regionLineageOf('110000')).toEqual(['110000']);
    expect(provinceCodeOf('520502')).toBe('520000');
  });

  it('know whether one region lies inside another', () => {
    expect(isWithinRegion('520502', '520000')).toBe(true);
    expect(isWithinRegion('520502', '520500')).toBe(true);
    expect(isWithinRegion('520502', '440000')).toBe(false);
  });
});
