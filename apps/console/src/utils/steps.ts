import { i18n } from '#/locales';
import { regionName, stageName } from './reference';

/**
 * A chain step of the project workflow in words (`settle_claims`, `enter_stage:training`,
 * `open_round:2`); an unknown step keeps its name.
 */
export function stepName(step: string): string {
  const { t, te } = i18n.global;
  const [name = step, arg = ''] = step.split(':');
  if (!te(`step.${name}`)) return step;
  return t(`step.${name}`, { arg: name === 'enter_stage' ? stageName(arg) : arg });
}

/**
 * A decision the workflow recorded (`approve_share:520500`, `retry:settle_claims`,
 * `fraud:false_training`, `close_enrolment`) in words, with its region, step or kind.
 */
export function decisionText(action: string): string {
  const { t, te } = i18n.global;
  const [name = action, arg] = action.split(':');
  if (!te(`decisionAction.${name}`)) return action;
  const words = t(`decisionAction.${name}`);
  if (!arg) return words;
  const what =
    name === 'retry'
      ? stepName(arg)
      : name === 'fraud'
        ? te(`audit.fraud.kinds.${arg}`)
          ? t(`audit.fraud.kinds.${arg}`)
          : arg
        : /^\d{6}$/.test(arg)
          ? regionName(arg)
          : arg;
  return t('decisionAction.detail', { action: words, what });
}

/** A failed step's type (the workflow's failure type) in words, or the type itself. */
export function failureTypeText(type: string): string {
  const key = `apiError.${type}`;
  return i18n.global.te(key) ? i18n.global.t(key) : type;
}
