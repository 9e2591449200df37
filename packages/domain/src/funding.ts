import { assertWholeBasisPoints, type BasisPoints, type Fen, splitFen } from './money.js';
import type { FundingSourceCode } from './reference/funding-sources.js';
import type { RegionCode } from './region.js';

/** One source's part of a funding plan. */
export interface FundingShare {
  source: FundingSourceCode;
  /** The region whose fund pays (e.g. the labour-export region's east–west cooperation fund). */
  payerRegionCode: RegionCode | null;
  shareBp: BasisPoints;
}

/** Which sources pay which share of a project's subsidies (十七 资金统筹). */
export interface FundingPlan {
  id: string;
  projectId: string;
  shares: FundingShare[];
}

/** One source's part of an amount. */
export interface FundingPart {
  source: FundingSourceCode;
  payerRegionCode: RegionCode | null;
  amount: Fen;
}

/**
 * Splits an amount across a funding plan's sources, exactly to the fen (largest remainder, ties
 * to the earlier share). The plan's shares must add up to 10 000 bp.
 */
export function splitByFundingPlan(amount: Fen, plan: Pick<FundingPlan, 'shares'>): FundingPart[] {
  assertWholeBasisPoints(
    plan.shares.map((s) => s.shareBp),
    'shares',
  );
  const parts = splitFen(
    amount,
    plan.shares.map((s) => s.shareBp),
  );
  return plan.shares.map((share, i) => ({
    source: share.source,
    payerRegionCode: share.payerRegionCode,
    amount: parts[i] ?? 0,
  }));
}
