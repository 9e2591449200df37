import { TARGET_MEASURES } from '@qiancheng/domain';
import Type, { type Static } from 'typebox';
import {
  FundingSourceCode,
  IsoDate,
  IsoTimestamp,
  Nullable,
  Page,
  PageQuery,
  RegionCode,
  StringEnum,
  Uuid,
} from './common.js';

export const ApprovalInboxQuery = Type.Object(
  { regionCode: Type.Optional(RegionCode) },
  { additionalProperties: false },
);
/** What a share commits its region to at most (domain shareCeiling). */
export const ShareCeiling = Type.Object({
  headcount: Type.Integer(),
  standardFen: Type.Integer(),
  totalFen: Type.Integer(),
  shareFen: Type.Integer(),
});

/** A pending cost share waiting for the region's decision (十二), with its deadline. */
export const ApprovalInboxItem = Type.Object({
  approvalId: Uuid,
  projectId: Uuid,
  projectName: Type.String(),
  ownerRegionCode: Type.String(),
  round: Type.Integer(),
  regionCode: Type.String(),
  role: Type.String(),
  shareBp: Type.Integer(),
  /** Planned headcount × standard, this share of it; null when no catalogue lists the occupations. */
  ceiling: Nullable(ShareCeiling),
  deadline: IsoTimestamp,
  overdue: Type.Boolean(),
  remindersSent: Type.Integer(),
  escalatedAt: Nullable(IsoTimestamp),
});
export const ApprovalInbox = Type.Object({ items: Type.Array(ApprovalInboxItem) });

export const LedgerQuery = Type.Object(
  {
    projectId: Type.Optional(Uuid),
    payerRegionCode: Type.Optional(RegionCode),
    fundingSource: Type.Optional(FundingSourceCode),
    kind: Type.Optional(StringEnum(['claim', 'payment', 'reversal', 'clawback'] as const)),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type LedgerQuery = Static<typeof LedgerQuery>;
export const LedgerEntry = Type.Object({
  id: Uuid,
  seq: Type.Integer(),
  projectId: Uuid,
  /** The project's name, so the ledger reads by project rather than by id. */
  projectName: Type.String(),
  claimId: Uuid,
  kind: Type.String(),
  direction: Type.Integer(),
  fundingSource: Type.String(),
  payerRegionCode: Nullable(Type.String()),
  amountFen: Type.Integer(),
  reversesEntryId: Nullable(Uuid),
  recordedAt: IsoTimestamp,
  recordedBy: Type.String(),
  /** Who recorded it by name (a user's, 系统 for the workflow); null if unknown. */
  recordedByName: Nullable(Type.String()),
  reason: Nullable(Type.String()),
});
const NetRow = (key: string) =>
  Type.Object({
    [key]: Nullable(Type.String()),
    owedFen: Type.Integer({ description: 'claims less reversals' }),
    approvedFen: Type.Integer({ description: 'of what is owed, the parts their payer approved' }),
    paidFen: Type.Integer({ description: 'payments less clawbacks' }),
  });
export const LedgerPage = Type.Object({
  ...Page(LedgerEntry).properties,
  totals: Type.Object({
    owedFen: Type.Integer(),
    approvedFen: Type.Integer(),
    paidFen: Type.Integer(),
    byFundingSource: Type.Array(NetRow('fundingSource')),
    byPayerRegion: Type.Array(NetRow('payerRegionCode')),
  }),
});

export const AuditLogQuery = Type.Object(
  {
    subjectType: Type.Optional(Type.String({ maxLength: 50 })),
    subjectId: Type.Optional(Type.String({ maxLength: 100 })),
    actor: Type.Optional(Type.String({ maxLength: 100 })),
    action: Type.Optional(Type.String({ maxLength: 100 })),
    from: Type.Optional(IsoTimestamp),
    to: Type.Optional(IsoTimestamp),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type AuditLogQuery = Static<typeof AuditLogQuery>;
export const AuditEntry = Type.Object({
  id: Type.Integer(),
  occurredAt: IsoTimestamp,
  actor: Type.String(),
  /** The actor's display name (a user's, an enterprise's, 系统 for the system); null if unknown. */
  actorName: Nullable(Type.String()),
  action: Type.String(),
  subjectType: Type.String(),
  subjectId: Type.String(),
  reason: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
  requestId: Nullable(Type.String()),
});
export const AuditLogPage = Page(AuditEntry);

export const DispatchQuery = Type.Object(
  { asOf: Type.Optional(IsoDate), regionCode: Type.Optional(RegionCode) },
  { additionalProperties: false },
);
/** One target against its actuals (十九 定期调度, 二十): regions behind pace are flagged. */
export const DispatchRow = Type.Object({
  targetId: Uuid,
  regionCode: Type.String(),
  regionName: Nullable(Type.String()),
  measure: StringEnum(TARGET_MEASURES),
  sector: Nullable(Type.String()),
  keyGroup: Nullable(Type.String()),
  periodStart: Type.String(),
  periodEnd: Type.String(),
  target: Type.Integer(),
  expected: Type.Integer(),
  actual: Type.Integer(),
  pace: StringEnum(['behind', 'on_track', 'ahead'] as const),
  flagged: Type.Boolean(),
});
export const DispatchReport = Type.Object({
  asOf: Type.String(),
  items: Type.Array(DispatchRow),
  behindRegions: Type.Array(Type.String()),
});
