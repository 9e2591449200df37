import Type, { type Static } from 'typebox';
import {
  FundingSourceCode,
  IsoTimestamp,
  Nullable,
  Page,
  PageQuery,
  RegionCode,
  StringEnum,
  Uuid,
} from './common.js';

const ClaimStatus = StringEnum(['pending', 'approved', 'paid', 'rejected', 'clawed_back'] as const);
const Reason = Type.String({ minLength: 1, maxLength: 2000 });

export const ClaimListQuery = Type.Object(
  {
    projectId: Type.Optional(Uuid),
    traineeId: Type.Optional(Uuid),
    status: Type.Optional(ClaimStatus),
    payerRegionCode: Type.Optional(RegionCode),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type ClaimListQuery = Static<typeof ClaimListQuery>;

/** One paying party's part of a claim: owed and paid by fund, and its decision. */
export const ClaimPart = Type.Object({
  payerRegionCode: Type.String(),
  payerRegionName: Nullable(Type.String()),
  owedFen: Type.Integer(),
  paidFen: Type.Integer(),
  lines: Type.Array(
    Type.Object({ fundingSource: Type.String(), owedFen: Type.Integer(), paidFen: Type.Integer() }),
  ),
  /** `pending` until the party decides; `paid` once its part is paid. */
  status: StringEnum(['pending', 'approved', 'rejected', 'paid'] as const),
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(IsoTimestamp),
  reason: Nullable(Type.String()),
});

/** A subsidy claim (补贴结算, 十七) with who pays which part. */
export const Claim = Type.Object({
  id: Uuid,
  projectId: Uuid,
  projectName: Type.String(),
  traineeId: Uuid,
  traineeName: Type.String(),
  maskedResidentId: Type.String(),
  occupationCode: Type.String(),
  level: Type.String(),
  policyYear: Type.Integer(),
  catalogueVersionId: Uuid,
  shortageTier: Type.Integer(),
  amountFen: Type.Integer(),
  status: ClaimStatus,
  createdAt: IsoTimestamp,
  parts: Type.Array(ClaimPart),
});
export type Claim = Static<typeof Claim>;
export const ClaimPage = Page(Claim);

/**
 * A paying party's decision on its part. A national auditor names the paying region; a regional
 * one decides for the region it is scoped to. A rejection needs a reason.
 */
export const ClaimDecisionRequest = Type.Object(
  {
    decision: StringEnum(['approve', 'reject'] as const),
    payerRegionCode: Type.Optional(RegionCode),
    reason: Type.Optional(Reason),
  },
  { additionalProperties: false },
);
export type ClaimDecisionRequest = Static<typeof ClaimDecisionRequest>;

/** Pays a party's approved part: one payment entry per fund (append-only). */
export const ClaimPaymentRequest = Type.Object(
  { payerRegionCode: Type.Optional(RegionCode), reason: Type.Optional(Reason) },
  { additionalProperties: false },
);
export type ClaimPaymentRequest = Static<typeof ClaimPaymentRequest>;

/**
 * Why a claim is what it is: policy clause (十七) → catalogue version → shortage tier × level →
 * standard → each party's approved share → each fund's share → fen, with the ledger line for each,
 * and every eligibility rule the trainee passed or failed.
 */
export const ClaimExplanation = Type.Object({
  claimId: Uuid,
  policyClause: Type.String(),
  catalogueVersion: Type.Object({
    id: Uuid,
    name: Type.String(),
    regionCode: Type.String(),
    effectiveFrom: Type.String(),
  }),
  occupationCode: Type.String(),
  level: Type.String(),
  shortageTier: Type.Integer(),
  standardFen: Type.Integer(),
  amountFen: Type.Integer(),
  approvedRound: Nullable(Type.Integer()),
  parties: Type.Array(
    Type.Object({
      regionCode: Type.String(),
      regionName: Nullable(Type.String()),
      shareBp: Type.Integer(),
      amountFen: Type.Integer(),
      lines: Type.Array(
        Type.Object({
          fundingSource: FundingSourceCode,
          shareBp: Type.Integer(),
          amountFen: Type.Integer(),
          ledgerEntryId: Nullable(Uuid),
        }),
      ),
    }),
  ),
  eligibility: Type.Array(
    Type.Object({
      rule: Type.String(),
      outcome: StringEnum(['passed', 'failed', 'not_applicable'] as const),
    }),
  ),
});
export type ClaimExplanation = Static<typeof ClaimExplanation>;
