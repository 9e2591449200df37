import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.js';

describe('parseCsv', () => {
  it('splits records and fields, keeping fields as written', () => {
    expect(parseCsv('a,b\n c ,d\n').records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: [' c ', 'd'] },
    ]);
  });

  it('handles quoted commas, escaped quotes and line breaks inside quotes', () => {
    const { records, errors } = parseCsv('"x,y","say ""hi"""\r\n"multi\r\nline",z\r\nlast,row');
    expect(errors).toEqual([]);
    expect(records).toEqual([
      { line: 1, fields: ['x,y', 'say "hi"'] },
      { line: 2, fields: ['multi\r\nline', 'z'] },
      { line: 4, fields: ['last', 'row'] },
    ]);
  });

  it('ignores a leading BOM and blank lines, and accepts bare CR line ends', () => {
    expect(parseCsv('\uFEFFa\r\rb\n\n').records).toEqual([
      { line: 1, fields: ['a'] },
      { line: 3, fields: ['b'] },
    ]);
  });

  it('keeps empty trailing fields', () => {
    expect(parseCsv('a,').records).toEqual([{ line: 1, fields: ['a', ''] }]);
  });

  it('reports text after a closing quote and carries on with the next line', () => {
    const { records, errors } = parseCsv('"a"b,c\nd,e');
    expect(errors).toMatchObject([{ line: 1, code: 'text_after_quote' }]);
    expect(records).toEqual([{ line: 2, fields: ['d', 'e'] }]);
  });

  it('reports a quote left open at the line it was opened on', () => {
    const { records, errors } = parseCsv('ok,1\n"never closed,2\n3,4');
    expect(records).toEqual([{ line: 1, fields: ['ok', '1'] }]);
    expect(errors).toMatchObject([{ line: 2, code: 'unterminated_quote' }]);
  });
});
