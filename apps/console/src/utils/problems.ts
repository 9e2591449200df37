import { FUNDING_SOURCES } from '@qiancheng/domain';
import type { FieldProblem, FieldProblems } from '#/api/problem';
import { i18n } from '#/locales';
import { formatBp } from './format';
import { regionName } from './reference';

/** The figures of a problem as people read them: region and fund names, shares in percent. */
function wordedParams(params: FieldProblem['params']): Record<string, string | number> {
  const out: Record<string, string | number> = { ...params };
  if (typeof params.regionCode === 'string') out.region = regionName(params.regionCode);
  if (typeof params.source === 'string') {
    const fund = FUNDING_SOURCES.find((f) => f.code === params.source);
    out.source = fund
      ? i18n.global.locale.value === 'en'
        ? fund.nameEn
        : fund.name
      : params.source;
  }
  if (typeof params.total === 'number') out.total = formatBp(params.total);
  return out;
}

/**
 * A field problem in the console's language, by its stable code: a plan rule's or a form's
 * (`problem.<code>`, with its figures), an API code (`apiError.<code>`) or a schema keyword
 * (`validation.<keyword>`); never the API's English text.
 */
export function problemText(problem: FieldProblem | undefined): string {
  if (!problem) return '';
  const { t, te } = i18n.global;
  if (te(`problem.${problem.code}`))
    return t(`problem.${problem.code}`, wordedParams(problem.params));
  if (te(`apiError.${problem.code}`)) return t(`apiError.${problem.code}`);
  if (te(`validation.${problem.code}`)) return t(`validation.${problem.code}`);
  return t('validation.invalid');
}

/** The problems at `prefix` or below it, shallowest first. */
export function problemsUnder(problems: FieldProblems, prefix: string): [string, FieldProblem][] {
  return Object.entries(problems)
    .filter(([path]) => path === prefix || path.startsWith(`${prefix}.`))
    .sort(([a], [b]) => a.split('.').length - b.split('.').length);
}
