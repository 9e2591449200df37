import type { PartnerRole } from './cost-sharing.js';
import { BASIS_POINTS_WHOLE, type BasisPoints, type Fen, splitFen } from './money.js';
import {
  isWholeNumber,
  type PlanCompleteness,
  type PlanProblem,
  problem,
} from './plan-problems.js';
import { type DeliveryMode, type ProjectDurations, validateDurations } from './project.js';
import { FUNDING_SOURCE_CODES, type FundingSourceCode } from './reference/funding-sources.js';
import type { RegionCode } from './region.js';

/**
 * A project's plan (十二 项目化培训, 委托培训 + 成本分担; 十七 资金统筹), as one value: who pays
 * which share and from which funds, which demand orders' places it holds, the course and the
 * timers. The console's wizard, the API and the workflow's validators all check it with
 * {@link validatePlan}; there is no other copy of these rules.
 */
export interface ProjectPlan {
  /** The region whose HR department owns the project; always one of the parties. */
  ownerRegionCode: RegionCode;
  plannedHeadcount: number;
  /** The owner and, for a cross-region project, its partner regions. */
  parties: PlanParty[];
  reservations: DemandReservation[];
  modules: PlanModule[];
  durations: ProjectDurations;
}

/** The roles a region plays in cross-region training (十二: 输入地, 输出地, 培训承接地). */
export const PARTY_ROLES = ['labour_import', 'labour_export', 'training_host'] as const;

/** One region's part of a project's cost, and the funds it pays that part from. */
export interface PlanParty {
  regionCode: RegionCode;
  role: PartnerRole;
  /** Share of each claim, in basis points of the whole; the parties' shares add up to 10 000. */
  shareBp: BasisPoints;
  /** The party's own funding lines; their shares are basis points of the party's part. */
  funding: FundingLine[];
}

/** One fund paying part of one party's share (十七). */
export interface FundingLine {
  source: FundingSourceCode;
  shareBp: BasisPoints;
}

/** Places a project holds on an enterprise's demand order (岗位需求). */
export interface DemandReservation {
  demandOrderId: string;
  places: number;
}

/** A course module as planned (十三: 模块化, 理论与实操, 线上线下). */
export interface PlanModule {
  title: string;
  theoryHours: number;
  practiceHours: number;
  mode: DeliveryMode;
}

/** At most this many parties share one project (one per region; the API's schema says the same). */
export const MAX_PARTIES = 30;

const REGION = /^[1-9]\d{5}$/;

/**
 * The parties rule (十二 成本分担): the owner and each partner appear once, with a valid region
 * code and role; shares are whole basis points adding up to 10 000, a partner's at least 1 bp
 * (a region paying nothing is no party); each party's funding lines are distinct known sources
 * adding up to 10 000 bp of its part. Used for a draft's parties and for every revision.
 */
export function validateParties(
  ownerRegionCode: RegionCode,
  parties: readonly PlanParty[],
  completeness: PlanCompleteness = 'launch',
  at = 'parties',
): PlanProblem[] {
  const problems: PlanProblem[] = [];
  if (parties.length === 0) return [problem(at, 'parties_required')];
  if (parties.length > MAX_PARTIES) {
    problems.push(problem(at, 'too_many_parties', { max: MAX_PARTIES }));
  }
  if (!parties.some((p) => p.regionCode === ownerRegionCode)) {
    problems.push(problem(at, 'owner_not_a_party', { regionCode: ownerRegionCode }));
  }
  const seen = new Set<string>();
  let total = 0;
  let sharesValid = true;
  parties.forEach((party, i) => {
    const path = `${at}.${i}`;
    if (!REGION.test(party.regionCode)) {
      problems.push(problem(`${path}.regionCode`, 'region_code_invalid'));
    } else if (seen.has(party.regionCode)) {
      problems.push(
        problem(`${path}.regionCode`, 'party_duplicate', { regionCode: party.regionCode }),
      );
    }
    seen.add(party.regionCode);
    if (!(PARTY_ROLES as readonly string[]).includes(party.role)) {
      problems.push(problem(`${path}.role`, 'role_invalid'));
    }
    if (!isWholeNumber(party.shareBp, 0, BASIS_POINTS_WHOLE)) {
      sharesValid = false;
      problems.push(problem(`${path}.shareBp`, 'share_invalid', { max: BASIS_POINTS_WHOLE }));
    } else {
      total += party.shareBp;
      if (party.shareBp === 0 && party.regionCode !== ownerRegionCode) {
        problems.push(problem(`${path}.shareBp`, 'partner_share_zero'));
      }
    }
    problems.push(...validateFunding(party, completeness, `${path}.funding`));
  });
  if (sharesValid && total !== BASIS_POINTS_WHOLE) {
    problems.push(problem(at, 'shares_not_whole', { total, whole: BASIS_POINTS_WHOLE }));
  }
  return problems;
}

