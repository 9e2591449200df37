import { DEMAND_ORDER_STATUSES } from '@qiancheng/domain';
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
  SkillLevelCode,
  StringEnum,
  Uuid,
} from './common.js';

export const DemandOrderStatus = StringEnum(DEMAND_ORDER_STATUSES);

/** What an enterprise posts (岗位需求, 十二). */
export const DemandOrderCreate = Type.Object(
  {
    externalRef: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: "the enterprise's own reference" }),
    ),
    occupationCode: OccupationCode,
    headcount: Type.Integer({ minimum: 1, maximum: 100000 }),
    requiredLevel: SkillLevelCode,
    wageOfferFen: Type.Integer({ minimum: 1, maximum: 100_000_000, description: 'monthly, fen' }),
    workRegionCode: RegionCode,
    deadline: IsoDate,
    description: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type DemandOrderCreate = Static<typeof DemandOrderCreate>;

export const DemandOrder = Type.Object({
  id: Uuid,
  enterpriseId: Uuid,
  externalRef: Nullable(Type.String()),
  occupationCode: Type.String(),
  headcount: Type.Integer(),
  reservedHeadcount: Type.Integer(),
  filledHeadcount: Type.Integer(),
  requiredLevel: Type.String(),
  wageOfferFen: Fen,
  workRegionCode: Type.String(),
  deadline: Type.String(),
  status: DemandOrderStatus,
  description: Nullable(Type.String()),
  postedAt: IsoTimestamp,
  updatedAt: IsoTimestamp,
});
export type DemandOrder = Static<typeof DemandOrder>;

export const DemandOrderListQuery = Type.Object(
  {
    status: Type.Optional(DemandOrderStatus),
    occupationCode: Type.Optional(OccupationCode),
    workRegionCode: Type.Optional(RegionCode),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type DemandOrderListQuery = Static<typeof DemandOrderListQuery>;
export const DemandOrderPage = Page(DemandOrder);

/** What an enterprise may see of a project serving its order. */
export const ServingProject = Type.Object({
  id: Uuid,
  name: Type.String(),
  stage: ProjectStage,
  ownerRegionCode: Type.String(),
  trainingRegionCode: Type.String(),
  headcount: Type.Integer({ description: 'places this project holds on the order' }),
  createdAt: IsoTimestamp,
});
export const ServingProjectList = Type.Object({ items: Type.Array(ServingProject) });

export const IdempotencyKeyHeader = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      pattern: '^[\\x21-\\x7e]+$',
      description: 'same key and body: the first answer again; same key, other body: 409',
    }),
  ),
});

/** http(s) only; https only in production, and never an internal address (checked on register). */
export const WebhookRegister = Type.Object(
  { url: Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 }) },
  { additionalProperties: false },
);
/** The secret is shown here, once; only rotation shows a new one. */
export const WebhookWithSecret = Type.Object({
  url: Type.String(),
  secret: Type.String(),
  createdAt: IsoTimestamp,
  rotatedAt: Nullable(IsoTimestamp),
});
export const Webhook = Type.Object({
  url: Type.String(),
  createdAt: IsoTimestamp,
  rotatedAt: Nullable(IsoTimestamp),
});
