import type {
  CostSharingInput,
  CoursePlanInput,
  FundingPlanInput,
  Project,
  ProjectCreate,
  ProjectDetail,
  ProjectListQuery,
  ProjectTimingsPatch,
} from '@qiancheng/contracts';
import {
  auditLog,
  costSharing,
  coursePlans,
  type Db,
  demandOrders,
  enrolments,
  evaluationBodies,
  fundingPlans,
  projects,
  projectSearch as repository,
  trainingProviders,
} from '@qiancheng/db';
import {
  assertProjectDurations,
  availableHeadcount,
  isDomainError,
  isWithinRegion,
  provinceCodeOf,
} from '@qiancheng/domain';
import type { ProjectWorkflowInput } from '@qiancheng/workflows';
import type { Client } from '@temporalio/client';
import type { AppSettings } from '../config.js';
import { ApiError, conflict, forbidden, notFound, unprocessable } from '../errors.js';
import { iso, isoOrNull, paging } from '../lib/json.js';
import { actorOf, type UserPrincipal } from '../plugins/app/auth.js';
import { queryProjectState, startProjectWorkflow, timingsOf } from './workflow.service.js';

type ProjectRecord = projects.ProjectRecord;

export interface Context {
  db: Db;
  client: Client;
  settings: AppSettings;
  user: UserPrincipal;
  requestId: string;
}

const configOf = (record: { config: unknown }) => record.config as repository.StoredConfig;

export function toProject(record: ProjectRecord): Project {
  const config = configOf(record);
  const shares = new Map(config.costSharing?.partners.map((p) => [p.regionCode, p.shareBp]) ?? []);
  return {
    id: record.id,
    name: record.name,
    type: record.type,
    sector: record.sector,
    sectorField: record.sectorField,
    ownerRegionCode: record.ownerRegionCode,
    trainingRegionCode: record.trainingRegionCode,
    targetLevel: record.targetLevel,
    providerId: record.providerId,
    evaluationBodyId: record.evaluationBodyId,
    plannedHeadcount: record.plannedHeadcount,
    stage: record.stage,
    workflowId: record.workflowId,
    partnerRegions: record.partnerRegions.map((p) => ({
      regionCode: p.regionCode,
      role: p.role,
      shareBp: shares.get(p.regionCode) ?? null,
    })),
    demandOrders: record.demandOrders,
    occupationCodes: record.occupationCodes,
    attendanceThresholdBp: config.attendanceThresholdBp,
    employmentLinked: config.employmentLinked,
    timings: timingsOf(config.durations),
    catalogueVersionId: record.catalogueVersionId,
    approvedOn: record.approvedOn,
    createdAt: iso(record.createdAt),
    createdBy: record.createdBy,
    updatedAt: iso(record.updatedAt),
  };
}

/** Regional users see projects their region owns, hosts or partners in; national users all. */
export function canSee(user: UserPrincipal, project: ProjectRecord): boolean {
  if (user.regionCode === null) return true;
  const region = user.regionCode;
  return (
    isWithinRegion(project.ownerRegionCode, region) ||
    isWithinRegion(project.trainingRegionCode, region) ||
    project.partnerRegions.some((p) => isWithinRegion(p.regionCode, region))
  );
}

/** A project manager acts only on projects of their region (the owner); admins on any. */
export function canManage(user: UserPrincipal, project: ProjectRecord): boolean {
  if (user.role === 'admin') return true;
  if (user.role !== 'project_manager') return false;
  return user.regionCode === null || isWithinRegion(project.ownerRegionCode, user.regionCode);
}

/** The project, or 404 when it does not exist or the user may not see it. */
export async function loadVisible(db: Db, user: UserPrincipal, id: string) {
  const record = await projects.find(db, id);
  if (!record || !canSee(user, record)) throw notFound('project');
  return record;
}

/** The project for a change: 404 when invisible, 403 when visible but not the user's to change. */
export async function loadManaged(db: Db, user: UserPrincipal, id: string) {
  const record = await loadVisible(db, user, id);
  if (!canManage(user, record))
    throw forbidden('only a project manager of the owning region may change it');
  return record;
}

