import {
  DOMAIN_ERROR_CODES,
  ELIGIBILITY_REASON_CODES,
  PLAN_PROBLEM_CODES,
} from '@qiancheng/domain';
import { describe, expect, it } from 'vitest';
import { i18n, LOCALES, type Locale } from '#/locales';
import { apiSources, domainSources, workflowSources } from './platform-sources.js';

/**
 * Every code the API can answer has words in both languages, so the console never shows the
 * API's English text or a bare code. The codes are read from the sources that give them — the
 * API's error helpers and error handler, the workflow's refusal types, the domain's rules — not
 * from a list kept by hand, so a new code without words fails here. (Read as text through Vite,
 * like the CJK check: the console imports nothing of the API or the workflows.)
 */
const api = apiSources;
const workflows = workflowSources;
const domain = domainSources;

const matches = (sources: string[], pattern: RegExp) =>
  sources.flatMap((s) => [...s.matchAll(pattern)].map((m) => m[1] as string));
/** The quoted members of a block (a union type, a set, an object of constants). */
const members = (sources: string[], block: RegExp) =>
  matches(sources, block).flatMap((b) => [...b.matchAll(/'(\w+)'/g)].map((m) => m[1] as string));

/** Problem `code`s of the API: its error helpers, the error handler, import row reports. */
const apiCodes = [
  ...matches(api, /\b(?:conflict|unprocessable|refuse)\(\s*'(\w+)'/g),
  ...matches(api, /\bnew ApiError\(\s*\d+,\s*'(\w+)'/g),
  ...matches(api, /\b(?:notFound|forbidden|unauthorized)\(\s*(?:'[^']*'|`[^`]*`)\s*,\s*'(\w+)'/g),
  ...matches(api, /\b(?:refused|planRefused)\([^,()]+,\s*'(\w+)'/g),
  ...matches(api, /\bcode(?:\s*=|:)\s*'(\w+)'/g),
  ...matches(api, /\badd\(\s*\w+,\s*[^,]+,\s*'(\w+)'/g),
  ...matches(api, /FST_ERR_\w+:\s*'(\w+)'/g),
  ...members(api, /CONFLICT_TYPES = new Set\(\[([^\]]*)\]/g),
];
/** Failure types of the workflows' updates, which the API answers as the problem's code. */
const workflowTypes = [
  ...matches(
    workflows,
    /ApplicationFailure\.(?:nonRetryable|retryable)\(\s*(?:'[^']*'|`[^`]*`)\s*,\s*'(\w+)'/g,
  ),
  ...matches(workflows, /\btype:\s*'([A-Z]\w+)'/g),
  ...members(workflows, /ACTIVITY_FAILURE_TYPES = \{([^}]*)\}/g),
];
/** The domain's refusals and import checks (its reference data's `code`s are data, not errors). */
const domainCodes = [
  ...DOMAIN_ERROR_CODES,
  ...members(domain, /export type StepRefusalType =([^;]+);/g),
  ...matches(domain, /\btype:\s*'([A-Z]\w+)'/g),
  ...matches(domain, /\bcode:\s*'(\w+)'/g),
  ...members(domain, /export type ResidentIdProblem =([^;]+);/g).map((p) => `resident_id_${p}`),
];
/** Why a trainee is not enrolled (the enrolment activity) or not eligible (the domain). */
const eligibilityCodes = [
  ...ELIGIBILITY_REASON_CODES,
  ...matches(workflows, /ineligible\.push\(\{[^}]*reason:\s*'(\w+)'/g),
];

const known = (locale: Locale, code: string, spaces: string[]) =>
  spaces.some((space) => i18n.global.te(`${space}.${code}`, locale));
const missing = (codes: readonly string[], spaces: string[]) =>
  LOCALES.flatMap((locale) =>
    [...new Set(codes)].filter((c) => !known(locale, c, spaces)).map((c) => `${locale}: ${c}`),
  );

describe('the words for the API’s codes', () => {
  it('finds the codes in the sources that give them', () => {
    // A few of each kind, so a pattern that stopped matching fails here, not silently.
    expect(apiCodes).toEqual(
      expect.arrayContaining([
        'catalogue_published',
        'qualification_transition_invalid',
        'workflow_limit_reached',
        'not_found',
        'body_too_large',
        'unknown_region',
        'EnrolmentClosed',
      ]),
    );
    expect(workflowTypes).toEqual(
      expect.arrayContaining(['NothingToRetry', 'PlanInvalid', 'DatabaseUnavailable']),
    );
    expect(domainCodes).toEqual(
      expect.arrayContaining([
        'evaluation_level_above_max',
        'evaluation_occupation_not_filed',
        'WrongStage',
        'NobodyEnrolled',
        'DeadlineNotLater',
        'unterminated_quote',
        'resident_id_check_digit',
      ]),
    );
    expect(eligibilityCodes).toEqual(expect.arrayContaining(['under_age', 'unknown_trainee']));
  });

  it('has zh-CN and English words for every problem code, failure type and row code', () => {
    expect(
      missing([...apiCodes, ...workflowTypes, ...domainCodes], ['apiError', 'problem']),
    ).toEqual([]);
  });

  it('has words for every plan rule, with its figures', () => {
    expect(missing(PLAN_PROBLEM_CODES, ['problem'])).toEqual([]);
  });

  it('has words for every reason a trainee is not enrolled or not eligible', () => {
    expect(missing(eligibilityCodes, ['eligibility'])).toEqual([]);
  });
});
