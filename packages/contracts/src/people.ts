import {
  COORDINATOR_ACTIONS,
  NOTIFICATION_KINDS,
  PROVIDER_GRADES,
  RATIO_METRICS,
  REVIEW_METHODS,
  TARGET_MEASURES,
} from '@qiancheng/domain';
import Type, { type Static, type TOptional, type TSchema } from 'typebox';
import { USER_ROLES } from './auth.js';
import {
  IsoDate,
  IsoTimestamp,
  KeyGroupCode,
  Nullable,
  RegionCode,
  SectorCode,
  StringEnum,
  Uuid,
} from './common.js';

const Reason = Type.String({ minLength: 1, maxLength: 500 });

// ---- provincial coordinators (十二) ---------------------------------------------------------

/** An approval escalated to the coordinator of its province after its deadline passed. */
export const EscalatedApproval = Type.Object({
  approvalId: Uuid,
  projectId: Uuid,
  projectName: Type.String(),
  ownerRegionCode: Type.String(),
  round: Type.Integer(),
  regionCode: Type.String(),
  regionName: Nullable(Type.String()),
  role: Type.String(),
  shareBp: Type.Integer(),
  deadline: IsoTimestamp,
  remindersSent: Type.Integer(),
  escalatedAt: IsoTimestamp,
});
export const EscalationInbox = Type.Object({ items: Type.Array(EscalatedApproval) });
export const EscalationInboxQuery = Type.Object(
  { provinceCode: Type.Optional(RegionCode) },
  { additionalProperties: false },
);
export const ApprovalIdParams = Type.Object({ approvalId: Uuid });

/** Approve or reject in the partner's place, or give it a new deadline (reason required). */
export const CoordinatorDecisionRequest = Type.Object(
  {
    decision: StringEnum(COORDINATOR_ACTIONS),
    reason: Type.Optional(Reason),
    deadline: Type.Optional(IsoTimestamp),
  },
  { additionalProperties: false },
);
export type CoordinatorDecisionRequest = Static<typeof CoordinatorDecisionRequest>;
export const CoordinatorDecisionResponse = Type.Object({
  applied: Type.Boolean(),
  projectId: Uuid,
  regionCode: Type.String(),
  round: Type.Integer(),
  status: Type.String(),
  deadline: IsoTimestamp,
  roundComplete: Type.Boolean(),
});

// ---- notifications --------------------------------------------------------------------------

