import type { IsoDate, IsoTimestamp } from './dates.js';
import type { Fen } from './money.js';
import type { OccupationCode } from './occupation.js';
import type { SkillLevelCode } from './reference/skill-levels.js';
import type { RegionCode } from './region.js';

/** Lifecycle of a demand order as projects take it up (岗位需求, 十二). */
export const DEMAND_ORDER_STATUSES = [
  'open',
  'reserved',
  'fulfilled',
  'closed',
  'cancelled',
  'expired',
] as const;

export type DemandOrderStatus = (typeof DEMAND_ORDER_STATUSES)[number];

/** An enterprise's posted need for trained workers: the first link of the chain (十二). */
export interface DemandOrder {
  id: string;
  enterpriseId: string;
  /** The enterprise's own reference, so repeated API posts are idempotent. */
  externalRef: string | null;
  occupationCode: OccupationCode;
  headcount: number;
  /** Headcount held by projects in progress; released when a project is cancelled. */
  reservedHeadcount: number;
  requiredLevel: SkillLevelCode;
  /** Gross monthly wage offered, in fen. */
  wageOfferFen: Fen;
  workRegionCode: RegionCode;
  /** Last day the enterprise needs the workers by. */
  deadline: IsoDate;
  status: DemandOrderStatus;
  postedAt: IsoTimestamp;
}

/** Headcount still free for new projects; never negative. */
export function availableHeadcount(
  order: Pick<DemandOrder, 'headcount' | 'reservedHeadcount'>,
): number {
  return Math.max(0, order.headcount - order.reservedHeadcount);
}
