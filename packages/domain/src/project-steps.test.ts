import { describe, expect, it } from 'vitest';
import {
  assessmentProblems,
  CANCELLABLE_STAGES,
  cancelProblems,
  closeEnrolmentProblems,
  closeStageProblems,
  enrolmentProblems,
  FRAUD_STAGES,
  fraudProblems,
  MAX_BATCH,
  placementProblems,
  reasonProblems,
  refuseIfAny,
  StepRefusedError,
  shareDecisionProblems,
  stageProblems,
} from './project-steps.js';

const P = '0190a4c2-0000-7000-8000-000000000001';
const T1 = '0190a4c2-0000-7000-8000-0000000000a1';
const T2 = '0190a4c2-0000-7000-8000-0000000000a2';
const E1 = '0190a4c2-0000-7000-8000-0000000000e1';
const types = (problems: { type: string }[]) => problems.map((p) => p.type);

describe('a step in the wrong stage', () => {
  it('is refused naming the stage the project is in and the stages the step needs', () => {
    expect(stageProblems(P, 'training', ['enrolment', 'evaluation'])).toEqual([
      {
        type: 'WrongStage',
        message: `project ${P} is in stage training; this step needs enrolment or evaluation`,
        field: null,
      },
    ]);
    expect(stageProblems(P, 'enrolment', ['enrolment'])).toEqual([]);
  });

  it('cannot cancel once money moves, and fraud is reported only once it has', () => {
    expect(CANCELLABLE_STAGES).not.toContain('settlement');
    expect(FRAUD_STAGES.filter((s) => CANCELLABLE_STAGES.includes(s))).toEqual([]);
    expect(types(cancelProblems({ projectId: P, stage: 'settlement', reason: 'x' }))).toEqual([
      'WrongStage',
    ]);
    expect(
      types(fraudProblems({ projectId: P, stage: 'employment', traineeIds: [], reason: 'x' })),
    ).toEqual(['WrongStage']);
  });
});

describe('reasons', () => {
  it('are required for rejections, cancellations and fraud findings, and blank ones do not count', () => {
    expect(types(reasonProblems('  ', 'a rejection'))).toEqual(['ReasonRequired']);
    expect(reasonProblems(undefined, 'a cancellation')[0]?.message).toBe(
      'a cancellation needs a reason',
    );
    expect(reasonProblems(undefined, null)).toEqual([]);
  });

  it('refuse a NUL byte or another control character, keeping newlines and tabs', () => {
    expect(reasonProblems('ok\u0000', null)).toEqual([
      { type: 'InvalidText', message: 'reason contains a control character', field: 'reason' },
    ]);
    expect(types(reasonProblems('bell\u0007', 'a rejection'))).toEqual(['InvalidText']);
    expect(reasonProblems('第一行\n第二行\t完', 'a rejection')).toEqual([]);
  });
});

describe('a share decision', () => {
  const base = {
    projectId: P,
    stage: 'cost_sharing' as const,
    currentRound: 2,
    parties: [
      { regionCode: '520500', status: 'pending' },
      { regionCode: '520300', status: 'approved' },
    ],
    decision: { regionCode: '520500', round: 2 },
    rejecting: false,
  };

  it('is accepted from a pending party of the current round', () => {
    expect(shareDecisionProblems(base)).toEqual([]);
  });

  it('is refused for an old round, while the round opens, from a stranger or twice', () => {
    expect(
      types(shareDecisionProblems({ ...base, decision: { ...base.decision, round: 1 } })),
    ).toEqual(['StaleRound']);
    expect(types(shareDecisionProblems({ ...base, parties: [] }))).toEqual(['RoundOpening']);
    expect(
      types(shareDecisionProblems({ ...base, decision: { regionCode: '110000', round: 2 } })),
    ).toEqual(['NotAParty']);
    expect(
      shareDecisionProblems({ ...base, decision: { regionCode: '520300', round: 2 } })[0]?.message,
    ).toBe('520300 has already approved round 2');
  });

  it('needs a reason to reject, free of NUL bytes either way', () => {
    expect(types(shareDecisionProblems({ ...base, rejecting: true }))).toEqual(['ReasonRequired']);
    expect(
      types(shareDecisionProblems({ ...base, decision: { ...base.decision, reason: 'a\u0000b' } })),
    ).toEqual(['InvalidText']);
  });
});