function validateFunding(
  party: PlanParty,
  completeness: PlanCompleteness,
  at: string,
): PlanProblem[] {
  // A party paying nothing needs no fund; a draft may name its funds later.
  if (party.funding.length === 0) {
    return completeness === 'launch' && party.shareBp !== 0
      ? [problem(at, 'funding_required')]
      : [];
  }
  const problems: PlanProblem[] = [];
  const seen = new Set<string>();
  let total = 0;
  let sharesValid = true;
  party.funding.forEach((line, i) => {
    const path = `${at}.${i}`;
    if (!(FUNDING_SOURCE_CODES as readonly string[]).includes(line.source)) {
      problems.push(problem(`${path}.source`, 'funding_source_invalid'));
    } else if (seen.has(line.source)) {
      problems.push(problem(`${path}.source`, 'funding_source_duplicate', { source: line.source }));
    }
    seen.add(line.source);
    if (!isWholeNumber(line.shareBp, 1, BASIS_POINTS_WHOLE)) {
      sharesValid = false;
      problems.push(problem(`${path}.shareBp`, 'share_invalid', { max: BASIS_POINTS_WHOLE }));
    } else {
      total += line.shareBp;
    }
  });
  if (sharesValid && total !== BASIS_POINTS_WHOLE) {
    problems.push(problem(at, 'funding_not_whole', { total, whole: BASIS_POINTS_WHOLE }));
  }
  return problems;
}

/**
 * Every problem with a plan, each with its path and code; empty when the plan may be saved
 * (`draft`) or launched (`launch`). Checks what the plan itself says; what needs records (is the
 * demand order open, are its places free, may this manager use it) the caller checks beside it.
 */
export function validatePlan(
  plan: ProjectPlan,
  completeness: PlanCompleteness = 'launch',
): PlanProblem[] {
  const problems = validateParties(plan.ownerRegionCode, plan.parties, completeness);
  if (!isWholeNumber(plan.plannedHeadcount, 1, 1_000_000)) {
    problems.push(problem('plannedHeadcount', 'headcount_invalid'));
  }
  const orders = new Set<string>();
  let places = 0;
  plan.reservations.forEach((reservation, i) => {
    const path = `reservations.${i}`;
    if (orders.has(reservation.demandOrderId)) {
      problems.push(problem(`${path}.demandOrderId`, 'reservation_duplicate'));
    }
    orders.add(reservation.demandOrderId);
    if (!isWholeNumber(reservation.places, 1, 1_000_000)) {
      problems.push(problem(`${path}.places`, 'reservation_places_invalid'));
    } else {
      places += reservation.places;
    }
  });
  if (Number.isSafeInteger(plan.plannedHeadcount) && places > plan.plannedHeadcount) {
    problems.push(
      problem('reservations', 'reservations_exceed_headcount', {
        places,
        plannedHeadcount: plan.plannedHeadcount,
      }),
    );
  }
  if (plan.modules.length === 0 && completeness === 'launch') {
    problems.push(problem('modules', 'course_plan_required'));
  }
  plan.modules.forEach((module, i) => {
    const path = `modules.${i}`;
    if (module.title.trim() === '')
      problems.push(problem(`${path}.title`, 'module_title_required'));
    if (
      !isWholeNumber(module.theoryHours, 0, 10_000) ||
      !isWholeNumber(module.practiceHours, 0, 10_000) ||
      module.theoryHours + module.practiceHours === 0
    ) {
      problems.push(problem(`${path}.theoryHours`, 'module_hours_invalid'));
    }
    if (!['online', 'offline', 'blended'].includes(module.mode)) {
      problems.push(problem(`${path}.mode`, 'module_mode_invalid'));
    }
  });
  problems.push(...validateDurations(plan.durations));
  return problems;
}

