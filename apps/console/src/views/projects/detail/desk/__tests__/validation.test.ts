import { describe, expect, it } from 'vitest';
import {
  assessmentProblems,
  attendanceProblems,
  parseAssessmentCsv,
  placementProblems,
  reasonProblems,
  yuanToFen,
} from '../validation';

describe('the desk forms’ checks', () => {
  it('requires a reason where the audit wants one and bounds it always', () => {
    expect(reasonProblems('  ', true)).toEqual({ reason: 'reason_required' });
    expect(reasonProblems('', false)).toEqual({});
    expect(reasonProblems('x'.repeat(2001), false)).toEqual({ reason: 'reason_too_long' });
  });

  it('refuses an attendance session without module, time, valid minutes or anyone present', () => {
    expect(attendanceProblems({ moduleId: '', startsAt: '', minutes: 0, present: [] })).toEqual({
      moduleId: 'module_required',
      startsAt: 'starts_at_required',
      minutes: 'minutes_invalid',
      present: 'present_required',
    });
    expect(
      attendanceProblems({
        moduleId: 'm',
        startsAt: '2027-04-01T09:00',
        minutes: 240,
        present: ['a'],
      }),
    ).toEqual({});
  });

  it('asks a pass for its certificate number and keeps scores within 0–100', () => {
    const row = {
      traineeId: 'a',
      result: 'passed' as const,
      level: null,
      theoryScore: 101,
      practiceScore: null,
      certificateNo: '',
    };
    expect(assessmentProblems([row])).toEqual({
      'results.0.theoryScore': 'score_invalid',
      'results.0.certificateNo': 'certificate_required',
    });
    expect(assessmentProblems([{ ...row, result: 'failed', theoryScore: 40 }])).toEqual({});
    expect(assessmentProblems([])).toEqual({ results: 'results_required' });
  });

  it('reads assessment CSV by name or masked ID and reports each line it cannot read', () => {
    const ids: Record<string, string> = { 张三: 't1', '440305********0012': 't2' };
    const csv =
      'trainee,result,level,theory,practice,certificateNo\n张三,passed,,88,91,C1\n440305********0012,failed,,40,50,\n李四,passed,,1,1,C3\n张三,maybe';
    const { rows, errors } = parseAssessmentCsv(csv, (who) => ids[who] ?? null);
    expect(rows).toEqual([
      {
        traineeId: 't1',
        result: 'passed',
        level: null,
        theoryScore: 88,
        practiceScore: 91,
        certificateNo: 'C1',
      },
      {
        traineeId: 't2',
        result: 'failed',
        level: null,
        theoryScore: 40,
        practiceScore: 50,
        certificateNo: null,
      },
    ]);
    expect(errors).toEqual([
      { line: 4, code: 'trainee_unknown' },
      { line: 5, code: 'result_invalid' },
    ]);
  });

  it('places no more people than the project holds on the order, at a wage above zero', () => {
    const form = {
      traineeIds: ['a', 'b', 'c'],
      demandOrderId: 'o',
      startedOn: '2027-06-01',
      contractType: 'fixed_term',
      contractMonths: 12,
      monthlyWageYuan: 0,
      workRegionCode: '441900',
    };
    expect(placementProblems(form, 2)).toEqual({
      traineeIds: 'places_exceeded',
      monthlyWageYuan: 'wage_invalid',
    });
    expect(placementProblems({ ...form, monthlyWageYuan: 6500 }, 3)).toEqual({});
    expect(yuanToFen(8200.1)).toBe(820010);
  });
});
