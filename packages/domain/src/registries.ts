import { parseCsv } from './csv.js';
import { isOccupationCode, type OccupationCode } from './occupation.js';
import { isSkillLevelCode, type SkillLevelCode, skillLevelRank } from './reference/skill-levels.js';
import type { CatalogueEntry, ShortageTier } from './subsidy.js';

/** Why an evaluation body may not assess an occupation at a level (十四: 备案的职业和等级). */
export type EvaluationScopeProblem =
  | { code: 'evaluation_occupation_not_filed'; occupationCode: OccupationCode }
  | { code: 'evaluation_level_above_max'; level: SkillLevelCode; maxLevel: SkillLevelCode };

/**
 * The problem with an evaluation body assessing `occupationCode` at `level`, or null when its
 * filing covers both: the occupation is among those it filed, and the level is not above its max.
 */
export function evaluationScopeProblem(
  body: { maxLevel: SkillLevelCode; occupationCodes: readonly OccupationCode[] },
  occupationCode: OccupationCode,
  level: SkillLevelCode,
): EvaluationScopeProblem | null {
  if (!body.occupationCodes.includes(occupationCode)) {
    return { code: 'evaluation_occupation_not_filed', occupationCode };
  }
  if (skillLevelRank(level) > skillLevelRank(body.maxLevel)) {
    return { code: 'evaluation_level_above_max', level, maxLevel: body.maxLevel };
  }
  return null;
}

/** Stable codes for problems found while importing catalogue entries. */
export type CatalogueImportErrorCode =
  | 'unterminated_quote'
  | 'text_after_quote'
  | 'empty_file'
  | 'header_invalid'
  | 'column_count'
  | 'code_invalid'
  | 'tier_invalid'
  | 'level_invalid'
  | 'amount_invalid'
  | 'tier_conflict'
  | 'duplicate_level';

export interface CatalogueImportError {
  line: number;
  code: CatalogueImportErrorCode;
  message: string;
}

const CATALOGUE_COLUMNS = ['occupation_code', 'shortage_tier', 'level', 'amount_fen'] as const;

/**
 * Reads 培训需求指导目录 entries with their 差异化补贴 standards (十二, 十七) from CSV with the header
 * `occupation_code,shortage_tier,level,amount_fen` (in that order), one row per occupation and
 * level; an occupation's rows must agree on its tier. Every bad line is reported with its number;
 * the caller writes nothing unless there are none.
 */
export function parseCatalogueCsv(text: string): {
  entries: CatalogueEntry[];
  errors: CatalogueImportError[];
} {
  const { records, errors: syntaxErrors } = parseCsv(text);
  const errors: CatalogueImportError[] = [...syntaxErrors];
  const [header, ...rows] = records;
  if (!header) {
    if (errors.length === 0) errors.push({ line: 1, code: 'empty_file', message: 'no header row' });
    return { entries: [], errors };
  }
  const names = header.fields.map((f) => f.trim().toLowerCase());
  if (names.join(',') !== CATALOGUE_COLUMNS.join(',')) {
    errors.push({
      line: header.line,
      code: 'header_invalid',
      message: `expected header "${CATALOGUE_COLUMNS.join(',')}", got "${header.fields.join(',')}"`,
    });
    return { entries: [], errors };
  }
  const byCode = new Map<OccupationCode, CatalogueEntry & { line: number }>();
  for (const { line, fields } of rows) {
    if (fields.length !== CATALOGUE_COLUMNS.length) {
      errors.push({
        line,
        code: 'column_count',
        message: `expected 4 columns, got ${fields.length}`,
      });
      continue;
    }
    const [code = '', tierText = '', level = '', amountText = ''] = fields.map((f) => f.trim());
    if (!isOccupationCode(code)) {
      errors.push({ line, code: 'code_invalid', message: `not an occupation code: "${code}"` });
      continue;
    }
    if (!/^[123]$/.test(tierText)) {
      errors.push({
        line,
        code: 'tier_invalid',
        message: `shortage tier must be 1, 2 or 3, got "${tierText}"`,
      });
      continue;
    }
    if (!isSkillLevelCode(level)) {
      errors.push({ line, code: 'level_invalid', message: `not a skill level: "${level}"` });
      continue;
    }
    if (!/^(0|[1-9][0-9]{0,11})$/.test(amountText)) {
      errors.push({
        line,
        code: 'amount_invalid',
        message: `amount must be whole fen, got "${amountText}"`,
      });
      continue;
    }
    const tier = Number(tierText) as ShortageTier;
    const entry = byCode.get(code) ?? {
      occupationCode: code,
      shortageTier: tier,
      standards: [],
      line,
    };
    if (entry.shortageTier !== tier) {
      errors.push({
        line,
        code: 'tier_conflict',
        message: `occupation ${code} has tier ${entry.shortageTier} on line ${entry.line}`,
      });
      continue;
    }
    if (entry.standards.some((s) => s.level === level)) {
      errors.push({ line, code: 'duplicate_level', message: `${code} ${level} appears twice` });
      continue;
    }
    entry.standards.push({ level, amount: Number(amountText) });
    byCode.set(code, entry);
  }
  const entries = [...byCode.values()].map(({ line: _line, ...entry }) => ({
    ...entry,
    standards: [...entry.standards].sort(
      (a, b) => skillLevelRank(a.level) - skillLevelRank(b.level),
    ),
  }));
  return { entries, errors: errors.sort((a, b) => a.line - b.line) };
}
