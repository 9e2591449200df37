import { describe, expect, it } from 'vitest';
import { InvalidInputError, InvalidOccupationCodeError } from './errors.js';
import { type CatalogueVersion, catalogueVersionInForce, subsidyStandard } from './subsidy.js';

const ELECTRICIAN = '6-31-01-03';
const CARER = '4-10-01-05';

function version(
  id: string,
  regionCode: string,
  effectiveFrom: string,
  effectiveTo: string | null,
  electricianJunior: number,
  extra: Partial<CatalogueVersion> = {},
): CatalogueVersion {
  return {
    id,
    regionCode,
    label: id,
    publishedOn: effectiveFrom,
    effectiveFrom,
    effectiveTo,
    entries: [
      {
        occupationCode: ELECTRICIAN,
        shortageTier: 1,
        standards: [
          { level: 'junior', amount: electricianJunior },
          { level: 'intermediate', amount: electricianJunior + 50_000 },
          { level: 'senior', amount: electricianJunior + 100_000 },
        ],
      },
      { occupationCode: CARER, shortageTier: 2, standards: [{ level: 'junior', amount: 120_000 }] },
    ],
    ...extra,
  };
}

const GUANGDONG_2025 = version('gd-2025', '440000', '2025-01-01', '2025-06-30', 150_000);
const GUANGDONG_2025H2 = version('gd-2025h2', '440000', '2025-07-01', null, 180_000);
const GUANGZHOU_2026 = version('gz-2026', '440100', '2026-01-01', '2026-12-31', 200_000, {
  entries: [
    { occupationCode: CARER, shortageTier: 1, standards: [{ level: 'junior', amount: 160_000 }] },
  ],
});
const VERSIONS = [GUANGDONG_2025H2, GUANGDONG_2025, GUANGZHOU_2026];

const query = (on: string, extra: Partial<Parameters<typeof subsidyStandard>[1]> = {}) => ({
  regionCode: '440000',
  occupationCode: ELECTRICIAN,
  level: 'junior' as const,
  on,
  ...extra,
});

describe('subsidyStandard', () => {
  it('returns the standard and tier for the certified level from the version in force', () => {
    expect(subsidyStandard(VERSIONS, query('2025-03-15', { level: 'intermediate' }))).toEqual({
      found: true,
      amount: 200_000,
      tier: 1,
      appliedLevel: 'intermediate',
      versionId: 'gd-2025',
      catalogueRegionCode: '440000',
    });
  });

  it('switches version exactly at the boundary: last day of the old, first day of the new', () => {
    expect(subsidyStandard(VERSIONS, query('2025-06-30'))).toMatchObject({
      versionId: 'gd-2025',
      amount: 150_000,
    });
    expect(subsidyStandard(VERSIONS, query('2025-07-01'))).toMatchObject({
      versionId: 'gd-2025h2',
      amount: 180_000,
    });
  });

  it('finds no version before the first takes effect', () => {
    expect(subsidyStandard(VERSIONS, query('2024-12-31'))).toEqual({
      found: false,
      reason: 'no_version_in_force',
      versionId: null,
    });
  });

  it('lets a later-starting open-ended version supersede an earlier open-ended one', () => {
    const older = version('old', '520000', '2025-01-01', null, 100_000);
    const newer = version('new', '520000', '2025-09-01', null, 110_000);
    expect(
      subsidyStandard([newer, older], query('2025-08-31', { regionCode: '520000' })),
    ).toMatchObject({
      versionId: 'old',
    });
    expect(
      subsidyStandard([newer, older], query('2025-09-01', { regionCode: '520000' })),
    ).toMatchObject({
      versionId: 'new',
    });
  });

  it('prefers the later-published of two versions starting the same day (a correction)', () => {
    const first = version('first', '520000', '2025-01-01', null, 100_000, {
      publishedOn: '2024-12-01',
    });
    const fix = version('fix', '520000', '2025-01-01', null, 101_000, {
      publishedOn: '2024-12-20',
    });
    expect(catalogueVersionInForce([fix, first], '520000', '2025-02-01')?.id).toBe('fix');
    expect(catalogueVersionInForce([first, fix], '520000', '2025-02-01')?.id).toBe('fix');
  });

  it('uses the province catalogue for a city or county without its own', () => {
    expect(subsidyStandard(VERSIONS, query('2025-08-01', { regionCode: '440106' }))).toMatchObject({
      found: true,
      versionId: 'gd-2025h2',
      catalogueRegionCode: '440000',
    });
  });

  it("uses a city's own version in force instead of the province's, wholesale", () => {
    const carer = query('2026-03-01', { regionCode: '440106', occupationCode: CARER });
    expect(subsidyStandard(VERSIONS, carer)).toMatchObject({
      versionId: 'gz-2026',
      amount: 160_000,
      tier: 1,
    });
    // Not listed by Guangzhou, so not looked up in Guangdong's either.
    expect(subsidyStandard(VERSIONS, query('2026-03-01', { regionCode: '440100' }))).toEqual({
      found: false,
      reason: 'occupation_not_listed',
      versionId: 'gz-2026',
    });
    // Once Guangzhou's version lapses, Guangdong's applies again.
    expect(subsidyStandard(VERSIONS, query('2027-01-01', { regionCode: '440100' }))).toMatchObject({
      versionId: 'gd-2025h2',
    });
  });

  it('applies the highest listed level not above the certified one', () => {
    expect(subsidyStandard(VERSIONS, query('2025-03-01', { level: 'technician' }))).toMatchObject({
      appliedLevel: 'senior',
      amount: 250_000,
    });
    expect(subsidyStandard(VERSIONS, query('2025-03-01', { level: 'apprentice' }))).toEqual({
      found: false,
      reason: 'level_not_covered',
      versionId: 'gd-2025',
    });
  });

  it('reports an occupation the catalogue does not list', () => {
    expect(
      subsidyStandard(VERSIONS, query('2025-03-01', { occupationCode: '6-18-02-04' })),
    ).toEqual({
      found: false,
      reason: 'occupation_not_listed',
      versionId: 'gd-2025',
    });
  });

  it('rejects malformed input with typed errors', () => {
    expect(() => subsidyStandard(VERSIONS, query('2025-03-01', { occupationCode: 'x' }))).toThrow(
      InvalidOccupationCodeError,
    );
    const backwards = version('bad', '440000', '2025-06-01', '2025-05-31', 1);
    expect(() => subsidyStandard([backwards], query('2025-06-01'))).toThrow(InvalidInputError);
  });
});
