import { parseCsv } from './csv.js';
import { InvalidOccupationCodeError } from './errors.js';

/**
 * An occupation code of the national occupational classification (职业分类大典), `N-NN-NN-NN`:
 * major group 1–8, then middle group, small group, occupation.
 */
export type OccupationCode = string;

/** An occupation (职业, or 工种 where a catalogue lists one). */
export interface Occupation {
  code: OccupationCode;
  name: string;
  /** Free-text grouping from the imported catalogue (e.g. the major group's name); null if absent. */
  category: string | null;
}

const OCCUPATION_CODE_PATTERN = /^[1-8]-\d{2}-\d{2}-\d{2}$/;

/** True when `value` has the `N-NN-NN-NN` shape of a 职业分类大典 code (major group 1–8). */
export function isOccupationCode(value: unknown): value is OccupationCode {
  return typeof value === 'string' && OCCUPATION_CODE_PATTERN.test(value);
}

/** Throws {@link InvalidOccupationCodeError} unless `value` is an `N-NN-NN-NN` code. */
export function assertOccupationCode(
  value: unknown,
  field: string | null = 'occupationCode',
): asserts value is OccupationCode {
  if (!isOccupationCode(value)) {
    throw new InvalidOccupationCodeError(
      `not an N-NN-NN-NN occupation code: ${String(value)}`,
      field,
    );
  }
}

/** Stable codes for problems found while importing an occupation catalogue. */
export type OccupationImportErrorCode =
  | 'unterminated_quote'
  | 'text_after_quote'
  | 'empty_file'
  | 'header_invalid'
  | 'column_count'
  | 'code_invalid'
  | 'name_empty'
  | 'duplicate_code';

/** A problem with one line of an imported catalogue (line 1 is the header). */
export interface OccupationImportError {
  line: number;
  code: OccupationImportErrorCode;
  message: string;
}

const COLUMNS = ['code', 'name', 'category'] as const;
type Column = (typeof COLUMNS)[number];

/**
 * Imports the national occupation catalogue from CSV with header `code,name[,category]` (columns
 * in any order, names case-insensitive; a UTF-8 BOM, quoted fields and CRLF are fine). Values are
 * trimmed; an empty category becomes null. Bad rows are reported with their line number and
 * skipped, good rows are kept, so an operator can fix a 1 600-row file in one pass. Of duplicate
 * codes the first wins.
 */
export function parseOccupationCsv(text: string): {
  occupations: Occupation[];
  errors: OccupationImportError[];
} {
  const { records, errors: syntaxErrors } = parseCsv(text);
  const errors: OccupationImportError[] = [...syntaxErrors];
  const occupations: Occupation[] = [];

  const [header, ...rows] = records;
  if (!header) {
    if (errors.length === 0) {
      errors.push({ line: 1, code: 'empty_file', message: 'the file has no header row' });
    }
    return { occupations, errors: sortByLine(errors) };
  }

  const columns = header.fields.map((name) => name.trim().toLowerCase());
  const index = new Map<Column, number>();
  let headerOk = true;
  columns.forEach((name, i) => {
    if (!(COLUMNS as readonly string[]).includes(name) || index.has(name as Column)) {
      headerOk = false;
    } else {
      index.set(name as Column, i);
    }
  });
  const codeAt = index.get('code');
  const nameAt = index.get('name');
  const categoryAt = index.get('category');
  if (!headerOk || codeAt === undefined || nameAt === undefined) {
    errors.push({
      line: header.line,
      code: 'header_invalid',
      message: `expected header "code,name" or "code,name,category", got "${header.fields.join(',')}"`,
    });
    return { occupations, errors: sortByLine(errors) };
  }

  const seen = new Map<OccupationCode, number>();
  for (const { line, fields } of rows) {
    if (fields.length !== columns.length) {
      errors.push({
        line,
        code: 'column_count',
        message: `expected ${columns.length} columns, got ${fields.length}`,
      });
      continue;
    }
    const code = (fields[codeAt] ?? '').trim();
    const name = (fields[nameAt] ?? '').trim();
    const category = categoryAt === undefined ? '' : (fields[categoryAt] ?? '').trim();
    if (!isOccupationCode(code)) {
      errors.push({
        line,
        code: 'code_invalid',
        message: `occupation code must look like N-NN-NN-NN with N in 1–8, got "${code}"`,
      });
      continue;
    }
    if (name === '') {
      errors.push({ line, code: 'name_empty', message: `occupation ${code} has no name` });
      continue;
    }
    const firstLine = seen.get(code);
    if (firstLine !== undefined) {
      errors.push({
        line,
        code: 'duplicate_code',
        message: `occupation code ${code} already appeared on line ${firstLine}`,
      });
      continue;
    }
    seen.set(code, line);
    occupations.push({ code, name, category: category === '' ? null : category });
  }
  return { occupations, errors: sortByLine(errors) };
}

function sortByLine(errors: OccupationImportError[]): OccupationImportError[] {
  return errors.sort((a, b) => a.line - b.line);
}