describe('enrolment', () => {
  it('takes batches of 1 to MAX_BATCH ids while open', () => {
    const c = { projectId: P, stage: 'enrolment' as const, enrolmentClosed: false };
    expect(enrolmentProblems({ ...c, traineeIds: [T1, T2] })).toEqual([]);
    expect(types(enrolmentProblems({ ...c, traineeIds: [] }))).toEqual(['EmptyBatch']);
    expect(
      types(enrolmentProblems({ ...c, traineeIds: Array(MAX_BATCH + 1).fill(T1) as string[] })),
    ).toEqual(['BatchTooLarge']);
    expect(enrolmentProblems({ ...c, traineeIds: [T1, 'x\u0000'] })).toEqual([
      { type: 'InvalidId', message: 'trainee "x\\u0000" is not an id', field: 'traineeIds[1]' },
    ]);
    expect(types(enrolmentProblems({ ...c, enrolmentClosed: true, traineeIds: [T1] }))).toEqual([
      'EnrolmentClosed',
    ]);
  });

  it('closes only with someone enrolled', () => {
    expect(
      types(closeEnrolmentProblems({ projectId: P, stage: 'enrolment', enrolled: 0 })),
    ).toEqual(['NobodyEnrolled']);
    expect(closeEnrolmentProblems({ projectId: P, stage: 'enrolment', enrolled: 3 })).toEqual([]);
  });

  it('and the other stages close only in their own stage, with a clean reason', () => {
    expect(closeStageProblems({ projectId: P, stage: 'training', closes: 'training' })).toEqual([]);
    expect(
      types(closeStageProblems({ projectId: P, stage: 'training', closes: 'evaluation' })),
    ).toEqual(['WrongStage']);
    expect(
      types(
        closeStageProblems({
          projectId: P,
          stage: 'training',
          closes: 'training',
          reason: '\u0000',
        }),
      ),
    ).toEqual(['InvalidText']);
  });
});

describe('assessment results', () => {
  const c = { projectId: P, stage: 'evaluation' as const };
  const passed = { traineeId: T1, result: 'passed', level: null, certificateNo: 'Y0001' };

  it('are accepted with a known level and a certificate for each pass', () => {
    expect(assessmentProblems({ ...c, results: [passed, { ...passed, level: 'senior' }] })).toEqual(
      [],
    );
  });

  it('name every result that has an unknown level or a pass without a certificate', () => {
    const problems = assessmentProblems({
      ...c,
      results: [
        { ...passed, level: 'wizard' },
        { ...passed, traineeId: T2, certificateNo: null },
        { ...passed, certificateNo: 'Y\u0000' },
      ],
    });
    expect(problems.map((p) => [p.type, p.field])).toEqual([
      ['InvalidLevel', 'results[0].level'],
      ['CertificateRequired', 'results[1].certificateNo'],
      ['InvalidText', 'results[2].certificateNo'],
    ]);
  });
});

describe('placements', () => {
  const c = { projectId: P, stage: 'employment' as const };
  const placement = {
    traineeId: T1,
    enterpriseId: E1,
    demandOrderId: null,
    monthlyWageFen: 650000,
  };

  it('need ids for trainee, enterprise and order, and a positive whole wage in fen', () => {
    expect(placementProblems({ ...c, placements: [placement] })).toEqual([]);
    expect(
      types(placementProblems({ ...c, placements: [{ ...placement, enterpriseId: 'acme' }] })),
    ).toEqual(['InvalidId']);
    expect(
      placementProblems({
        ...c,
        placements: [placement, { ...placement, monthlyWageFen: 6500.5 }],
      }),
    ).toEqual([
      {
        type: 'InvalidWage',
        message: `trainee ${T1}: the wage must be a positive whole number of fen`,
        field: 'placements[1].monthlyWageFen',
      },
    ]);
  });
});

describe('refusing', () => {
  it('throws a typed error carrying the first problem and all of them', () => {
    const problems = assessmentProblems({
      projectId: P,
      stage: 'evaluation',
      results: [{ traineeId: T1, result: 'passed', level: 'wizard', certificateNo: null }],
    });
    let caught: unknown;
    try {
      refuseIfAny(problems);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StepRefusedError);
    expect((caught as StepRefusedError).type).toBe('InvalidLevel');
    expect((caught as StepRefusedError).problems).toHaveLength(2);
    expect(() => refuseIfAny([])).not.toThrow();
  });
});
