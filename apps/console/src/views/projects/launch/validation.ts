import type { ProjectCreate } from '#/api/types';

/** A share as the form edits it: percent with up to two decimals (stored as basis points). */
export interface DraftFundingShare {
  source: string;
  payerRegionCode: string | null;
  sharePct: number;
}
export interface DraftPartner {
  regionCode: string;
  role: 'labour_import' | 'labour_export' | 'training_host';
  sharePct: number;
}
export interface DraftModule {
  title: string;
  theoryHours: number;
  practiceHours: number;
  mode: 'online' | 'offline' | 'blended';
}

/** What the launch wizard edits, step by step. */
export interface LaunchDraft {
  name: string;
  type: 'order' | 'directed' | 'post';
  sector: string;
  ownerRegionCode: string | null;
  trainingRegionCode: string;
  targetLevel: string;
  plannedHeadcount: number;
  occupationCodes: string[];
  demandOrders: { demandOrderId: string; headcount: number }[];
  providerId: string;
  evaluationBodyId: string;
  modules: DraftModule[];
  fundingShares: DraftFundingShare[];
  partners: DraftPartner[];
  attendanceThresholdPct: number;
  employmentLinked: boolean;
  /** Minutes a partner region has to approve its share; null keeps the production default. */
  approvalDeadlineMinutes: number | null;
}

export type FieldErrors = Record<string, string>;

/** The wizard's steps and which field paths (as the API names them) each one owns. */
export const STEP_FIELDS: readonly (readonly string[])[] = [
  [
    'name',
    'type',
    'sector',
    'ownerRegionCode',
    'trainingRegionCode',
    'targetLevel',
    'plannedHeadcount',
    'occupationCodes',
    'demandOrders',
  ],
  ['providerId', 'evaluationBodyId'],
  ['coursePlan'],
  ['fundingPlan', 'costSharing', 'attendanceThresholdBp'],
  ['timings', 'employmentLinked'],
];

/** The step an error path belongs to (unknown paths go to the review step). */
export function stepOf(path: string): number {
  const root = path.split('.')[0] ?? '';
  const index = STEP_FIELDS.findIndex((fields) => fields.includes(root));
  return index === -1 ? STEP_FIELDS.length - 1 : index;
}

/** Percent (two decimals) to basis points, without float drift: 33.33 → 3333. */
export const pctToBp = (pct: number): number => Math.round(pct * 100);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const OCCUPATION = /^[1-8]-\d{2}-\d{2}-\d{2}$/;
const REGION = /^[1-9]\d{5}$/;

export function validateBasics(d: LaunchDraft, national: boolean): FieldErrors {
  const e: FieldErrors = {};
  if (!d.name.trim()) e.name = '请填写项目名称';
  else if (d.name.length > 200) e.name = '不超过 200 字';
  if (!d.sector) e.sector = '请选择产业领域';
  if (national && !d.ownerRegionCode) e.ownerRegionCode = '请选择所属地区';
  if (!REGION.test(d.trainingRegionCode)) e.trainingRegionCode = '请选择培训地';
  if (!d.targetLevel) e.targetLevel = '请选择目标等级';
  if (!Number.isInteger(d.plannedHeadcount) || d.plannedHeadcount < 1)
    e.plannedHeadcount = '至少 1 人';
  if (d.occupationCodes.length === 0) e.occupationCodes = '至少一个职业';
  d.occupationCodes.forEach((code, i) => {
    if (!OCCUPATION.test(code)) e[`occupationCodes.${i}`] = `职业编码格式应为 N-NN-NN-NN：${code}`;
  });
  if (d.type === 'order' && d.demandOrders.length === 0)
    e.demandOrders = '订单培训至少关联一个岗位需求订单';
  d.demandOrders.forEach((o, i) => {
    if (!Number.isInteger(o.headcount) || o.headcount < 1)
      e[`demandOrders.${i}.headcount`] = '至少 1 人';
  });
  return e;
}

export function validateBodies(d: LaunchDraft): FieldErrors {
  const e: FieldErrors = {};
  if (!UUID.test(d.providerId)) e.providerId = '请选择培训机构';
  if (!UUID.test(d.evaluationBodyId)) e.evaluationBodyId = '请选择评价机构';
  return e;
}

export function validateCourse(d: LaunchDraft): FieldErrors {
  const e: FieldErrors = {};
  if (d.modules.length === 0) e.coursePlan = '至少一个课程模块';
  d.modules.forEach((m, i) => {
    const at = `coursePlan.modules.${i}`;
    if (!m.title.trim()) e[`${at}.title`] = '请填写模块名称';
    if (m.theoryHours < 0 || m.practiceHours < 0) e[`${at}.theoryHours`] = '学时不能为负';
    else if (m.theoryHours + m.practiceHours <= 0) e[`${at}.theoryHours`] = '学时合计须大于 0';
  });
  return e;
}

