import { describe, expect, it } from 'vitest';
import { InvalidOccupationCodeError } from './errors.js';
import { assertOccupationCode, isOccupationCode, parseOccupationCsv } from './occupation.js';

describe('occupation codes', () => {
  it('have the N-NN-NN-NN shape with a major group of 1–8', () => {
    expect(isOccupationCode('6-31-01-03')).toBe(true);
    expect(isOccupationCode('9-31-01-03')).toBe(false);
    expect(isOccupationCode('6-31-1-03')).toBe(false);
    expect(isOccupationCode('6310103')).toBe(false);
    expect(() => assertOccupationCode('x')).toThrow(InvalidOccupationCodeError);
  });
});

describe('parseOccupationCsv', () => {
  it('imports code, name and category, trimming values', () => {
    const csv =
      '\uFEFFcode,name,category\r\n6-31-01-03 , 电工 ,生产制造及有关人员\r\n4-10-01-05,养老护理员,\r\n';
    expect(parseOccupationCsv(csv)).toEqual({
      occupations: [
        { code: '6-31-01-03', name: '电工', category: '生产制造及有关人员' },
        { code: '4-10-01-05', name: '养老护理员', category: null },
      ],
      errors: [],
    });
  });

  it('accepts a two-column header and columns in any order, case-insensitively', () => {
    expect(parseOccupationCsv('Name,CODE\n焊工,6-18-02-04').occupations).toEqual([
      { code: '6-18-02-04', name: '焊工', category: null },
    ]);
  });

  it('keeps quoted names with commas and quotes intact', () => {
    const { occupations } = parseOccupationCsv('code,name\n4-99-00-00,"无人机驾驶员, ""多旋翼"""');
    expect(occupations[0]?.name).toBe('无人机驾驶员, "多旋翼"');
  });

  it('reports each bad line with its number and keeps the good ones', () => {
    const csv = [
      'code,name',
      '6-31-01-03,电工',
      '6-31-1-03,坏代码',
      '6-18-02-04,',
      '6-31-01-03,电工（重复）',
      '6-18-01-01,数控车工,多余,列',
      '',
      '"5-05-01-02,农业经理人',
    ].join('\n');
    const { occupations, errors } = parseOccupationCsv(csv);
    expect(occupations.map((o) => o.code)).toEqual(['6-31-01-03']);
    expect(errors.map((e) => [e.line, e.code])).toEqual([
      [3, 'code_invalid'],
      [4, 'name_empty'],
      [5, 'duplicate_code'],
      [6, 'column_count'],
      [8, 'unterminated_quote'],
    ]);
    expect(errors[2]?.message).toContain('line 2');
  });

  it('refuses a file without the expected header', () => {
    expect(parseOccupationCsv('编码,名称\n6-31-01-03,电工').errors).toMatchObject([
      { line: 1, code: 'header_invalid' },
    ]);
    expect(parseOccupationCsv('code,code\n').errors[0]?.code).toBe('header_invalid');
    expect(parseOccupationCsv('\uFEFF\n\n')).toEqual({
      occupations: [],
      errors: [{ line: 1, code: 'empty_file', message: 'the file has no header row' }],
    });
  });
});
