import { describe, expect, it } from 'vitest';
import { isOccupationCode } from '../occupation.js';
import { isRegionCode, regionLevelOfCode } from '../region.js';
import { FUNDING_SOURCE_CODES, FUNDING_SOURCES, fundingSourceKind } from './funding-sources.js';
import { KEY_GROUP_CODES, KEY_GROUPS } from './key-groups.js';
import { DEMO_OCCUPATIONS, findDemoOccupation } from './occupations.js';
import { DEMO_CITIES, DEMO_COUNTIES, findRegion, PROVINCES, REGIONS } from './regions.js';
import { SECTOR_CODES, SECTORS, sectorByCode } from './sectors.js';
import {
  compareSkillLevels,
  isSkillLevelAtLeast,
  SKILL_LEVEL_CODES,
  SKILL_LEVELS,
  skillLevelByCode,
  skillLevelOfRank,
  skillLevelRank,
} from './skill-levels.js';

const HAN = /^\p{Script=Han}/u;

describe('provincial-level divisions', () => {
  it('number 31, each with a unique GB/T 2260 code ending in 0000', () => {
    expect(PROVINCES).toHaveLength(31);
    expect(new Set(PROVINCES.map((p) => p.code)).size).toBe(31);
    for (const p of PROVINCES) {
      expect(p.code).toMatch(/^[1-6]\d0000$/);
      expect(regionLevelOfCode(p.code)).toBe('province');
      expect(p.name).toMatch(HAN);
    }
  });

  it('run from 北京市 110000 to 新疆维吾尔自治区 650000 with official names', () => {
    expect(PROVINCES[0]).toMatchObject({ code: '110000', name: '北京市' });
    expect(PROVINCES.at(-1)).toMatchObject({ code: '650000', name: '新疆维吾尔自治区' });
    expect(findRegion('440000')?.name).toBe('广东省');
    expect(findRegion('450000')?.name).toBe('广西壮族自治区');
    expect(findRegion('500000')?.name).toBe('重庆市');
    expect(findRegion('640000')?.name).toBe('宁夏回族自治区');
  });

  it('name municipalities 市, autonomous regions 自治区 and provinces 省', () => {
    for (const p of PROVINCES) {
      const suffix = { municipality: '市', autonomous_region: '自治区', province: '省' }[p.kind];
      expect(p.name.endsWith(suffix)).toBe(true);
    }
    expect(PROVINCES.filter((p) => p.kind === 'municipality')).toHaveLength(4);
    expect(PROVINCES.filter((p) => p.kind === 'autonomous_region')).toHaveLength(5);
  });
});

describe('demo cities and counties', () => {
  it('include the cities the demo data uses, under the right provinces', () => {
    const expected: [string, string, string][] = [
      ['440100', '广州市', '440000'],
      ['440300', '深圳市', '440000'],
      ['441900', '东莞市', '440000'],
      ['520100', '贵阳市', '520000'],
      ['520300', '遵义市', '520000'],
      ['520500', '毕节市', '520000'],
      ['510100', '成都市', '510000'],
      ['510700', '绵阳市', '510000'],
    ];
    for (const [code, name, parentCode] of expected) {
      expect(findRegion(code)).toMatchObject({ name, level: 'city', parentCode });
    }
  });

  it('each have a parent that is itself shipped, one level up', () => {
    for (const region of [...DEMO_CITIES, ...DEMO_COUNTIES]) {
      expect(isRegionCode(region.code)).toBe(true);
      expect(regionLevelOfCode(region.code)).toBe(region.level);
      const parent = findRegion(region.parentCode ?? '');
      expect(parent).not.toBeNull();
      expect(parent?.level).toBe(region.level === 'city' ? 'province' : 'city');
    }
    expect(new Set(REGIONS.map((r) => r.code)).size).toBe(REGIONS.length);
  });
});