function requireDraft(record: ProjectRecord) {
  if (record.workflowId !== null || record.stage !== 'demand') {
    throw conflict('already_launched', 'the project has been launched; its plans are fixed');
  }
}

function domainRule<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (isDomainError(error)) {
      throw unprocessable(error.code, error.message, [
        { path: `body.${error.field ?? ''}`.replace(/\.$/, ''), message: error.message },
      ]);
    }
    throw error;
  }
}

function checkFundingPlan(plan: FundingPlanInput) {
  const total = plan.shares.reduce((sum, s) => sum + s.shareBp, 0);
  if (total !== 10_000) {
    throw unprocessable(
      'funding_shares_not_whole',
      `funding shares add up to ${total} bp, not 10000`,
      [{ path: 'body.fundingPlan.shares', message: 'must add up to 10000 bp' }],
    );
  }
  const seen = new Set<string>();
  for (const [i, s] of plan.shares.entries()) {
    const key = `${s.source}:${s.payerRegionCode ?? ''}`;
    if (seen.has(key)) {
      throw unprocessable('duplicate_funding_share', 'a source and payer appear twice', [
        { path: `body.fundingPlan.shares.${i}`, message: 'duplicate source and payer' },
      ]);
    }
    seen.add(key);
  }
}

/** The same rules the workflow applies to a revision (十二): shares of the whole, owner pays the rest. */
function checkCostSharing(ownerRegionCode: string, input: CostSharingInput) {
  const seen = new Set<string>();
  let total = 0;
  for (const [i, p] of input.partners.entries()) {
    const path = `body.costSharing.partners.${i}.regionCode`;
    if (p.regionCode === ownerRegionCode) {
      throw unprocessable('OwnerAsPartner', 'the owning region is not its own partner', [
        { path, message: 'is the owner' },
      ]);
    }
    if (seen.has(p.regionCode)) {
      throw unprocessable('DuplicateParty', `${p.regionCode} appears twice`, [
        { path, message: 'duplicate' },
      ]);
    }
    seen.add(p.regionCode);
    total += p.shareBp;
  }
  if (total > 10_000) {
    throw unprocessable('SharesOver100', `partner shares add up to ${total} bp, more than 10000`, [
      { path: 'body.costSharing.partners', message: 'more than 10000 bp' },
    ]);
  }
}

function mergeTimings(
  config: repository.StoredConfig,
  patch: ProjectTimingsPatch | undefined,
): repository.StoredConfig {
  const durations = { ...timingsOf(config.durations), ...(patch ?? {}) };
  domainRule(() => assertProjectDurations(durations));
  return { ...config, durations };
}

async function checkParties(db: Db, body: ProjectCreate) {
  const [provider, body_] = await Promise.all([
    trainingProviders.find(db, body.providerId),
    evaluationBodies.find(db, body.evaluationBodyId),
  ]);
  if (!provider) {
    throw unprocessable('reference_not_found', 'unknown training provider', [
      { path: 'body.providerId', message: 'not found' },
    ]);
  }
  // 十八: a provider or evaluation body that lost its qualification takes no new projects.
  if (provider.qualificationStatus !== 'active') {
    throw unprocessable(
      'provider_not_qualified',
      'the training provider has lost its qualification',
      [{ path: 'body.providerId', message: 'qualification revoked' }],
    );
  }
  if (!body_) {
    throw unprocessable('reference_not_found', 'unknown evaluation body', [
      { path: 'body.evaluationBodyId', message: 'not found' },
    ]);
  }
  if (body_.qualificationStatus !== 'active') {
    throw unprocessable(
      'evaluation_body_not_qualified',
      'the evaluation body has lost its qualification',
      [{ path: 'body.evaluationBodyId', message: 'qualification revoked' }],
    );
  }
  for (const [i, link] of body.demandOrders.entries()) {
    const order = await demandOrders.find(db, link.demandOrderId);
    const path = `body.demandOrders.${i}`;
    if (!order)
      throw unprocessable('reference_not_found', 'unknown demand order', [
        { path, message: 'not found' },
      ]);
    if (order.status !== 'open' && order.status !== 'reserved') {
      throw unprocessable('demand_order_not_open', `the demand order is ${order.status}`, [
        { path, message: order.status },
      ]);
    }
    const free = availableHeadcount(order);
    if (link.headcount > free) {
      throw unprocessable(
        'demand_order_short',
        `only ${free} places are free on the demand order`,
        [{ path: `${path}.headcount`, message: `at most ${free}` }],
      );
    }
  }
  if (body.type === 'order' && body.demandOrders.length === 0) {
    throw unprocessable(
      'demand_order_required',
      'an order project (订单培训) serves a demand order',
      [{ path: 'body.demandOrders', message: 'at least one' }],
    );
  }
}

