import { ApiError } from '#/api/problem';
import { i18n } from '#/locales';

/**
 * An API failure in the console's language, by the problem's stable `code` (locale
 * `apiError.<code>`), with the field it concerns; never the API's English text.
 */
export function apiErrorText(e: unknown): string {
  const t = i18n.global.t;
  if (!(e instanceof ApiError)) return t('apiError.network');
  const { code, status, errors } = e.problem;
  const key = `apiError.${code}`;
  const base = i18n.global.te(key) ? t(key) : t('apiError.unknown', { status, code });
  const field = errors?.[0]?.path.replace(/^(body|querystring|params)\.?/, '');
  return field ? t('apiError.withField', { message: base, field }) : base;
}
