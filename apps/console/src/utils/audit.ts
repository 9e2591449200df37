import { i18n } from '#/locales';
import auditLog from '#/locales/modules/audit-log';

/** The words under `key`, or `code` itself when the console has none (a new code stays visible). */
function word(key: string, code: string): string {
  return i18n.global.te(key) ? i18n.global.t(key) : code;
}

/** An audit entry's action in words (`project.stage_changed` → 项目阶段变更), else its code. */
export const auditActionName = (action: string): string => word(`auditAction.${action}`, action);

/** What kind of record an audit entry is about, in words, else its code. */
export const auditSubjectName = (type: string): string => word(`auditSubject.${type}`, type);

/** Every action the console has words for, as `area.verb` codes (for the log's filter). */
export const AUDIT_ACTIONS: readonly string[] = Object.entries(
  auditLog['zh-CN'].auditAction as Record<string, Record<string, string>>,
).flatMap(([area, verbs]) => Object.keys(verbs).map((verb) => `${area}.${verb}`));

export const auditActionOptions = () =>
  AUDIT_ACTIONS.map((value) => ({ value, label: auditActionName(value) }));

/** An id as people can tell it apart: a UUID's first 8 characters, any other id whole. */
export const shortId = (id: string): string =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(id) ? id.slice(0, 8) : id;
