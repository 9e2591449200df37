/** Every code a plan check can report; stable, for the API's 422 and the console's words. */
export const PLAN_PROBLEM_CODES = [
  'parties_required',
  'too_many_parties',
  'owner_not_a_party',
  'party_duplicate',
  'region_code_invalid',
  'role_invalid',
  'share_invalid',
  'partner_share_zero',
  'shares_not_whole',
  'funding_required',
  'funding_source_invalid',
  'funding_source_duplicate',
  'funding_not_whole',
  'headcount_invalid',
  'reservation_duplicate',
  'reservation_places_invalid',
  'reservations_exceed_headcount',
  'course_plan_required',
  'module_title_required',
  'module_hours_invalid',
  'module_mode_invalid',
  'duration_invalid',
  'reminder_after_deadline',
  'follow_ups_out_of_order',
] as const;
export type PlanProblemCode = (typeof PLAN_PROBLEM_CODES)[number];

/** One thing wrong with a plan: where (a dotted path into the plan), what (a code) and its figures. */
export interface PlanProblem {
  path: string;
  code: PlanProblemCode;
  params: Record<string, string | number>;
}

/**
 * How complete a plan must be. A `draft` may still lack its course and its funding lines; a plan
 * that is `launch`ed, or a revision put to the partners, must be whole.
 */
export type PlanCompleteness = 'draft' | 'launch';

/** A problem at `path`. */
export const problem = (
  path: string,
  code: PlanProblemCode,
  params: Record<string, string | number> = {},
): PlanProblem => ({ path, code, params });
/** A safe integer within [min, max]. */
export const isWholeNumber = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max;