/** Creates a project (a record at stage `demand`) with its plans, atomically. */
export async function create(ctx: Context, body: ProjectCreate): Promise<Project> {
  const { db, user } = ctx;
  let owner = body.ownerRegionCode ?? user.regionCode;
  if (!owner) {
    throw unprocessable('owner_region_required', 'a national user names the owning region', [
      { path: 'body.ownerRegionCode', message: 'required' },
    ]);
  }
  if (user.regionCode !== null && !isWithinRegion(owner, user.regionCode)) {
    throw forbidden('a project manager creates projects of their own region only');
  }
  owner = owner as string;
  if (body.costSharing) checkCostSharing(owner, body.costSharing);
  if (body.fundingPlan) checkFundingPlan(body.fundingPlan);
  const config = mergeTimings(
    {
      durations: timingsOf(undefined),
      attendanceThresholdBp: body.attendanceThresholdBp ?? 8000,
      employmentLinked: body.employmentLinked ?? true,
      costSharing: {
        partners: (body.costSharing?.partners ?? []).map((p) => ({
          regionCode: p.regionCode,
          shareBp: p.shareBp,
        })),
      },
    },
    body.timings,
  );
  await checkParties(db, body);
  const record = await db.transaction().execute(async (trx) => {
    const created = await projects.insert(trx, {
      name: body.name,
      type: body.type,
      sector: body.sector,
      sectorField: body.sectorField ?? null,
      ownerRegionCode: owner,
      trainingRegionCode: body.trainingRegionCode,
      targetLevel: body.targetLevel,
      providerId: body.providerId,
      evaluationBodyId: body.evaluationBodyId,
      plannedHeadcount: body.plannedHeadcount,
      config,
      createdBy: actorOf(user),
      partnerRegions: (body.costSharing?.partners ?? []).map((p) => ({
        regionCode: p.regionCode,
        role: p.role,
      })),
      demandOrders: body.demandOrders,
      occupationCodes: body.occupationCodes,
    });
    if (body.coursePlan) await coursePlans.addModules(trx, created.id, body.coursePlan.modules);
    if (body.fundingPlan) {
      await fundingPlans.create(trx, { projectId: created.id, shares: body.fundingPlan.shares });
    }
    await auditLog.append(trx, {
      actor: actorOf(user),
      action: 'project.created',
      subjectType: 'project',
      subjectId: created.id,
      reason: null,
      details: { name: created.name, ownerRegionCode: owner, demandOrders: body.demandOrders },
      requestId: ctx.requestId,
    });
    return created;
  });
  return toProject(record);
}

async function audit(
  ctx: Context,
  db: Db,
  action: string,
  projectId: string,
  details: Record<string, unknown>,
  reason: string | null = null,
) {
  await auditLog.append(db, {
    actor: actorOf(ctx.user),
    action,
    subjectType: 'project',
    subjectId: projectId,
    reason,
    details,
    requestId: ctx.requestId,
  });
}

/** Replaces the course plan (十三) of a project not yet launched. */
export async function setCoursePlan(ctx: Context, id: string, plan: CoursePlanInput) {
  const record = await loadManaged(ctx.db, ctx.user, id);
  requireDraft(record);
  const modules = await ctx.db.transaction().execute(async (trx) => {
    await repository.replaceModules(trx, id);
    const rows = await coursePlans.addModules(trx, id, plan.modules);
    await audit(ctx, trx, 'project.course_plan_set', id, { modules: rows.length });
    return rows;
  });
  return { items: modules };
}

