import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ClaimEligibilityInput,
  claimEligibility,
  ELIGIBILITY_REASON_CODES,
  type EligibilityReasonCode,
  eligibilityChecks,
} from './eligibility.js';
import { SKILL_LEVEL_CODES } from './reference/skill-levels.js';

const ELECTRICIAN = '6-31-01-03';
const WELDER = '6-18-02-04';

const CERTIFICATE = {
  occupationCode: ELECTRICIAN,
  level: 'junior',
  issuedOn: '2025-09-01',
  status: 'valid',
} as const;

const eligibleInput: ClaimEligibilityInput = {
  project: { attendanceThresholdBp: 8000, employmentLinked: true, occupationCodes: [ELECTRICIAN] },
  attendance: { attendedMinutes: 4800, plannedMinutes: 6000 },
  assessment: { result: 'passed' },
  certificate: CERTIFICATE,
  placement: { id: 'p1' },
  priorSubsidies: [],
};

function reasonsOf(input: ClaimEligibilityInput): EligibilityReasonCode[] {
  const result = claimEligibility(input);
  return result.eligible ? [] : result.reasons.map((r) => r.code);
}

describe('claimEligibility', () => {
  it('accepts a trainee who meets every condition, attendance exactly at the threshold', () => {
    expect(claimEligibility(eligibleInput)).toEqual({ eligible: true });
  });

  it('lists every failing reason at once, with stable codes and Chinese messages', () => {
    const result = claimEligibility({
      ...eligibleInput,
      attendance: { attendedMinutes: 4799, plannedMinutes: 6000 },
      assessment: null,
      certificate: null,
      placement: null,
    });
    expect(result).toEqual({
      eligible: false,
      reasons: [
        { code: 'attendance_below_threshold', message: '出勤率未达到项目要求' },
        { code: 'assessment_missing', message: '未参加技能评价' },
        { code: 'certificate_missing', message: '未取得职业技能等级证书' },
        { code: 'placement_missing', message: '未登记就业' },
      ],
    });
  });

  it('does not require a placement when the subsidy is not employment-linked', () => {
    const input = {
      ...eligibleInput,
      project: { ...eligibleInput.project, employmentLinked: false },
      placement: null,
    };
    expect(claimEligibility(input)).toEqual({ eligible: true });
  });

  it('refuses a failed or missed assessment, and a revoked certificate', () => {
    expect(reasonsOf({ ...eligibleInput, assessment: { result: 'failed' } })).toEqual([
      'assessment_not_passed',
    ]);
    expect(reasonsOf({ ...eligibleInput, assessment: { result: 'absent' } })).toEqual([
      'assessment_not_passed',
    ]);
    const revoked = { ...CERTIFICATE, status: 'revoked' as const };
    expect(reasonsOf({ ...eligibleInput, certificate: revoked })).toEqual(['certificate_revoked']);
  });

  it('refuses a certificate for an occupation the project does not train', () => {
    const welder = { ...CERTIFICATE, occupationCode: WELDER };
    expect(reasonsOf({ ...eligibleInput, certificate: welder })).toEqual([
      'certificate_occupation_not_in_project',
    ]);
  });

  it('refuses a second subsidy for the same occupation and level in the same year only', () => {
    const prior = { claimId: 'c0', occupationCode: ELECTRICIAN, level: 'junior' as const };
    expect(
      reasonsOf({ ...eligibleInput, priorSubsidies: [{ ...prior, policyYear: 2025 }] }),
    ).toEqual(['already_subsidised']);
    expect(
      reasonsOf({ ...eligibleInput, priorSubsidies: [{ ...prior, policyYear: 2024 }] }),
    ).toEqual([]);
    expect(
      reasonsOf({
        ...eligibleInput,
        priorSubsidies: [{ ...prior, level: 'intermediate', policyYear: 2025 }],
      }),
    ).toEqual([]);
  });

  it('takes the policy year from the certificate date', () => {
    const prior = {
      claimId: 'c0',
      occupationCode: ELECTRICIAN,
      level: 'junior' as const,
      policyYear: 2026,
    };
    const newYear = { ...CERTIFICATE, issuedOn: '2026-01-01' };
    expect(reasonsOf({ ...eligibleInput, certificate: newYear, priorSubsidies: [prior] })).toEqual([
      'already_subsidised',
    ]);
  });

  describe('for any input', () => {
    const levelArb = fc.constantFrom(...SKILL_LEVEL_CODES);
    const occupationArb = fc.constantFrom(ELECTRICIAN, WELDER);
    const inputArb = fc.record({
      project: fc.record({
        attendanceThresholdBp: fc.integer({ min: 0, max: 10_000 }),
        employmentLinked: fc.boolean(),
        occupationCodes: fc.subarray([ELECTRICIAN, WELDER]),
      }),
      attendance: fc
        .record({
          planned: fc.integer({ min: 1, max: 20_000 }),
          attended: fc.integer({ min: 0, max: 25_000 }),
        })
        .map(({ planned, attended }) => ({ plannedMinutes: planned, attendedMinutes: attended })),
      assessment: fc.option(
        fc.record({
          result: fc.constantFrom('passed', 'failed', 'absent') as fc.Arbitrary<
            'passed' | 'failed' | 'absent'
          >,
        }),
        { nil: null },
      ),
      certificate: fc.option(
        fc.record({
          occupationCode: occupationArb,
          level: levelArb,
          issuedOn: fc.constantFrom('2024-12-31', '2025-01-01', '2025-12-31'),
          status: fc.constantFrom('valid', 'revoked') as fc.Arbitrary<'valid' | 'revoked'>,
        }),
        { nil: null },
      ),
      placement: fc.option(fc.constant({ id: 'p' }), { nil: null }),
      priorSubsidies: fc.array(
        fc.record({
          claimId: fc.constant('c'),
          occupationCode: occupationArb,
          level: levelArb,
          policyYear: fc.constantFrom(2024, 2025),
        }),
        { maxLength: 3 },
      ),
    });

    /** An independent statement of each condition. */
    function expectedReasons(input: ClaimEligibilityInput): Set<EligibilityReasonCode> {
      const reasons = new Set<EligibilityReasonCode>();
      const { attendedMinutes, plannedMinutes } = input.attendance;
      if (attendedMinutes / plannedMinutes < input.project.attendanceThresholdBp / 10_000 - 1e-12) {
        reasons.add('attendance_below_threshold');
      }
      if (!input.assessment) reasons.add('assessment_missing');
      else if (input.assessment.result !== 'passed') reasons.add('assessment_not_passed');
      const cert = input.certificate;
      if (!cert) reasons.add('certificate_missing');
      else {
        if (cert.status === 'revoked') reasons.add('certificate_revoked');
        if (!input.project.occupationCodes.includes(cert.occupationCode)) {
          reasons.add('certificate_occupation_not_in_project');
        }
        const year = Number(cert.issuedOn.slice(0, 4));
        if (
          input.priorSubsidies.some(
            (p) =>
              p.occupationCode === cert.occupationCode &&
              p.level === cert.level &&
              p.policyYear === year,
          )
        ) {
          reasons.add('already_subsidised');
        }
      }
      if (input.project.employmentLinked && !input.placement) reasons.add('placement_missing');
      return reasons;
    }

    it('is eligible exactly when every condition holds, and names exactly the failing ones', () => {
      fc.assert(
        fc.property(inputArb, (input) => {
          const expected = expectedReasons(input);
          const result = claimEligibility(input);
          expect(result.eligible).toBe(expected.size === 0);
          expect(new Set(reasonsOf(input))).toEqual(expected);
        }),
        { numRuns: 2000 },
      );
    });

    it('lists reasons without duplicates, in the documented order', () => {
      fc.assert(
        fc.property(inputArb, (input) => {
          const codes = reasonsOf(input);
          const order = codes.map((c) => ELIGIBILITY_REASON_CODES.indexOf(c));
          expect(order).toEqual([...order].sort((a, b) => a - b));
          expect(new Set(codes).size).toBe(codes.length);
        }),
        { numRuns: 1000 },
      );
    });

    it('never becomes eligible by losing a placement or gaining a prior subsidy', () => {
      fc.assert(
        fc.property(inputArb, (input) => {
          if (claimEligibility(input).eligible) return;
          expect(claimEligibility({ ...input, placement: null }).eligible).toBe(false);
          const extra = input.certificate
            ? [
                {
                  claimId: 'x',
                  occupationCode: input.certificate.occupationCode,
                  level: input.certificate.level,
                  policyYear: 2025,
                },
              ]
            : [];
          expect(
            claimEligibility({ ...input, priorSubsidies: [...input.priorSubsidies, ...extra] })
              .eligible,
          ).toBe(false);
        }),
        { numRuns: 1000 },
      );
    });
  });
});