/** True when regions other than the owner share the cost, so partners must approve first (十二). */
export function isCrossRegionPlan(
  parties: readonly Pick<PlanParty, 'regionCode'>[],
  owner: RegionCode,
) {
  return parties.some((p) => p.regionCode !== owner);
}

/** The parties of a project that only its owner pays for, from the given funds. */
export function ownerOnlyParties(
  ownerRegionCode: RegionCode,
  funding: FundingLine[],
  role: PartnerRole = 'labour_import',
): PlanParty[] {
  return [{ regionCode: ownerRegionCode, role, shareBp: BASIS_POINTS_WHOLE, funding }];
}

/** One party's part of a claim and how its funds pay it. */
export interface PartyPart {
  regionCode: RegionCode;
  shareBp: BasisPoints;
  amount: Fen;
  lines: { source: FundingSourceCode; shareBp: BasisPoints; amount: Fen }[];
}

/**
 * Splits a claim across the parties of the approved plan (十二 成本分担), then each party's part
 * across its own funding lines (十七), exactly to the fen by largest remainder at both levels: the
 * parts add up to the claim and each party's lines to its part. A party with a zero share gets
 * nothing and needs no fund. Throws (a programming error) when the parties do not validate.
 */
export function splitClaim(amount: Fen, parties: readonly PlanParty[]): PartyPart[] {
  const partyAmounts = splitFen(
    amount,
    parties.map((p) => p.shareBp),
  );
  return parties.map((party, i) => {
    const partAmount = partyAmounts[i] ?? 0;
    if (party.funding.length === 0) {
      if (partAmount !== 0) {
        throw new RangeError(`party ${party.regionCode} has a share but no funding line`);
      }
      return { regionCode: party.regionCode, shareBp: party.shareBp, amount: 0, lines: [] };
    }
    const lineAmounts = splitFen(
      partAmount,
      party.funding.map((l) => l.shareBp),
    );
    return {
      regionCode: party.regionCode,
      shareBp: party.shareBp,
      amount: partAmount,
      lines: party.funding.map((line, j) => ({
        source: line.source,
        shareBp: line.shareBp,
        amount: lineAmounts[j] ?? 0,
      })),
    };
  });
}

/** What a party agrees to at most when it approves its share (an approver's inbox). */
export interface ShareCeiling {
  /** The plan's trainees. */
  headcount: number;
  /** The standard per trainee (十七): the highest of the project's occupations at its level. */
  standardFen: Fen;
  /** Every planned trainee certified and claimed: headcount × standard. */
  totalFen: Fen;
  /** This party's part of the total, split as claims are (largest remainder over the shares). */
  shareFen: Fen;
}

/**
 * The ceiling of a share (十二 成本分担, 十七): what the party would pay if every planned trainee
 * earned the standard, split across the round's parties the way settlement splits each claim.
 * Claims are split one by one, so the parts of real claims may differ from this by a few fen.
 */
export function shareCeiling(
  headcount: number,
  standardFen: Fen,
  parties: readonly Pick<PlanParty, 'regionCode' | 'shareBp'>[],
  regionCode: RegionCode,
): ShareCeiling {
  const totalFen = headcount * standardFen;
  const index = parties.findIndex((p) => p.regionCode === regionCode);
  if (index < 0) throw new RangeError(`${regionCode} is not a party of the plan`);
  const parts = splitFen(
    totalFen,
    parties.map((p) => p.shareBp),
  );
  return { headcount, standardFen, totalFen, shareFen: parts[index] ?? 0 };
}
