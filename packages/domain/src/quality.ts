import type { AuditStamp } from './actor.js';
import type { IsoDate } from './dates.js';
import type { RetentionOutcome } from './employment.js';
import { InvalidInputError } from './errors.js';
import type { AssessmentResult } from './evaluation.js';
import { BASIS_POINTS_WHOLE, type BasisPoints } from './money.js';
import type { ProviderGrade } from './reference/institution-kinds.js';
import { type SkillLevelCode, skillLevelRank } from './reference/skill-levels.js';

/** Forms of quality review (十三: 机构自评、第三方评价、政府抽评). */
export const REVIEW_METHODS = ['self', 'third_party', 'spot_check'] as const;
export type ReviewMethod = (typeof REVIEW_METHODS)[number];

/** Chinese names of review methods. */
export const REVIEW_METHOD_NAMES: Record<ReviewMethod, string> = {
  self: '机构自评',
  third_party: '第三方评价',
  spot_check: '政府抽评',
};

/**
 * An exact ratio with its value in basis points, rounded down so no metric overstates; `bp` is
 * null when the denominator is 0 (nothing to measure yet, which is not the same as 0 %).
 */
export interface Ratio {
  numerator: number;
  denominator: number;
  bp: BasisPoints | null;
}

/** A ratio with `bp` = ⌊numerator × 10 000 / denominator⌋. */
export function ratio(numerator: number, denominator: number): Ratio {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator < 0) {
    throw new InvalidInputError('a ratio needs integer parts and a non-negative denominator');
  }
  const bp = denominator === 0 ? null : Math.floor((numerator * BASIS_POINTS_WHOLE) / denominator);
  return { numerator, denominator, bp };
}

/** One trainee's results, as far as they are known, for the metrics. */
export interface TraineeOutcome {
  levelBefore: SkillLevelCode | null;
  /** Null when never assessed. */
  assessment: AssessmentResult | null;
  /** Level of the valid certificate gained on the project; null when none. */
  certifiedLevel: SkillLevelCode | null;
  placed: boolean;
  /** Null until the follow-up is made (or when not placed). */
  retention3Month: RetentionOutcome | null;
  retention6Month: RetentionOutcome | null;
}

/**
 * Rank counted for a trainee without a prior certificate: that of 学徒工, the entry level, so a
 * first 初级工 certificate is an uplift of one level, as it is for an apprentice.
 */
export const UNCERTIFIED_BASELINE_RANK = 1;

/** The quality metrics of a project (十三 质效评估). */
export interface QualityMetrics {
  /** Trainees counted: every enrolment passed in (exclude voided ones before calling). */
  trainees: number;
  /** Passed the assessment / trainees (one not assessed counts as not passed). */
  passRate: Ratio;
  /** Certified above their level before / trainees. */
  upliftRate: Ratio;
  /**
   * Sum of level gains / trainees certified; `bp` is levels × 10 000 (15 000 = 1.5 levels). A
   * gain is rank after − rank before (uncertified counts as {@link UNCERTIFIED_BASELINE_RANK}),
   * never below 0: a lower certificate does not take away a level already held.
   */
  averageRankGain: Ratio;
  /** Placed / trainees. */
  employmentRate: Ratio;
  /**
   * Retained at 3 months / placed trainees with a 3-month answer recorded (retained, left or
   * unknown). `unknown` stays in the denominator and is not counted as retained; trainees not
   * yet due are left out.
   */
  retention3Month: Ratio;
  /** As {@link QualityMetrics.retention3Month}, at 6 months. */
  retention6Month: Ratio;
}

/**
 * Computes a project's quality metrics from its trainees' outcomes, as exact ratios with
 * basis points (rounded down). Pure counting: the same outcomes always give the same figures.
 */
export function qualityMetrics(outcomes: readonly TraineeOutcome[]): QualityMetrics {
  let passed = 0;
  let uplifted = 0;
  let certified = 0;
  let gains = 0;
  let placed = 0;
  const retention = {
    3: { retained: 0, answered: 0 },
    6: { retained: 0, answered: 0 },
  };

  for (const o of outcomes) {
    if (o.assessment === 'passed') passed += 1;
    if (o.certifiedLevel !== null) {
      const before =
        o.levelBefore === null ? UNCERTIFIED_BASELINE_RANK : skillLevelRank(o.levelBefore);
      const gain = Math.max(0, skillLevelRank(o.certifiedLevel) - before);
      certified += 1;
      gains += gain;
      if (gain > 0) uplifted += 1;
    }
    if (o.placed) {
      placed += 1;
      for (const [months, answer] of [
        [3, o.retention3Month],
        [6, o.retention6Month],
      ] as const) {
        if (answer === null) continue;
        retention[months].answered += 1;
        if (answer === 'retained') retention[months].retained += 1;
      }
    }
  }

  const trainees = outcomes.length;
  return {
    trainees,
    passRate: ratio(passed, trainees),
    upliftRate: ratio(uplifted, trainees),
    averageRankGain: ratio(gains, certified),
    employmentRate: ratio(placed, trainees),
    retention3Month: ratio(retention[3].retained, retention[3].answered),
    retention6Month: ratio(retention[6].retained, retention[6].answered),
  };
}

