import { policyYearOf } from './dates.js';
import type { Placement } from './employment.js';
import type { Assessment, Certificate } from './evaluation.js';
import type { OccupationCode } from './occupation.js';
import type { Project } from './project.js';
import type { SkillLevelCode } from './reference/skill-levels.js';
import { meetsAttendanceThreshold } from './training.js';

/** Stable codes for why a trainee's subsidy claim is not (yet) eligible, in the order checked. */
export const ELIGIBILITY_REASON_CODES = [
  'attendance_below_threshold',
  'assessment_missing',
  'assessment_not_passed',
  'certificate_missing',
  'certificate_revoked',
  'certificate_occupation_not_in_project',
  'placement_missing',
  'already_subsidised',
] as const;

export type EligibilityReasonCode = (typeof ELIGIBILITY_REASON_CODES)[number];

/** Chinese wording of each reason, for the console and notices. */
export const ELIGIBILITY_REASON_NAMES: Record<EligibilityReasonCode, string> = {
  attendance_below_threshold: '出勤率未达到项目要求',
  assessment_missing: '未参加技能评价',
  assessment_not_passed: '技能评价未通过',
  certificate_missing: '未取得职业技能等级证书',
  certificate_revoked: '证书已被撤销',
  certificate_occupation_not_in_project: '证书职业不属于本项目',
  placement_missing: '未登记就业',
  already_subsidised: '同一职业同一等级本年度已享受补贴',
};

/** One failing condition. */
export interface EligibilityReason {
  code: EligibilityReasonCode;
  message: string;
}

/** A subsidy the trainee already has; pass claims not rejected or reversed, excluding this one. */
export interface PriorSubsidy {
  claimId: string;
  occupationCode: OccupationCode;
  level: SkillLevelCode;
  policyYear: number;
}

/** Everything the claim decision looks at, for one trainee on one project. */
export interface ClaimEligibilityInput {
  project: Pick<Project, 'attendanceThresholdBp' | 'employmentLinked' | 'occupationCodes'>;
  attendance: { attendedMinutes: number; plannedMinutes: number };
  assessment: Pick<Assessment, 'result'> | null;
  certificate: Pick<Certificate, 'occupationCode' | 'level' | 'issuedOn' | 'status'> | null;
  placement: Pick<Placement, 'id'> | null;
  priorSubsidies: readonly PriorSubsidy[];
}

/** Eligible, or not with every failing reason. */
export type ClaimEligibility =
  | { eligible: true }
  | { eligible: false; reasons: EligibilityReason[] };

/**
 * Decides whether a trainee's subsidy claim may be made (十七, 十八): attendance at or above the
 * project's threshold, a passed assessment, a valid certificate for one of the project's
 * occupations, a placement when the subsidy is employment-linked, and no other subsidy for the
 * same occupation and level in the certificate's policy year (Asia/Shanghai calendar year).
 * Every condition is checked, so the answer lists everything the provider has to fix at once.
 */
export function claimEligibility(input: ClaimEligibilityInput): ClaimEligibility {
  const failing: EligibilityReasonCode[] = [];
  const { project, attendance, assessment, certificate, placement } = input;

  if (
    !meetsAttendanceThreshold(
      attendance.attendedMinutes,
      attendance.plannedMinutes,
      project.attendanceThresholdBp,
    )
  ) {
    failing.push('attendance_below_threshold');
  }
  if (assessment === null) failing.push('assessment_missing');
  else if (assessment.result !== 'passed') failing.push('assessment_not_passed');

  if (certificate === null) {
    failing.push('certificate_missing');
  } else {
    if (certificate.status !== 'valid') failing.push('certificate_revoked');
    if (!project.occupationCodes.includes(certificate.occupationCode)) {
      failing.push('certificate_occupation_not_in_project');
    }
  }
  if (project.employmentLinked && placement === null) failing.push('placement_missing');

  if (certificate !== null) {
    const year = policyYearOf(certificate.issuedOn);
    const duplicate = input.priorSubsidies.some(
      (prior) =>
        prior.occupationCode === certificate.occupationCode &&
        prior.level === certificate.level &&
        prior.policyYear === year,
    );
    if (duplicate) failing.push('already_subsidised');
  }

  if (failing.length === 0) return { eligible: true };
  return {
    eligible: false,
    reasons: failing.map((code) => ({ code, message: ELIGIBILITY_REASON_NAMES[code] })),
  };
}

/** One claim condition as checked for a trainee: passed, failed, or not applicable to the project. */
export interface EligibilityCheck {
  rule: EligibilityReasonCode;
  outcome: 'passed' | 'failed' | 'not_applicable';
}

/**
 * Every claim condition with its outcome, in the order checked — what an explanation of a claim
 * (or of its absence) shows. Derived from {@link claimEligibility}, so the two never disagree.
 */
export function eligibilityChecks(input: ClaimEligibilityInput): EligibilityCheck[] {
  const result = claimEligibility(input);
  const failing = new Set(result.eligible ? [] : result.reasons.map((r) => r.code));
  // Conditions that cannot be judged once an earlier one failed are reported as not applicable.
  const notApplicable = new Set<EligibilityReasonCode>();
  if (!input.project.employmentLinked) notApplicable.add('placement_missing');
  if (input.assessment === null) notApplicable.add('assessment_not_passed');
  else notApplicable.add('assessment_missing');
  if (input.certificate === null) {
    notApplicable.add('certificate_revoked');
    notApplicable.add('certificate_occupation_not_in_project');
    notApplicable.add('already_subsidised');
  }
  return ELIGIBILITY_REASON_CODES.filter(
    (rule) =>
      !(
        (rule === 'assessment_missing' && input.assessment !== null) ||
        (rule === 'assessment_not_passed' && input.assessment === null)
      ),
  ).map((rule) => ({
    rule,
    outcome: failing.has(rule) ? 'failed' : notApplicable.has(rule) ? 'not_applicable' : 'passed',
  }));
}
