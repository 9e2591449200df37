import { ApiError, type Problem } from '#/api/problem';
import { i18n } from '#/locales';

/** The words of `code` under `apiError`, if the console has them. */
export function codeText(code: string): string | null {
  const key = `apiError.${code}`;
  return i18n.global.te(key) ? i18n.global.t(key) : null;
}

/**
 * A field path as people read it: the API's `body.parties.1.shareBp` becomes "份额" (its last
 * named segment in words), or the path itself when the console has no word for it.
 */
export function fieldName(path: string): string {
  const bare = path.replace(/^(body|querystring|params|headers)\.?/, '');
  const leaf = bare
    .split('.')
    .filter((s) => !/^\d+$/.test(s))
    .at(-1);
  const key = `field.${leaf}`;
  return leaf && i18n.global.te(key) ? i18n.global.t(key) : bare;
}

/**
 * An API failure in the console's language, by the problem's stable `code` (locale
 * `apiError.<code>`), with the field it concerns; never the API's English text.
 */
export function apiErrorText(e: unknown): string {
  const t = i18n.global.t;
  if (!(e instanceof ApiError)) return t('apiError.network');
  const { code, status, errors } = e.problem;
  const base = codeText(code) ?? t('apiError.unknown', { status, code });
  const path = errors?.[0]?.path;
  const field = path ? fieldName(path) : '';
  return field ? t('apiError.withField', { message: base, field }) : base;
}

/** One row of an import's report (trainees, occupations, catalogues) in words, by its code. */
export function importRowText(row: NonNullable<Problem['rows']>[number]): string {
  return codeText(row.code) ?? i18n.global.t('validation.invalid');
}

/** Why a trainee could not be enrolled or claim (eligibility reason codes), in words. */
export function ineligibleText(code: string): string {
  const key = `eligibility.${code}`;
  return i18n.global.te(key) ? i18n.global.t(key) : code;
}
