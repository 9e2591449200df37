import { describe, expect, it } from 'vitest';
import { evaluationScopeProblem, parseCatalogueCsv } from './registries.js';

describe('an evaluation body’s filed scope', () => {
  const body = { maxLevel: 'intermediate' as const, occupationCodes: ['6-30-99-00'] };

  it('allows a filed occupation at or below its max level', () => {
    expect(evaluationScopeProblem(body, '6-30-99-00', 'intermediate')).toBeNull();
    expect(evaluationScopeProblem(body, '6-30-99-00', 'junior')).toBeNull();
  });

  it('refuses a level above its max, naming both levels', () => {
    expect(evaluationScopeProblem(body, '6-30-99-00', 'senior')).toEqual({
      code: 'evaluation_level_above_max',
      level: 'senior',
      maxLevel: 'intermediate',
    });
  });

  it('refuses an occupation it did not file', () => {
    expect(evaluationScopeProblem(body, '6-18-01-01', 'junior')).toMatchObject({
      code: 'evaluation_occupation_not_filed',
    });
  });
});

describe('catalogue CSV', () => {
  it('groups rows by occupation, with standards in level order', () => {
    const { entries, errors } = parseCatalogueCsv(
      'occupation_code,shortage_tier,level,amount_fen\n6-30-99-00,1,senior,300000\n6-30-99-00,1,intermediate,200000\n',
    );
    expect(errors).toEqual([]);
    expect(entries).toEqual([
      {
        occupationCode: '6-30-99-00',
        shortageTier: 1,
        standards: [
          { level: 'intermediate', amount: 200000 },
          { level: 'senior', amount: 300000 },
        ],
      },
    ]);
  });

  it('reports every bad line with its number and code', () => {
    const { errors } = parseCatalogueCsv(
      [
        'occupation_code,shortage_tier,level,amount_fen',
        '6-30-99-00,1,senior,300000',
        '6-30-99-00,2,junior,100000',
        'x,1,senior,1',
        '6-18-01-01,4,senior,1',
        '6-18-01-01,1,master,1',
        '6-18-01-01,1,senior,1.5',
      ].join('\n'),
    );
    expect(errors.map((e) => [e.line, e.code])).toEqual([
      [3, 'tier_conflict'],
      [4, 'code_invalid'],
      [5, 'tier_invalid'],
      [6, 'level_invalid'],
      [7, 'amount_invalid'],
    ]);
  });
});
