import { describe, expect, it } from 'vitest';
import { regionLevelOfCode } from '../region.js';
import { COUNTIES, findRegion, PREFECTURES, PROVINCES, REGIONS } from './regions.js';

describe('the shipped GB/T 2260 regions', () => {
  it('hold all 333 prefecture-level divisions, each under one of the 27 non-municipal provinces', () => {
    expect(PREFECTURES).toHaveLength(333);
    const municipalities = new Set(
      PROVINCES.filter((p) => p.kind === 'municipality').map((p) => p.code),
    );
    for (const city of PREFECTURES) {
      expect(regionLevelOfCode(city.code)).toBe('city');
      expect(city.parentCode).toBe(`${city.code.slice(0, 2)}0000`);
      expect(municipalities.has(city.parentCode ?? '')).toBe(false);
      expect(city.name).toMatch(/(市|地区|州|盟)$/);
    }
    for (const province of PROVINCES.filter((p) => p.kind !== 'municipality')) {
      expect(PREFECTURES.some((c) => c.parentCode === province.code)).toBe(true);
    }
  });

  it('name cities as the official list does, e.g. 黔西南布依族苗族自治州 and 锡林郭勒盟', () => {
    expect(findRegion('522300')?.name).toBe('黔西南布依族苗族自治州');
    expect(findRegion('152500')?.name).toBe('锡林郭勒盟');
    expect(findRegion('542500')?.name).toBe('阿里地区');
    expect(findRegion('441900')).toMatchObject({ name: '东莞市', nameEn: 'Dongguan' });
  });

  it('include real counties such as 520522 黔西市 under their city, and the municipalities’ districts', () => {
    expect(findRegion('520522')).toMatchObject({
      name: '黔西市',
      level: 'county',
      parentCode: '520500',
    });
    expect(findRegion('110108')).toMatchObject({
      name: '海淀区',
      level: 'county',
      parentCode: '110000',
    });
    expect(COUNTIES.filter((c) => c.parentCode === '500000')).toHaveLength(38);
  });

  it('have unique codes whose parent is shipped too', () => {
    expect(new Set(REGIONS.map((r) => r.code)).size).toBe(REGIONS.length);
    for (const region of REGIONS) {
      if (region.parentCode !== null) expect(findRegion(region.parentCode)).not.toBeNull();
    }
  });
});