describe('eligibilityChecks', () => {
  const base = {
    project: {
      attendanceThresholdBp: 8000,
      employmentLinked: false,
      occupationCodes: ['6-30-99-00'],
    },
    attendance: { attendedMinutes: 90, plannedMinutes: 100 },
    assessment: { result: 'passed' as const },
    certificate: {
      occupationCode: '6-30-99-00',
      level: 'intermediate' as const,
      issuedOn: '2027-03-01',
      status: 'valid' as const,
    },
    placement: null,
    priorSubsidies: [],
  };

  it('lists every condition with its outcome, matching the eligibility decision', () => {
    expect(eligibilityChecks(base)).toEqual([
      { rule: 'attendance_below_threshold', outcome: 'passed' },
      { rule: 'assessment_not_passed', outcome: 'passed' },
      { rule: 'certificate_missing', outcome: 'passed' },
      { rule: 'certificate_revoked', outcome: 'passed' },
      { rule: 'certificate_occupation_not_in_project', outcome: 'passed' },
      { rule: 'placement_missing', outcome: 'not_applicable' },
      { rule: 'already_subsidised', outcome: 'passed' },
    ]);
  });

  it('shows the failing conditions the claim decision dropped', () => {
    const checks = eligibilityChecks({
      ...base,
      project: { ...base.project, employmentLinked: true },
      attendance: { attendedMinutes: 10, plannedMinutes: 100 },
      assessment: null,
      certificate: null,
    });
    expect(checks.filter((c) => c.outcome === 'failed').map((c) => c.rule)).toEqual([
      'attendance_below_threshold',
      'assessment_missing',
      'certificate_missing',
      'placement_missing',
    ]);
  });
});
