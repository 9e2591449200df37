import { assertIsoDate, type IsoDate } from './dates.js';
import { InvalidInputError } from './errors.js';
import type { Fen } from './money.js';
import { assertOccupationCode, type OccupationCode } from './occupation.js';
import { type SkillLevelCode, skillLevelRank } from './reference/skill-levels.js';
import { type RegionCode, regionLineageOf } from './region.js';

/**
 * 急需紧缺程度 of an occupation in a guidance catalogue (十二, 十七), 1 most urgent. Regions word
 * their tiers differently; the product stores the number and shows these names.
 */
export type ShortageTier = 1 | 2 | 3;

/** Names of the shortage tiers, most urgent first. */
export const SHORTAGE_TIERS: readonly { tier: ShortageTier; name: string; nameEn: string }[] = [
  { tier: 1, name: '急需紧缺', nameEn: 'Urgently needed' },
  { tier: 2, name: '紧缺', nameEn: 'In short supply' },
  { tier: 3, name: '一般需求', nameEn: 'General demand' },
];

/** The subsidy per trainee certified at a level. */
export interface LevelStandard {
  level: SkillLevelCode;
  amount: Fen;
}

/** An occupation listed in a guidance catalogue version. */
export interface CatalogueEntry {
  occupationCode: OccupationCode;
  shortageTier: ShortageTier;
  /** 差异化补贴 (十七): per-level standards, in fen per person. */
  standards: LevelStandard[];
}

/**
 * A published version of a region's 职业技能培训需求指导目录 (十二: 定期发布并动态调整). In force
 * from `effectiveFrom` through `effectiveTo` inclusive, or open-ended when `effectiveTo` is null.
 */
export interface CatalogueVersion {
  id: string;
  regionCode: RegionCode;
  /** As published, e.g. 2025年版. */
  label: string;
  publishedOn: IsoDate;
  effectiveFrom: IsoDate;
  effectiveTo: IsoDate | null;
  entries: CatalogueEntry[];
}

/**
 * The version of `regionCode`'s own catalogue in force on `on`: the latest `effectiveFrom` not
 * after `on` among versions not yet past their `effectiveTo`. Same-day versions are told apart by
 * the later `publishedOn`, then by list order (later wins), so a correction supersedes.
 */
export function catalogueVersionInForce(
  versions: readonly CatalogueVersion[],
  regionCode: RegionCode,
  on: IsoDate,
): CatalogueVersion | null {
  assertIsoDate(on, 'on');
  let best: CatalogueVersion | null = null;
  for (const [i, version] of versions.entries()) {
    assertIsoDate(version.effectiveFrom, `versions[${i}].effectiveFrom`);
    if (version.effectiveTo !== null) {
      assertIsoDate(version.effectiveTo, `versions[${i}].effectiveTo`);
      if (version.effectiveTo < version.effectiveFrom) {
        throw new InvalidInputError(
          `catalogue version ${version.id} ends before it starts`,
          `versions[${i}].effectiveTo`,
        );
      }
    }
    if (version.regionCode !== regionCode) continue;
    // ISO dates compare correctly as strings.
    if (version.effectiveFrom > on) continue;
    if (version.effectiveTo !== null && version.effectiveTo < on) continue;
    if (
      best === null ||
      version.effectiveFrom > best.effectiveFrom ||
      (version.effectiveFrom === best.effectiveFrom && version.publishedOn >= best.publishedOn)
    ) {
      best = version;
    }
  }
  return best;
}

/** What to look up: where, which occupation, which certificate level, on which date. */
export interface SubsidyQuery {
  regionCode: RegionCode;
  occupationCode: OccupationCode;
  level: SkillLevelCode;
  on: IsoDate;
}

/** Why no standard applies. */
export type NotInCatalogueReason =
  | 'no_version_in_force'
  | 'occupation_not_listed'
  | 'level_not_covered';

/** A standard found, or a typed "not in catalogue". */
export type SubsidyStandardResult =
  | {
      found: true;
      amount: Fen;
      tier: ShortageTier;
      /** The level whose standard applied (the highest listed level not above the query's). */
      appliedLevel: SkillLevelCode;
      versionId: string;
      /** The region whose catalogue was used (the query's, or an enclosing one). */
      catalogueRegionCode: RegionCode;
    }
  | {
      found: false;
      reason: NotInCatalogueReason;
      versionId: string | null;
    };

/**
 * The differentiated subsidy standard (差异化补贴, 十七) for a certificate: from the catalogue
 * version in force on the date for the most specific region that has one (county, then city,
 * then province, since most catalogues are provincial), the occupation's entry and the standard
 * of the highest listed level not above the certified one (a trainee certified above the listed
 * levels has met the highest of them). A more specific region's version in force replaces the
 * enclosing region's wholesale: an occupation it does not list is not looked up further out.
 */
export function subsidyStandard(
  versions: readonly CatalogueVersion[],
  query: SubsidyQuery,
): SubsidyStandardResult {
  assertOccupationCode(query.occupationCode);
  let version: CatalogueVersion | null = null;
  for (const code of regionLineageOf(query.regionCode)) {
    version = catalogueVersionInForce(versions, code, query.on);
    if (version) break;
  }
  if (!version) return { found: false, reason: 'no_version_in_force', versionId: null };

  const entry = version.entries.find((e) => e.occupationCode === query.occupationCode);
  if (!entry) return { found: false, reason: 'occupation_not_listed', versionId: version.id };

  const rank = skillLevelRank(query.level);
  let applied: LevelStandard | null = null;
  for (const standard of entry.standards) {
    const standardRank = skillLevelRank(standard.level);
    if (
      standardRank <= rank &&
      (applied === null || standardRank > skillLevelRank(applied.level))
    ) {
      applied = standard;
    }
  }
  if (!applied) return { found: false, reason: 'level_not_covered', versionId: version.id };

  return {
    found: true,
    amount: applied.amount,
    tier: entry.shortageTier,
    appliedLevel: applied.level,
    versionId: version.id,
    catalogueRegionCode: version.regionCode,
  };
}
