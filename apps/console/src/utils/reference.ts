import {
  FUNDING_SOURCES,
  KEY_GROUPS,
  PROJECT_STAGES,
  PROJECT_TYPES,
  REGIONS,
  SECTORS,
  SKILL_LEVELS,
} from '@qiancheng/domain';
import { i18n } from '#/locales';

/**
 * Display names for the reference data the API returns as codes. Regions, sectors, key groups,
 * funds and skill levels are data: their official Chinese names (and the English names the data
 * carries) come from @qiancheng/domain, never from console literals. The English console shows
 * the data's English name where it has one and the official name otherwise. Statuses, roles and
 * stages are words of the console (locales/modules/reference.ts).
 */
const english = () => i18n.global.locale.value === 'en';
const named = (item: { name: string; nameEn?: string | null } | undefined, code: string) =>
  item ? (english() && item.nameEn ? item.nameEn : item.name) : code;

/**
 * A region's name from the reference data; `known` is the name the API sent beside the code (it
 * knows every county), used when the data here has no entry or no English name for it.
 */
export function regionName(code: string | null | undefined, known?: string | null): string {
  if (!code) return '—';
  const region = REGIONS.find((r) => r.code === code);
  if (!region) return known ?? code;
  return english() && region.nameEn ? region.nameEn : (known ?? region.name);
}
export const sectorName = (code: string | null | undefined): string =>
  code
    ? named(
        SECTORS.find((s) => s.code === code),
        code,
      )
    : '—';
export const keyGroupName = (code: string | null | undefined): string =>
  code
    ? named(
        KEY_GROUPS.find((g) => g.code === code),
        code,
      )
    : '—';
export const fundingSourceName = (code: string | null | undefined): string =>
  code
    ? named(
        FUNDING_SOURCES.find((f) => f.code === code),
        code,
      )
    : '—';
export const skillLevelName = (code: string | null | undefined): string => {
  const level = code ? SKILL_LEVELS.find((l) => l.code === code) : undefined;
  if (!level) return code || '—';
  return english() ? level.nameEn : level.label;
};

/** A code's words under `ref.<group>`, or the code itself when the console has none. */
function word(group: string, code: string | null | undefined): string {
  if (!code) return '—';
  const key = `ref.${group}.${code}`;
  return i18n.global.te(key) ? i18n.global.t(key) : code;
}
export const stageName = (code: string): string => word('stage', code);
export const projectTypeName = (code: string): string => word('projectType', code);
/** The roles of regions in cross-region work (十二: 输入地 / 输出地, and where training is hosted). */
export const partnerRoleName = (code: string | null | undefined): string =>
  word('partnerRole', code);
export const statusName = (code: string | null | undefined): string => word('status', code);
/** A round of cost-share approvals (十二): drafted, put to the parties, then decided. */
export const roundStatusName = (code: string | null | undefined): string =>
  word('roundStatus', code);
/** The cost-sharing agreement as a whole. */
export const agreementStatusName = (code: string | null | undefined): string =>
  word('agreementStatus', code);

/**
 * An actor as people read it: the name the API resolved, the system in words, else the id
 * (a deleted or unknown person stays visible rather than blank).
 */
export function actorName(actor: string | null | undefined, name?: string | null): string {
  if (!actor) return '—';
  if (actor === 'system' || actor.startsWith('workflow:')) return i18n.global.t('ref.system');
  return name ?? actor;
}

/** A demand order as people name it: the enterprise's own reference, else a short id. */
export const orderRef = (externalRef: string | null | undefined, id: string): string =>
  externalRef ?? id.slice(0, 8);

/** The stages a project moves through, in order (cancelled is off the main line). */
export const MAIN_STAGES = PROJECT_STAGES.filter((s) => s !== 'cancelled');

// Options are functions so their labels follow the language chosen.
export const regionOptions = () =>
  REGIONS.map((r) => ({ value: r.code, label: `${named(r, r.code)} ${r.code}` }));
export const sectorOptions = () => SECTORS.map((s) => ({ value: s.code, label: named(s, s.code) }));
export const keyGroupOptions = () =>
  KEY_GROUPS.map((g) => ({ value: g.code, label: named(g, g.code) }));
export const stageOptions = () => PROJECT_STAGES.map((s) => ({ value: s, label: stageName(s) }));
export const skillLevelOptions = () =>
  SKILL_LEVELS.map((l) => ({ value: l.code, label: skillLevelName(l.code) }));
export const fundingSourceOptions = () =>
  FUNDING_SOURCES.map((f) => ({ value: f.code, label: named(f, f.code) }));
export const projectTypeOptions = () =>
  PROJECT_TYPES.map((value) => ({ value, label: projectTypeName(value) }));