/** Funding shares must add up to exactly 100%; partner shares leave the owner a non-negative rest. */
export function validateFunding(d: LaunchDraft, ownerRegionCode: string | null): FieldErrors {
  const e: FieldErrors = {};
  if (d.fundingShares.length === 0) e['fundingPlan.shares'] = '至少一个资金来源';
  const seen = new Set<string>();
  let total = 0;
  d.fundingShares.forEach((s, i) => {
    const bp = pctToBp(s.sharePct);
    total += bp;
    if (!s.source) e[`fundingPlan.shares.${i}.source`] = '请选择资金来源';
    if (bp <= 0 || bp > 10_000) e[`fundingPlan.shares.${i}.shareBp`] = '份额应在 0–100% 之间';
    const key = `${s.source}|${s.payerRegionCode ?? ''}`;
    if (seen.has(key)) e[`fundingPlan.shares.${i}`] = '资金来源与出资地区重复';
    seen.add(key);
  });
  if (d.fundingShares.length > 0 && total !== 10_000 && !e['fundingPlan.shares'])
    e['fundingPlan.shares'] = `资金份额合计须为 100%，当前 ${total / 100}%`;

  const regions = new Set<string>();
  let partnerTotal = 0;
  d.partners.forEach((p, i) => {
    const bp = pctToBp(p.sharePct);
    partnerTotal += bp;
    if (!REGION.test(p.regionCode)) e[`costSharing.partners.${i}.regionCode`] = '请选择协作地区';
    else if (p.regionCode === ownerRegionCode)
      e[`costSharing.partners.${i}.regionCode`] = '所属地区不能作为自己的协作方';
    else if (regions.has(p.regionCode)) e[`costSharing.partners.${i}.regionCode`] = '地区重复';
    regions.add(p.regionCode);
    if (bp < 1 || bp > 10_000) e[`costSharing.partners.${i}.shareBp`] = '份额应在 0.01–100% 之间';
  });
  if (partnerTotal > 10_000)
    e['costSharing.partners'] = `协作方份额合计超过 100%（${partnerTotal / 100}%）`;
  const threshold = pctToBp(d.attendanceThresholdPct);
  if (threshold < 0 || threshold > 10_000) e.attendanceThresholdBp = '出勤率门槛应在 0–100% 之间';
  return e;
}

/** The owning region's share of the cross-region cost: what partners leave (may be 0). */
export function ownerShareBp(d: LaunchDraft): number {
  return 10_000 - d.partners.reduce((sum, p) => sum + pctToBp(p.sharePct), 0);
}

/** Every client-side check of one step (index as in STEP_FIELDS). */
export function validateStep(
  step: number,
  d: LaunchDraft,
  ctx: { national: boolean; ownerRegionCode: string | null },
): FieldErrors {
  switch (step) {
    case 0:
      return validateBasics(d, ctx.national);
    case 1:
      return validateBodies(d);
    case 2:
      return validateCourse(d);
    case 3:
      return validateFunding(d, ctx.ownerRegionCode);
    default:
      return {};
  }
}

export function validateAll(
  d: LaunchDraft,
  ctx: { national: boolean; ownerRegionCode: string | null },
): FieldErrors {
  return Object.assign({}, ...[0, 1, 2, 3].map((s) => validateStep(s, d, ctx)));
}

/** The request body: percentages become basis points, empty options are left out. */
export function toProjectCreate(d: LaunchDraft): ProjectCreate {
  const body: ProjectCreate = {
    name: d.name.trim(),
    type: d.type,
    sector: d.sector as ProjectCreate['sector'],
    trainingRegionCode: d.trainingRegionCode,
    targetLevel: d.targetLevel as ProjectCreate['targetLevel'],
    providerId: d.providerId,
    evaluationBodyId: d.evaluationBodyId,
    plannedHeadcount: d.plannedHeadcount,
    occupationCodes: [...d.occupationCodes],
    demandOrders: d.demandOrders.map((o) => ({ ...o })),
    attendanceThresholdBp: pctToBp(d.attendanceThresholdPct),
    employmentLinked: d.employmentLinked,
    coursePlan: { modules: d.modules.map((m) => ({ ...m, title: m.title.trim() })) },
    fundingPlan: {
      shares: d.fundingShares.map((s) => ({
        source: s.source as NonNullable<ProjectCreate['fundingPlan']>['shares'][number]['source'],
        payerRegionCode: s.payerRegionCode || null,
        shareBp: pctToBp(s.sharePct),
      })),
    },
    costSharing: {
      partners: d.partners.map((p) => ({
        regionCode: p.regionCode,
        role: p.role,
        shareBp: pctToBp(p.sharePct),
      })),
    },
  };
  if (d.ownerRegionCode) body.ownerRegionCode = d.ownerRegionCode;
  if (d.approvalDeadlineMinutes) body.timings = timingsFor(d.approvalDeadlineMinutes);
  return body;
}

/** Approval timings for a deadline of `minutes`: reminders from a fifth of it before, then each tenth. */
export function timingsFor(minutes: number) {
  const approvalDeadlineMs = Math.round(minutes * 60_000);
  return {
    approvalDeadlineMs,
    reminderLeadMs: Math.max(1, Math.round(approvalDeadlineMs / 5)),
    reminderIntervalMs: Math.max(1, Math.round(approvalDeadlineMs / 10)),
  };
}

export function emptyDraft(): LaunchDraft {
  return {
    name: '',
    type: 'order',
    sector: 'advanced_manufacturing',
    ownerRegionCode: null,
    trainingRegionCode: '',
    targetLevel: 'intermediate',
    plannedHeadcount: 1,
    occupationCodes: [],
    demandOrders: [],
    providerId: '',
    evaluationBodyId: '',
    modules: [{ title: '', theoryHours: 8, practiceHours: 16, mode: 'offline' }],
    fundingShares: [{ source: 'employment_subsidy_fund', payerRegionCode: null, sharePct: 100 }],
    partners: [],
    attendanceThresholdPct: 80,
    employmentLinked: true,
    approvalDeadlineMinutes: null,
  };
}