/** The ratio metrics of {@link QualityMetrics}, by name. */
export const RATIO_METRICS = [
  'passRate',
  'upliftRate',
  'averageRankGain',
  'employmentRate',
  'retention3Month',
  'retention6Month',
] as const;
export type RatioMetric = (typeof RATIO_METRICS)[number];

/**
 * The ratio metrics that are shares of a whole (a rate over 100 % is a mistake); the average rank
 * gain is levels per certified trainee and may exceed 1.
 */
export const RATE_METRICS: readonly RatioMetric[] = RATIO_METRICS.filter(
  (name) => name !== 'averageRankGain',
);

/**
 * What a third-party reviewer or a spot check measured (十三 第三方评价、政府抽评): any of the
 * metrics, each ratio by its counts. The platform's own review has them all ({@link qualityMetrics}).
 */
export type MeasuredMetrics = { trainees?: number } & {
  [name in RatioMetric]?: { numerator: number; denominator: number };
};

/** The rates of `measured` whose count exceeds its whole (e.g. 30 passed of 25 trainees). */
export function ratesOverWhole(measured: MeasuredMetrics): RatioMetric[] {
  return RATE_METRICS.filter((name) => {
    const counts = measured[name];
    return counts !== undefined && counts.numerator > counts.denominator;
  });
}

/**
 * A reviewer's figures as metrics: each ratio gets its basis points by {@link ratio}, the rule the
 * platform's own metrics follow, so a reviewer's 18/25 reads as the platform's would.
 */
export function measuredMetrics(measured: MeasuredMetrics): Partial<QualityMetrics> {
  const metrics: Partial<QualityMetrics> = {};
  if (measured.trainees !== undefined) metrics.trainees = measured.trainees;
  for (const name of RATIO_METRICS) {
    const counts = measured[name];
    if (counts !== undefined) metrics[name] = ratio(counts.numerator, counts.denominator);
  }
  return metrics;
}

/** A quality review of a closed project. */
export interface QualityReview {
  id: string;
  projectId: string;
  method: ReviewMethod;
  /** Organisation or department that reviewed. */
  reviewer: string;
  reviewedOn: IsoDate;
  /** All of them in the platform's own review; what was measured in another. */
  metrics: Partial<QualityMetrics>;
  /** Grade proposed for the provider (十一 分类分级); null when the review does not grade. */
  providerGrade: ProviderGrade | null;
  findings: string | null;
  recorded: AuditStamp;
}

/** How many of a provider's latest grading reviews its grade looks at. */
export const GRADE_REVIEW_WINDOW = 3;

/** Grades in order, best first (十一 分类分级). */
const GRADE_ORDER: readonly ProviderGrade[] = ['A', 'B', 'C', 'D'];

/** A grade the rule below marks unfit: the provider may start no new project (as revocation). */
export const UNFIT_GRADES: readonly ProviderGrade[] = ['D'];

/** True when `grade` bars a provider from new projects. */
export function isUnfitGrade(grade: ProviderGrade | null): boolean {
  return grade !== null && UNFIT_GRADES.includes(grade);
}

/**
 * A provider's grade from its reviews (十一 分类分级 by 十三 质效评估): the WORST grade proposed
 * by its latest {@link GRADE_REVIEW_WINDOW} grading reviews that were independent of it — a
 * third-party review or a government spot check (a self-evaluation never sets its own grade).
 * The worst, not the latest, so one good review cannot wash out a recent bad one; a window, so a
 * provider can recover. Null when no independent review graded it (the grade is left as it is).
 * Reviews are taken by `reviewedOn`, then by the order given.
 */
export function gradeFromReviews(
  reviews: readonly {
    method: ReviewMethod;
    reviewedOn: IsoDate;
    providerGrade: ProviderGrade | null;
  }[],
): ProviderGrade | null {
  const grading = reviews
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => r.method !== 'self' && r.providerGrade !== null)
    .sort((a, b) => b.r.reviewedOn.localeCompare(a.r.reviewedOn) || b.i - a.i)
    .slice(0, GRADE_REVIEW_WINDOW);
  let worst: ProviderGrade | null = null;
  for (const { r } of grading) {
    const g = r.providerGrade as ProviderGrade;
    if (worst === null || GRADE_ORDER.indexOf(g) > GRADE_ORDER.indexOf(worst)) worst = g;
  }
  return worst;
}