export const NotificationQuery = Type.Object(
  {
    unread: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export const NotificationItem = Type.Object({
  id: Uuid,
  kind: StringEnum(NOTIFICATION_KINDS),
  projectId: Nullable(Uuid),
  projectName: Nullable(Type.String()),
  recipientRegionCode: Type.String(),
  payload: Type.Record(Type.String(), Type.Unknown()),
  createdAt: IsoTimestamp,
  read: Type.Boolean(),
});
export const NotificationList = Type.Object({
  items: Type.Array(NotificationItem),
  unread: Type.Integer({ description: 'unread notifications addressed to you, in all' }),
});
export const NotificationIdParams = Type.Object({ id: Uuid });
export const NotificationReadResponse = Type.Object({ id: Uuid, read: Type.Boolean() });

// ---- users and API keys ---------------------------------------------------------------------

export const UserRoleName = StringEnum(USER_ROLES);
export const UserSummary = Type.Object({
  id: Uuid,
  username: Type.String(),
  displayName: Type.String(),
  role: UserRoleName,
  regionCode: Nullable(Type.String()),
  active: Type.Boolean(),
  createdAt: IsoTimestamp,
});
export const UserList = Type.Object({ items: Type.Array(UserSummary) });
export const UserCreate = Type.Object(
  {
    username: Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{2,63}$' }),
    displayName: Type.String({ minLength: 1, maxLength: 100 }),
    role: UserRoleName,
    regionCode: Nullable(RegionCode),
    password: Type.String({ minLength: 12, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type UserCreate = Static<typeof UserCreate>;
export const UserPatch = Type.Object(
  { disabled: Type.Boolean(), reason: Type.Optional(Reason) },
  { additionalProperties: false },
);
export const ApiKeyRotateRequest = Type.Object(
  { label: Type.String({ minLength: 1, maxLength: 100 }), reason: Type.Optional(Reason) },
  { additionalProperties: false },
);
export const ApiKeySummary = Type.Object({
  id: Uuid,
  label: Type.String(),
  prefix: Type.String(),
  createdAt: IsoTimestamp,
  lastUsedAt: Nullable(IsoTimestamp),
  revokedAt: Nullable(IsoTimestamp),
});
export const ApiKeyList = Type.Object({ items: Type.Array(ApiKeySummary) });
/** The new key is in `key`, shown this once; every key active before is revoked. */
export const ApiKeyRotation = Type.Object({
  apiKey: ApiKeySummary,
  key: Type.String(),
  revoked: Type.Array(Uuid),
});

// ---- regional targets (十九, 二十) ----------------------------------------------------------

export const TargetUpsert = Type.Object(
  {
    regionCode: RegionCode,
    periodStart: IsoDate,
    periodEnd: IsoDate,
    measure: StringEnum(TARGET_MEASURES),
    sector: Nullable(SectorCode),
    keyGroup: Nullable(KeyGroupCode),
    target: Type.Integer({ minimum: 0, maximum: 100_000_000 }),
    reason: Type.Optional(Reason),
  },
  { additionalProperties: false },
);
export type TargetUpsert = Static<typeof TargetUpsert>;
export const Target = Type.Object({
  id: Uuid,
  regionCode: Type.String(),
  periodStart: Type.String(),
  periodEnd: Type.String(),
  measure: StringEnum(TARGET_MEASURES),
  sector: Nullable(Type.String()),
  keyGroup: Nullable(Type.String()),
  target: Type.Integer(),
});
export const TargetList = Type.Object({ items: Type.Array(Target) });
export const TargetQuery = Type.Object(
  { regionCode: Type.Optional(RegionCode) },
  { additionalProperties: false },
);
/** A 督促提醒 to a region behind pace (二十): a notification to its managers, audited. */
export const PaceReminderRequest = Type.Object(
  { regionCode: RegionCode, message: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);
export const PaceReminderResponse = Type.Object({
  notificationId: Uuid,
  regionCode: Type.String(),
});

// ---- quality reviews (十三) -----------------------------------------------------------------

/** A count a reviewer reports (at most 100 million: the policy's 30 million, with room). */
const Count = Type.Integer({ minimum: 0, maximum: 100_000_000 });
const ratioMetrics = <T extends TSchema>(schema: T) =>
  Object.fromEntries(RATIO_METRICS.map((name) => [name, Type.Optional(schema)])) as Record<
    (typeof RATIO_METRICS)[number],
    TOptional<T>
  >;
/**
 * What a reviewer measured, any of the platform's quality metrics (domain MeasuredMetrics), each
 * ratio by its counts; the API works out the basis points by the platform's own rule.
 */
export const MeasuredMetrics = Type.Object(
  {
    trainees: Type.Optional(Count),
    ...ratioMetrics(
      Type.Object({ numerator: Count, denominator: Count }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
);
/** A review's metrics: all of them in the platform's own review, what was measured in another. */
export const ReviewMetrics = Type.Object({
  trainees: Type.Optional(Type.Integer()),
  ...ratioMetrics(
    Type.Object({
      numerator: Type.Integer(),
      denominator: Type.Integer(),
      bp: Nullable(Type.Integer({ description: 'basis points, rounded down; null over 0' })),
    }),
  ),
});

export const QualityReviewCreate = Type.Object(
  {
    method: StringEnum(['third_party', 'spot_check'] as const),
    reviewer: Type.String({ minLength: 1, maxLength: 200 }),
    reviewedOn: IsoDate,
    providerGrade: Nullable(StringEnum(PROVIDER_GRADES)),
    findings: Nullable(Type.String({ maxLength: 5000 })),
    metrics: Type.Optional(MeasuredMetrics),
  },
  { additionalProperties: false },
);
export type QualityReviewCreate = Static<typeof QualityReviewCreate>;
export const QualityReviewItem = Type.Object({
  id: Uuid,
  projectId: Uuid,
  method: StringEnum(REVIEW_METHODS),
  reviewer: Type.String(),
  reviewedOn: Type.String(),
  metrics: ReviewMetrics,
  providerGrade: Nullable(Type.String()),
  findings: Nullable(Type.String()),
  recordedAt: IsoTimestamp,
  recordedBy: Type.String(),
  recordedByName: Nullable(Type.String()),
});
export const QualityReviewList = Type.Object({ items: Type.Array(QualityReviewItem) });
export const QualityReviewCreated = Type.Object({
  review: QualityReviewItem,
  providerId: Uuid,
  providerGrade: Nullable(Type.String()),
  unfit: Type.Boolean(),
});
export const ProjectIdParams = Type.Object({ projectId: Uuid });
