import { DEFAULT_PROJECT_DURATIONS, type ProjectPlan, validatePlan } from '@qiancheng/domain';
import type { FieldProblem, FieldProblems } from '#/api/problem';
import type { ProjectCreate } from '#/api/types';
import {
  type DraftParty,
  ownerOnlyDraft,
  pctToBp,
  planFieldProblems,
  toPlanParties,
} from '#/utils/plan';

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
  /** The plan's parties, the owning region first, each with its own funds (十二, 十七). */
  parties: DraftParty[];
  attendanceThresholdPct: number;
  employmentLinked: boolean;
  /** Minutes a partner region has to approve its share; null keeps the production default. */
  approvalDeadlineMinutes: number | null;
  /** Seconds until the 3-month follow-up in a drill (6 months is twice that); null: real months. */
  followUpSeconds?: number | null;
}

export interface WizardContext {
  national: boolean;
  /** The owning region: the manager's own, or the one a national user chose. */
  ownerRegionCode: string | null;
}

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
  ['parties', 'attendanceThresholdBp'],
  ['timings', 'employmentLinked'],
];

/** The step an error path belongs to (unknown paths go to the review step). */
export function stepOf(path: string): number {
  const root = path.split('.')[0] ?? '';
  const index = STEP_FIELDS.findIndex((fields) => fields.includes(root));
  return index === -1 ? STEP_FIELDS.length - 1 : index;
}

/** Approval timings for a deadline of `minutes`: reminders from a fifth of it before, then each tenth. */
/** The timings a draft asks for: a short approval deadline and/or drill follow-ups. */
export function draftTimings(d: Pick<LaunchDraft, 'approvalDeadlineMinutes' | 'followUpSeconds'>) {
  const out: Partial<Record<string, number>> = {};
  if (d.approvalDeadlineMinutes) Object.assign(out, timingsFor(d.approvalDeadlineMinutes));
  if (d.followUpSeconds) {
    const ms = Math.round(d.followUpSeconds * 1000);
    Object.assign(out, {
      followUp3MonthMs: ms,
      followUp6MonthMs: 2 * ms,
      followUpAnswerWindowMs: Math.max(60_000, 4 * ms),
      followUpPollMs: Math.max(200, Math.round(ms / 4)),
    });
  }
  return Object.keys(out).length > 0 ? (out as ReturnType<typeof timingsFor>) : undefined;
}

export function timingsFor(minutes: number) {
  const approvalDeadlineMs = Math.round(minutes * 60_000);
  return {
    approvalDeadlineMs,
    reminderLeadMs: Math.max(1, Math.round(approvalDeadlineMs / 5)),
    reminderIntervalMs: Math.max(1, Math.round(approvalDeadlineMs / 10)),
  };
}

/** The draft as the domain's plan, so the domain's rule (validatePlan) checks it. */
export function planOf(d: LaunchDraft, owner: string | null): ProjectPlan {
  return {
    ownerRegionCode: owner ?? '',
    plannedHeadcount: d.plannedHeadcount,
    parties: toPlanParties(d.parties, owner),
    reservations: d.demandOrders.map((o) => ({
      demandOrderId: o.demandOrderId,
      places: o.headcount,
    })),
    modules: d.modules.map((m) => ({ ...m, title: m.title.trim() })),
    durations: {
      ...DEFAULT_PROJECT_DURATIONS,
      ...(draftTimings(d) ?? {}),
    },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const OCCUPATION = /^[1-8]-\d{2}-\d{2}-\d{2}$/;
const REGION = /^[1-9]\d{5}$/;
const said = (code: string, params: FieldProblem['params'] = {}): FieldProblem => ({
  code,
  params,
});

/**
 * What the form needs filled in before the plan can be checked: the fields that are no plan rule
 * (the plan's rules are the domain's, see {@link validateStep}).
 */
function requiredFields(step: number, d: LaunchDraft, ctx: WizardContext): FieldProblems {
  const e: FieldProblems = {};
  if (step === 0) {
    if (!d.name.trim()) e.name = said('name_required');
    else if (d.name.length > 200) e.name = said('name_too_long', { max: 200 });
    if (!d.sector) e.sector = said('sector_required');
    if (ctx.national && !d.ownerRegionCode) e.ownerRegionCode = said('owner_region_required');
    if (!REGION.test(d.trainingRegionCode)) e.trainingRegionCode = said('training_region_required');
    if (!d.targetLevel) e.targetLevel = said('target_level_required');
    if (d.occupationCodes.length === 0) e.occupationCodes = said('occupation_required');
    d.occupationCodes.forEach((code, i) => {
      if (!OCCUPATION.test(code))
        e[`occupationCodes.${i}`] = said('occupation_code_invalid', { value: code });
    });
    // The API's code for the same refusal (an order project serves a demand order).
    if (d.type === 'order' && d.demandOrders.length === 0)
      e.demandOrders = said('demand_order_required');
  } else if (step === 1) {
    if (!UUID.test(d.providerId)) e.providerId = said('provider_required');
    if (!UUID.test(d.evaluationBodyId)) e.evaluationBodyId = said('evaluation_body_required');
  }
  return e;
}

/**
 * Every problem of one step (index as in STEP_FIELDS): its required fields, and the domain's
 * plan problems (validatePlan, as at launch) at the fields this step owns.
 */
export function validateStep(step: number, d: LaunchDraft, ctx: WizardContext): FieldProblems {
  const plan = planFieldProblems(validatePlan(planOf(d, ctx.ownerRegionCode), 'launch'));
  const mine = Object.fromEntries(Object.entries(plan).filter(([path]) => stepOf(path) === step));
  return { ...mine, ...requiredFields(step, d, ctx) };
}

export function validateAll(d: LaunchDraft, ctx: WizardContext): FieldProblems {
  return Object.assign({}, ...STEP_FIELDS.map((_, s) => validateStep(s, d, ctx)));
}

/** The request body's parties: the form's percentages in basis points, the owner first. */
export function partiesInput(d: LaunchDraft, owner: string | null) {
  return toPlanParties(d.parties, owner) as NonNullable<ProjectCreate['parties']>;
}

/** The request body: percentages become basis points, empty options are left out. */
export function toProjectCreate(d: LaunchDraft, owner: string | null): ProjectCreate {
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
    parties: partiesInput(d, owner),
  };
  if (d.ownerRegionCode) body.ownerRegionCode = d.ownerRegionCode;
  const timings = draftTimings(d);
  if (timings) body.timings = timings;
  return body;
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
    parties: ownerOnlyDraft(),
    attendanceThresholdPct: 80,
    employmentLinked: true,
    approvalDeadlineMinutes: null,
    followUpSeconds: null,
  };
}