/** Sets the funding plan (十七) of a project not yet launched. */
export async function setFundingPlan(ctx: Context, id: string, plan: FundingPlanInput) {
  const record = await loadManaged(ctx.db, ctx.user, id);
  requireDraft(record);
  checkFundingPlan(plan);
  return ctx.db.transaction().execute(async (trx) => {
    const existing = await fundingPlans.findForProject(trx, id);
    let saved: { id: string | undefined; shares: FundingPlanInput['shares'] };
    if (existing) {
      await fundingPlans.replaceShares(trx, existing.id as string, plan.shares);
      saved = { id: existing.id, shares: plan.shares };
    } else {
      saved = await fundingPlans.create(trx, { projectId: id, shares: plan.shares });
    }
    await audit(ctx, trx, 'project.funding_plan_set', id, { shares: plan.shares });
    return { id: saved.id as string, shares: saved.shares };
  });
}

/** Sets the cross-region parties and their shares (十二) of a project not yet launched. */
export async function setCostSharing(ctx: Context, id: string, input: CostSharingInput) {
  const record = await loadManaged(ctx.db, ctx.user, id);
  requireDraft(record);
  checkCostSharing(record.ownerRegionCode, input);
  await ctx.db.transaction().execute(async (trx) => {
    await repository.replacePartners(
      trx,
      id,
      input.partners.map((p) => ({ regionCode: p.regionCode, role: p.role })),
    );
    await repository.setConfig(trx, id, {
      ...configOf(record),
      costSharing: {
        partners: input.partners.map((p) => ({ regionCode: p.regionCode, shareBp: p.shareBp })),
      },
    });
    await audit(ctx, trx, 'project.cost_sharing_set', id, { partners: input.partners });
  });
  return toProject((await projects.find(ctx.db, id)) as ProjectRecord);
}

/**
 * Launches a project: checks its plans, then starts its workflow (USE_EXISTING, so a retried
 * launch starts nothing twice) and records the workflow id. A launched project answers again
 * with its workflow and `alreadyLaunched`.
 */
export async function launch(ctx: Context, id: string, patch: ProjectTimingsPatch | undefined) {
  const { db } = ctx;
  const record = await loadManaged(db, ctx.user, id);
  if (record.workflowId) {
    return { projectId: id, workflowId: record.workflowId, runId: null, alreadyLaunched: true };
  }
  if (record.stage !== 'demand') throw conflict('WrongStage', `the project is ${record.stage}`);
  const [modules, plan] = await Promise.all([
    coursePlans.listModules(db, id),
    fundingPlans.findForProject(db, id),
  ]);
  if (modules.length === 0) throw unprocessable('course_plan_missing', 'set the course plan first');
  if (!plan) throw unprocessable('funding_plan_missing', 'set the funding plan first');
  const config = mergeTimings(configOf(record), patch);
  const shares = new Map(config.costSharing?.partners.map((p) => [p.regionCode, p.shareBp]) ?? []);
  const missing = record.partnerRegions.filter((p) => !shares.has(p.regionCode));
  if (missing.length > 0) {
    throw unprocessable(
      'shares_missing',
      `no share set for ${missing.map((m) => m.regionCode).join(', ')}`,
    );
  }
  if (patch) await repository.setConfig(db, id, config);
  const firstOrder = record.demandOrders[0]
    ? await demandOrders.find(db, record.demandOrders[0].demandOrderId)
    : null;
  const input: ProjectWorkflowInput = {
    projectId: id,
    regionCode: record.ownerRegionCode,
    enterpriseId: firstOrder?.enterpriseId ?? '',
    sector: record.sector,
    partners: record.partnerRegions.map((p) => ({
      regionCode: p.regionCode,
      shareBp: shares.get(p.regionCode) ?? 0,
      // Escalations after a deadline go to the partner's provincial coordinator (十二).
      coordinatorRegionCode: provinceCodeOf(p.regionCode),
    })),
    timings: timingsOf(config.durations),
    launchedBy: actorOf(ctx.user),
  };
  const started = await startProjectWorkflow(ctx.client, input, ctx.settings.taskQueue);
  await db.transaction().execute(async (trx) => {
    const updated = await projects.setWorkflowId(trx, id, started.workflowId);
    if (!updated) throw conflict('already_launched', 'the project runs under another workflow');
    await audit(ctx, trx, 'project.launched', id, {
      workflowId: started.workflowId,
      runId: started.runId,
      timings: input.timings,
    });
  });
  return {
    projectId: id,
    workflowId: started.workflowId,
    runId: started.runId,
    alreadyLaunched: false,
  };
}

