import {
  FUNDING_SOURCE_CODES,
  KEY_GROUP_CODES,
  PROJECT_STAGES,
  PROJECT_TYPES,
  SECTOR_CODES,
  SKILL_LEVEL_CODES,
} from '@qiancheng/domain';
import Type, { type TSchema } from 'typebox';

/** A value or null (nullable columns are `T | null`, never optional). */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** An enumeration of strings, from one of the domain's `as const` lists (JSON Schema `enum`). */
export const StringEnum = <const T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>(Type.Enum([...values], description ? { description } : {}));

export const Uuid = Type.String({ format: 'uuid' });
/** GB/T 2260 six-digit region code. */
export const RegionCode = Type.String({
  pattern: '^[1-9][0-9]{5}$',
  description: 'GB/T 2260 code',
});
/** 职业分类大典 code, `N-NN-NN-NN`. */
export const OccupationCode = Type.String({ pattern: '^[1-8]-[0-9]{2}-[0-9]{2}-[0-9]{2}$' });
export const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
/** Timestamps are ISO 8601 in UTC. */
export const IsoTimestamp = Type.String({ format: 'date-time' });
/** Money is integer fen (分), never floats. */
export const Fen = Type.Integer({ minimum: 0, description: 'integer fen (分)' });
export const BasisPoints = Type.Integer({ minimum: 0, maximum: 10000 });

export const ProjectStage = StringEnum(PROJECT_STAGES);
export const ProjectType = StringEnum(PROJECT_TYPES);
export const SectorCode = StringEnum(SECTOR_CODES);
export const SkillLevelCode = StringEnum(SKILL_LEVEL_CODES);
export const KeyGroupCode = StringEnum(KEY_GROUP_CODES);
export const FundingSourceCode = StringEnum(FUNDING_SOURCE_CODES);
export const PartnerRole = StringEnum(['labour_import', 'labour_export', 'training_host'] as const);

export const IdParams = Type.Object({ id: Uuid });

/** The last page a client may ask for: (page − 1) × pageSize stays far inside a bigint offset. */
export const MAX_PAGE = 100_000;

/** `?page=&pageSize=` — pages are 1-based. */
export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
};

/** A page of items with the total count, for tables in the console. */
export const Page = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    total: Type.Integer({ minimum: 0 }),
    page: Type.Integer({ minimum: 1 }),
    pageSize: Type.Integer({ minimum: 1 }),
  });

/** Who asks a human step to happen, and why (十八: every state change says why). */
export const ReasonBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);
export const OptionalReasonBody = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
