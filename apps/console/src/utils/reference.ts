import {
  FUNDING_SOURCES,
  KEY_GROUPS,
  PROJECT_STAGE_NAMES,
  PROJECT_STAGES,
  PROJECT_TYPE_NAMES,
  type ProjectStage,
  REGIONS,
  SECTORS,
  SKILL_LEVELS,
} from '@qiancheng/domain';

/** Display names for the reference data the API returns as codes. */
export const regionName = (code: string | null | undefined): string =>
  code ? (REGIONS.find((r) => r.code === code)?.name ?? code) : '—';
export const sectorName = (code: string | null | undefined): string =>
  code ? (SECTORS.find((s) => s.code === code)?.name ?? code) : '—';
export const keyGroupName = (code: string | null | undefined): string =>
  code ? (KEY_GROUPS.find((g) => g.code === code)?.name ?? code) : '—';
export const skillLevelName = (code: string | null | undefined): string =>
  code ? (SKILL_LEVELS.find((l) => l.code === code)?.label ?? code) : '—';
export const fundingSourceName = (code: string | null | undefined): string =>
  code ? (FUNDING_SOURCES.find((f) => f.code === code)?.name ?? code) : '—';
export const stageName = (code: string): string =>
  PROJECT_STAGE_NAMES[code as ProjectStage] ?? code;
export const projectTypeName = (code: string): string =>
  (PROJECT_TYPE_NAMES as Record<string, string>)[code] ?? code;

/** The roles of regions in cross-region work (十二: 输入地 / 输出地, and where training is hosted). */
const PARTNER_ROLE_NAMES: Record<string, string> = {
  labour_import: '劳务输入地',
  labour_export: '劳务输出地',
  training_host: '培训承接地',
};
export const partnerRoleName = (code: string | null | undefined): string =>
  code ? (PARTNER_ROLE_NAMES[code] ?? code) : '—';

/** The stages a project moves through, in order (cancelled is off the main line). */
export const MAIN_STAGES = PROJECT_STAGES.filter((s) => s !== 'cancelled');

export const regionOptions = REGIONS.map((r) => ({ value: r.code, label: `${r.name} ${r.code}` }));
export const sectorOptions = SECTORS.map((s) => ({ value: s.code, label: s.name }));
export const stageOptions = PROJECT_STAGES.map((s) => ({
  value: s,
  label: PROJECT_STAGE_NAMES[s],
}));
export const skillLevelOptions = SKILL_LEVELS.map((l) => ({ value: l.code, label: l.label }));
export const fundingSourceOptions = FUNDING_SOURCES.map((f) => ({ value: f.code, label: f.name }));
export const projectTypeOptions = Object.entries(PROJECT_TYPE_NAMES).map(([value, label]) => ({
  value,
  label,
}));

const STATUS_NAMES: Record<string, string> = {
  draft: '草稿',
  pending: '待审批',
  approved: '已同意',
  rejected: '已驳回',
  expired: '已逾期',
  escalated: '已上报',
  open: '开放',
  reserved: '已预留',
  fulfilled: '已满足',
  closed: '已关闭',
  cancelled: '已取消',
  superseded: '已被新一轮取代',
};
export const statusName = (code: string | null | undefined): string =>
  code ? (STATUS_NAMES[code] ?? code) : '—';

/** A round of cost-share approvals (十二): drafted, put to the parties, then decided. */
const ROUND_STATUS_NAMES: Record<string, string> = {
  draft: '草稿（未启动）',
  open: '审批中',
  approved: '已通过',
  rejected: '已驳回',
  expired: '已逾期',
  cancelled: '已取消',
};
export const roundStatusName = (code: string | null | undefined): string =>
  code ? (ROUND_STATUS_NAMES[code] ?? code) : '—';

/** The cost-sharing agreement as a whole. */
const AGREEMENT_STATUS_NAMES: Record<string, string> = {
  draft: '草稿',
  awaiting_approval: '待协作地区审批',
  approved: '已生效',
  revising: '待修订',
  cancelled: '已取消',
};
export const agreementStatusName = (code: string | null | undefined): string =>
  code ? (AGREEMENT_STATUS_NAMES[code] ?? code) : '—';