/** A project's records from PostgreSQL plus, while it runs, the workflow's live state. */
export async function detail(ctx: Context, id: string): Promise<ProjectDetail> {
  const { db } = ctx;
  const record = await loadVisible(db, ctx.user, id);
  const [modules, plan, agreement, counts, live] = await Promise.all([
    coursePlans.listModules(db, id),
    fundingPlans.findForProject(db, id),
    costSharing.findAgreementForProject(db, id),
    enrolments.countByStatus(db, id),
    record.workflowId
      ? queryProjectState(ctx.client, record.workflowId, ctx.settings.workflowTimeoutMs / 4)
      : Promise.resolve({ state: null, error: null }),
  ]);
  const rounds = agreement ? await costSharing.listRounds(db, agreement.id) : [];
  return {
    project: toProject(record),
    coursePlan: modules,
    fundingPlan: plan ? { id: plan.id as string, shares: plan.shares } : null,
    costSharing: {
      agreementStatus: agreement?.status ?? null,
      rounds: rounds.map((r) => ({
        round: r.round,
        status: r.status,
        deadline: iso(r.deadline),
        parties: r.parties.map((p) => {
          const approval = r.approvals.find((a) => a.regionCode === p.regionCode);
          return {
            regionCode: p.regionCode,
            role: p.role,
            shareBp: p.shareBp,
            status: approval?.status ?? 'pending',
            decidedBy: approval?.decidedBy ?? null,
            decidedAt: isoOrNull(approval?.decidedAt ?? null),
            reason: approval?.reason ?? null,
            remindersSent: approval?.remindersSent ?? 0,
            escalatedAt: isoOrNull(approval?.escalatedAt ?? null),
          };
        }),
      })),
    },
    enrolments: counts as Record<string, number>,
    live: live.state
      ? {
          stage: live.state.stage,
          round: live.state.round,
          parties: live.state.parties,
          counts: { ...live.state.counts },
          pending: live.state.pending,
          decisions: live.state.decisions,
          cancelled: live.state.cancelled,
        }
      : null,
    liveError: live.error,
  };
}

/** Lists and searches projects from PostgreSQL, within the user's region. */
export async function list(ctx: Context, query: ProjectListQuery) {
  const { page, pageSize, offset, limit } = paging(query);
  const { rows, total } = await repository.page(ctx.db, {
    visibleTo: ctx.user.regionCode,
    ...(query.q ? { q: query.q } : {}),
    ...(query.stage ? { stage: query.stage } : {}),
    ...(query.type ? { type: query.type } : {}),
    ...(query.sector ? { sector: query.sector } : {}),
    ...(query.regionCode ? { regionCode: query.regionCode } : {}),
    ...(query.demandOrderId ? { demandOrderId: query.demandOrderId } : {}),
    ...(query.createdFrom ? { createdFrom: query.createdFrom } : {}),
    ...(query.createdTo ? { createdTo: query.createdTo } : {}),
    ...(query.sort ? { sort: query.sort } : {}),
    offset,
    limit,
  });
  const { partners, orders, occupations } = await repository.links(
    ctx.db,
    rows.map((r) => r.id),
  );
  const items = rows.map((row) =>
    toProject({
      ...row,
      partnerRegions: partners
        .filter((p) => p.projectId === row.id)
        .map((p) => ({ regionCode: p.regionCode, role: p.role })),
      demandOrders: orders
        .filter((o) => o.projectId === row.id)
        .map((o) => ({ demandOrderId: o.demandOrderId, headcount: o.headcount })),
      occupationCodes: occupations
        .filter((o) => o.projectId === row.id)
        .map((o) => o.occupationCode),
    }),
  );
  return { items, total, page, pageSize };
}

/** The running workflow of a project, or 409 when it has not been launched. */
export function workflowIdOf(record: ProjectRecord): string {
  if (!record.workflowId)
    throw new ApiError(409, 'not_launched', 'the project has not been launched');
  return record.workflowId;
}