describe('sectors', () => {
  it('are the six of (二), each with named fields', () => {
    expect(SECTORS.map((s) => s.code)).toEqual([...SECTOR_CODES]);
    expect(SECTORS.map((s) => s.name)).toEqual([
      '先进制造业',
      '数字经济',
      '低空经济',
      '交通运输',
      '农业农村',
      '生活服务业',
    ]);
    for (const sector of SECTORS) {
      expect(sector.fields.length).toBeGreaterThan(0);
      expect(new Set(sector.fields.map((f) => f.code)).size).toBe(sector.fields.length);
    }
    expect(sectorByCode('low_altitude_economy').section).toBe('(三)');
  });
});

describe('key groups', () => {
  it('cover every code once, with sub-groups pointing at a listed parent', () => {
    expect(KEY_GROUPS.map((g) => g.code)).toEqual([...KEY_GROUP_CODES]);
    for (const group of KEY_GROUPS) {
      expect(group.name).toMatch(HAN);
      if (group.parentCode) expect(KEY_GROUP_CODES).toContain(group.parentCode);
    }
  });
});

describe('skill levels', () => {
  it('are the eight of 新八级工, lowest first, ranked 1–8', () => {
    expect(SKILL_LEVELS.map((l) => l.label)).toEqual([
      '学徒工',
      '初级工（五级）',
      '中级工（四级）',
      '高级工（三级）',
      '技师（二级）',
      '高级技师（一级）',
      '特级技师',
      '首席技师',
    ]);
    SKILL_LEVELS.forEach((level, i) => {
      expect(level.rank).toBe(i + 1);
      expect(skillLevelRank(level.code)).toBe(i + 1);
      expect(skillLevelOfRank(i + 1)).toBe(level.code);
      expect(skillLevelByCode(level.code)).toBe(level);
    });
    expect(skillLevelOfRank(0)).toBeNull();
    expect(skillLevelOfRank(9)).toBeNull();
  });

  it('compare by rank', () => {
    expect(compareSkillLevels('junior', 'technician')).toBeLessThan(0);
    expect(compareSkillLevels('chief_technician', 'special_technician')).toBeGreaterThan(0);
    expect(isSkillLevelAtLeast('senior', 'senior')).toBe(true);
    expect(isSkillLevelAtLeast('intermediate', 'senior')).toBe(false);
    const shuffled = [...SKILL_LEVEL_CODES].reverse();
    expect(shuffled.sort(compareSkillLevels)).toEqual([...SKILL_LEVEL_CODES]);
  });
});

describe('funding sources', () => {
  it('list the funds of (十七) and the market fees, each once', () => {
    expect(new Set(FUNDING_SOURCES.map((s) => s.code))).toEqual(new Set(FUNDING_SOURCE_CODES));
    expect(FUNDING_SOURCES.map((s) => s.name)).toContain('东西部协作资金');
    expect(fundingSourceKind('enterprise_staff_education_fund')).toBe('enterprise');
    expect(fundingSourceKind('market_fee_trainee')).toBe('market');
    expect(fundingSourceKind('employment_subsidy_fund')).toBe('public');
  });
});

describe('demo occupations', () => {
  it('are flagged as demo data, with well-formed unique codes across all six sectors', () => {
    expect(DEMO_OCCUPATIONS.length).toBeGreaterThanOrEqual(12);
    expect(new Set(DEMO_OCCUPATIONS.map((o) => o.code)).size).toBe(DEMO_OCCUPATIONS.length);
    for (const o of DEMO_OCCUPATIONS) {
      expect(o.demo).toBe(true);
      expect(isOccupationCode(o.code)).toBe(true);
    }
    expect(new Set(DEMO_OCCUPATIONS.map((o) => o.sector))).toEqual(new Set(SECTOR_CODES));
    expect(findDemoOccupation('4-10-01-05')?.name).toBe('养老护理员');
    expect(findDemoOccupation('9-99-99-99')).toBeNull();
  });
});
