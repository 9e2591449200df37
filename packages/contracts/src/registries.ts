import {
  EVALUATION_BODY_KIND_CODES,
  PROVIDER_GRADES,
  PROVIDER_KIND_CODES,
  REGION_LEVELS,
} from '@qiancheng/domain';
import Type, { type Static } from 'typebox';
import {
  Fen,
  IsoDate,
  IsoTimestamp,
  Nullable,
  OccupationCode,
  Page,
  PageQuery,
  ProjectStage,
  RegionCode,
  SectorCode,
  SkillLevelCode,
  StringEnum,
  Uuid,
} from './common.js';

/** Free-text search: a code's beginning or part of a name. */
const SearchText = Type.String({ minLength: 1, maxLength: 60 });
const Reason = Type.String({ minLength: 1, maxLength: 2000 });
const Name = Type.String({ minLength: 1, maxLength: 200 });
/** 统一社会信用代码 (GB 32100). */
const Uscc = Type.String({ pattern: '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$' });

// ---- regions (GB/T 2260) -----------------------------------------------------------------

export const RegionLevel = StringEnum(REGION_LEVELS);

export const RegionQuery = Type.Object(
  {
    q: Type.Optional(SearchText),
    level: Type.Optional(RegionLevel),
    parentCode: Type.Optional(RegionCode),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type RegionQuery = Static<typeof RegionQuery>;

export const Region = Type.Object({
  code: Type.String(),
  /** Official Chinese name (GB/T 2260). */
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  level: RegionLevel,
  parentCode: Nullable(Type.String()),
});
export type Region = Static<typeof Region>;
export const RegionPage = Page(Region);

export const RegionCodeParams = Type.Object({ code: RegionCode }, { additionalProperties: false });

/** A region with the chain of its parents (province first) and its children. */
export const RegionDetail = Type.Object({
  ...Region.properties,
  ancestors: Type.Array(Region),
  children: Type.Array(Region),
});
export type RegionDetail = Static<typeof RegionDetail>;

// ---- occupations (职业分类大典) ------------------------------------------------------------

export const OccupationQuery = Type.Object(
  {
    q: Type.Optional(SearchText),
    isNew: Type.Optional(Type.Boolean()),
    sector: Type.Optional(SectorCode),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type OccupationQuery = Static<typeof OccupationQuery>;

export const Occupation = Type.Object({
  code: Type.String(),
  name: Type.String(),
  category: Nullable(Type.String()),
  sector: Nullable(Type.String()),
  /** Demo data, not checked against the official text. */
  demo: Type.Boolean(),
  /** 新职业: announced as a new occupation. */
  isNew: Type.Boolean(),
});
export type Occupation = Static<typeof Occupation>;
export const OccupationPage = Page(Occupation);

/** The catalogue as CSV (`code,name[,category]`); `isNew` flags every row as 新职业. */
export const OccupationImport = Type.Object(
  {
    csv: Type.String({ minLength: 1, maxLength: 2_000_000 }),
    isNew: Type.Optional(Type.Boolean()),
    reason: Type.Optional(Reason),
  },
  { additionalProperties: false },
);
export type OccupationImport = Static<typeof OccupationImport>;

export const OccupationImportResult = Type.Object({ imported: Type.Integer({ minimum: 0 }) });

// ---- providers and evaluation bodies (十一, 十四) -----------------------------------------

export const QualificationStatus = StringEnum(['active', 'suspended', 'revoked'] as const);
export const ProviderGrade = StringEnum(PROVIDER_GRADES);
export const ProviderKind = StringEnum(PROVIDER_KIND_CODES);
export const EvaluationBodyKind = StringEnum(EVALUATION_BODY_KIND_CODES);

/** Who changed a qualification, when and why. */
const Stamp = Type.Object({ at: IsoTimestamp, by: Type.String(), reason: Type.String() });

const RegistryFields = {
  id: Uuid,
  name: Type.String(),
  grade: Nullable(ProviderGrade),
  regionCode: Type.String(),
  regionName: Nullable(Type.String()),
  qualificationStatus: QualificationStatus,
  suspended: Nullable(Stamp),
  revoked: Nullable(Stamp),
  /** The occupations it is filed (备案) for, with names. */
  occupations: Type.Array(Type.Object({ code: Type.String(), name: Nullable(Type.String()) })),
  createdAt: IsoTimestamp,
};

export const TrainingProvider = Type.Object({
  ...RegistryFields,
  kind: ProviderKind,
  unifiedSocialCreditCode: Type.String(),
  /** The highest level it is filed to train to; null when not filed. */
  maxLevel: Nullable(SkillLevelCode),
});
export type TrainingProvider = Static<typeof TrainingProvider>;
export const TrainingProviderPage = Page(TrainingProvider);

export const EvaluationBody = Type.Object({
  ...RegistryFields,
  kind: EvaluationBodyKind,
  enterpriseId: Nullable(Uuid),
  unifiedSocialCreditCode: Nullable(Type.String()),
  /** The highest level it may evaluate (十四); results above it are refused. */
  maxLevel: SkillLevelCode,
});
export type EvaluationBody = Static<typeof EvaluationBody>;
export const EvaluationBodyPage = Page(EvaluationBody);

/** Its projects and quality reviews (十三). */
const TrackRecord = {
  projects: Type.Array(
    Type.Object({
      id: Uuid,
      name: Type.String(),
      stage: ProjectStage,
      ownerRegionCode: Type.String(),
      targetLevel: SkillLevelCode,
    }),
  ),
  reviews: Type.Array(
    Type.Object({
      id: Uuid,
      projectId: Uuid,
      projectName: Type.String(),
      method: Type.String(),
      reviewer: Type.String(),
      reviewedOn: IsoDate,
      providerGrade: Nullable(ProviderGrade),
      findings: Nullable(Type.String()),
    }),
  ),
};
export const TrainingProviderDetail = Type.Object({
  ...TrainingProvider.properties,
  ...TrackRecord,
});
export type TrainingProviderDetail = Static<typeof TrainingProviderDetail>;
export const EvaluationBodyDetail = Type.Object({ ...EvaluationBody.properties, ...TrackRecord });
export type EvaluationBodyDetail = Static<typeof EvaluationBodyDetail>;

export const RegistryQuery = Type.Object(
  {
    q: Type.Optional(SearchText),
    regionCode: Type.Optional(RegionCode),
    status: Type.Optional(QualificationStatus),
    grade: Type.Optional(ProviderGrade),
    occupationCode: Type.Optional(OccupationCode),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type RegistryQuery = Static<typeof RegistryQuery>;

const OccupationCodes = Type.Array(OccupationCode, { maxItems: 500, uniqueItems: true });

export const TrainingProviderCreate = Type.Object(
  {
    name: Name,
    kind: ProviderKind,
    regionCode: RegionCode,
    unifiedSocialCreditCode: Uscc,
    grade: Type.Optional(Nullable(ProviderGrade)),
    maxLevel: Type.Optional(Nullable(SkillLevelCode)),
    occupationCodes: OccupationCodes,
    reason: Type.Optional(Reason),
  },
  { additionalProperties: false },
);
export type TrainingProviderCreate = Static<typeof TrainingProviderCreate>;

export const EvaluationBodyCreate = Type.Object(
  {
    name: Name,
    kind: EvaluationBodyKind,
    enterpriseId: Type.Optional(Nullable(Uuid)),
    regionCode: RegionCode,
    unifiedSocialCreditCode: Type.Optional(Nullable(Uscc)),
    grade: Type.Optional(Nullable(ProviderGrade)),
    maxLevel: SkillLevelCode,
    occupationCodes: Type.Array(OccupationCode, { minItems: 1, maxItems: 500, uniqueItems: true }),
    reason: Type.Optional(Reason),
  },
  { additionalProperties: false },
);
export type EvaluationBodyCreate = Static<typeof EvaluationBodyCreate>;

/** 分类分级 (十一): a grade, or null to clear it, always with a reason. */
export const GradeChange = Type.Object(
  { grade: Nullable(ProviderGrade), reason: Reason },
  { additionalProperties: false },
);
export type GradeChange = Static<typeof GradeChange>;

/** Suspend, reinstate or revoke (十八): to which status, and why. */
export const QualificationChange = Type.Object(
  { status: QualificationStatus, reason: Reason },
  { additionalProperties: false },
);
export type QualificationChange = Static<typeof QualificationChange>;

// ---- subsidy catalogues (十二, 十七) -------------------------------------------------------

export const CatalogueStatus = StringEnum(['draft', 'published'] as const);
export const ShortageTier = Type.Integer({ minimum: 1, maximum: 3 });

export const CatalogueQuery = Type.Object(
  { regionCode: Type.Optional(RegionCode), status: Type.Optional(CatalogueStatus), ...PageQuery },
  { additionalProperties: false },
);
export type CatalogueQuery = Static<typeof CatalogueQuery>;

const CatalogueVersionFields = {
  id: Uuid,
  regionCode: Type.String(),
  regionName: Nullable(Type.String()),
  label: Type.String(),
  status: CatalogueStatus,
  publishedOn: Nullable(IsoDate),
  effectiveFrom: IsoDate,
  effectiveTo: Nullable(IsoDate),
  createdBy: Nullable(Type.String()),
  publishedBy: Nullable(Type.String()),
  createdAt: IsoTimestamp,
};

export const CatalogueVersionSummary = Type.Object({
  ...CatalogueVersionFields,
  entryCount: Type.Integer({ minimum: 0 }),
});
export const CatalogueVersionPage = Page(CatalogueVersionSummary);

export const LevelStandard = Type.Object(
  { level: SkillLevelCode, amountFen: Fen },
  { additionalProperties: false },
);

export const CatalogueEntry = Type.Object({
  occupationCode: Type.String(),
  occupationName: Nullable(Type.String()),
  shortageTier: ShortageTier,
  standards: Type.Array(LevelStandard),
});

export const CatalogueVersionDetail = Type.Object({
  ...CatalogueVersionFields,
  entries: Type.Array(CatalogueEntry),
});
export type CatalogueVersionDetail = Static<typeof CatalogueVersionDetail>;

/** A new draft, empty or a copy of another version's entries (a correction of a published one). */
export const CatalogueDraftCreate = Type.Object(
  {
    regionCode: RegionCode,
    label: Type.String({ minLength: 1, maxLength: 100 }),
    effectiveFrom: IsoDate,
    effectiveTo: Type.Optional(Nullable(IsoDate)),
    copyFromId: Type.Optional(Uuid),
    reason: Type.Optional(Reason),
  },
  { additionalProperties: false },
);
export type CatalogueDraftCreate = Static<typeof CatalogueDraftCreate>;

export const CatalogueEntryParams = Type.Object(
  { id: Uuid, occupationCode: OccupationCode },
  { additionalProperties: false },
);

export const CatalogueEntryPut = Type.Object(
  {
    shortageTier: ShortageTier,
    standards: Type.Array(LevelStandard, { maxItems: 8 }),
  },
  { additionalProperties: false },
);
export type CatalogueEntryPut = Static<typeof CatalogueEntryPut>;

/** Entries as CSV `occupation_code,shortage_tier,level,amount_fen` (one row per level). */
export const CatalogueImport = Type.Object(
  { csv: Type.String({ minLength: 1, maxLength: 2_000_000 }) },
  { additionalProperties: false },
);
export type CatalogueImport = Static<typeof CatalogueImport>;

export const CataloguePublish = Type.Object(
  { publishedOn: Type.Optional(IsoDate), reason: Type.Optional(Reason) },
  { additionalProperties: false },
);
export type CataloguePublish = Static<typeof CataloguePublish>;
