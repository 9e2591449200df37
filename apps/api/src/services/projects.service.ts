import type {
  CoursePlanInput,
  PartiesInput,
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
  people,
  plans,
  projects,
  regions,
  projectSearch as repository,
  trainingProviders,
} from '@qiancheng/db';
import {
  availableHeadcount,
  evaluationScopeProblem,
  isCrossRegionPlan,
  isUnfitGrade,
  isWithinRegion,
  ownerOnlyParties,
  type PlanParty,
  type PlanProblem,
  type ProjectDurations,
  type ProjectPlan,
  projectDurations,
  provinceCodeOf,
  type SkillLevelCode,
  validateParties,
  validatePlan,
} from '@qiancheng/domain';
import type { ProjectState, ProjectWorkflowInput } from '@qiancheng/workflows';
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { AppSettings } from '../config.js';
import { ApiError, conflict, forbidden, notFound, unprocessable } from '../errors.js';
import { iso, isoOrNull, paging } from '../lib/json.js';
import { actorOf, type UserPrincipal } from '../plugins/app/auth.js';
import { queryProjectState, startProjectWorkflow } from './workflow.service.js';

type ProjectRecord = projects.ProjectRecord;

export interface Context {
  db: Db;
  client: Client;
  settings: AppSettings;
  user: UserPrincipal;
  requestId: string;
}

const durationsOf = (record: { config: unknown }): ProjectDurations =>
  projectDurations((record.config as repository.StoredConfig).durations);

export function toProject(
  record: ProjectRecord,
  shares: ReadonlyMap<string, number> = new Map(),
): Project {
  const config = record.config as repository.StoredConfig;
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
    timings: durationsOf(record),
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

/** Where a plan's path lives in the request that carried it. */
const REQUEST_PATHS: [RegExp, string][] = [
  [/^reservations\.(\d+)\.places$/, 'body.demandOrders.$1.headcount'],
  [/^reservations(.*)$/, 'body.demandOrders$1'],
  [/^modules(.*)$/, 'body.coursePlan.modules$1'],
  [/^durations(.*)$/, 'body.timings$1'],
];

/**
 * The 422 for a plan's problems (the domain's validatePlan): every problem at once, each with
 * the path the request named it by and its stable code and figures, for the console to word.
 */
export function planRefused(problems: readonly PlanProblem[], code = 'plan_invalid'): ApiError {
  return unprocessable(
    code,
    `the plan has ${problems.length} problem(s): ${problems.map((p) => p.code).join(', ')}`,
    problems.map((p) => {
      const rule = REQUEST_PATHS.find(([pattern]) => pattern.test(p.path));
      const path = rule ? p.path.replace(rule[0], rule[1]) : `body.${p.path}`;
      return { path, message: p.code, code: p.code, params: p.params };
    }),
  );
}

function partiesOf(input: readonly PartiesInput['parties'][number][]): PlanParty[] {
  return input.map((p) => ({
    regionCode: p.regionCode,
    role: p.role,
    shareBp: p.shareBp,
    funding: p.funding.map((l) => ({ source: l.source, shareBp: l.shareBp })),
  }));
}

function mergeDurations(
  stored: ProjectDurations,
  patch: ProjectTimingsPatch | undefined,
): ProjectDurations {
  return { ...stored, ...(patch ?? {}) };
}

const refused = (path: string, code: string, message: string) =>
  unprocessable(code, message, [{ path, message, code }]);

/**
 * What the plan names that needs records: the provider and evaluation body exist and keep their
 * qualification (十八), and each demand order is one the manager may see — the same answer for
 * an order that does not exist and one of another region — is open and has the places free.
 */
async function checkReferences(ctx: Context, owner: string, body: ProjectCreate) {
  const { db, user } = ctx;
  const [provider, evaluationBody] = await Promise.all([
    trainingProviders.find(db, body.providerId),
    evaluationBodies.find(db, body.evaluationBodyId),
  ]);
  if (!provider)
    throw refused('body.providerId', 'reference_not_found', 'unknown training provider');
  if (provider.qualificationStatus !== 'active') {
    throw refused(
      'body.providerId',
      'provider_not_qualified',
      'the provider has lost its qualification',
    );
  }
  // A grade the quality rule marks unfit (packages/domain gradeFromReviews, 十一/十三) blocks new
  // projects as revocation does.
  if (isUnfitGrade(provider.grade)) {
    throw refused('body.providerId', 'provider_grade_unfit', 'the provider is graded unfit');
  }
  if (!evaluationBody) {
    throw refused('body.evaluationBodyId', 'reference_not_found', 'unknown evaluation body');
  }
  if (evaluationBody.qualificationStatus !== 'active') {
    throw refused(
      'body.evaluationBodyId',
      'evaluation_body_not_qualified',
      'the evaluation body has lost its qualification',
    );
  }
  checkEvaluationScope(body, evaluationBody);
  // A national user acts for the owning region: the orders must be within it as well.
  const scope = user.regionCode ?? owner;
  for (const [i, link] of body.demandOrders.entries()) {
    const path = `body.demandOrders.${i}.demandOrderId`;
    const order = await demandOrders.find(db, link.demandOrderId);
    if (!order || !isWithinRegion(order.workRegionCode, scope)) {
      throw refused(path, 'reference_not_found', 'unknown demand order');
    }
    if (order.status !== 'open' && order.status !== 'reserved') {
      throw refused(path, 'demand_order_not_open', `the demand order is ${order.status}`);
    }
    const free = availableHeadcount(order);
    if (link.headcount > free) {
      throw unprocessable(
        'demand_order_short',
        `only ${free} places are free on the demand order`,
        [
          {
            path: `body.demandOrders.${i}.headcount`,
            message: `at most ${free}`,
            code: 'demand_order_short',
            params: { free },
          },
        ],
      );
    }
  }
  if (body.type === 'order' && body.demandOrders.length === 0) {
    throw refused(
      'body.demandOrders',
      'demand_order_required',
      'an order project serves a demand order',
    );
  }
}

/**
 * The evaluation body is filed (备案, 十四) for every occupation the project trains and for its
 * target level (issue 11: registries): `evaluationScopeProblem` in the domain decides.
 */
function checkEvaluationScope(
  body: Pick<ProjectCreate, 'occupationCodes' | 'targetLevel'>,
  evaluationBody: { maxLevel: SkillLevelCode; occupationCodes: string[] },
) {
  for (const [i, code] of body.occupationCodes.entries()) {
    const problem = evaluationScopeProblem(evaluationBody, code, body.targetLevel);
    if (problem?.code === 'evaluation_occupation_not_filed') {
      throw refused(
        `body.occupationCodes.${i}`,
        problem.code,
        `the evaluation body is not filed to evaluate occupation ${code}`,
      );
    }
    if (problem?.code === 'evaluation_level_above_max') {
      throw unprocessable(
        problem.code,
        `the evaluation body may evaluate up to ${problem.maxLevel}, not ${problem.level}`,
        [
          {
            path: 'body.targetLevel',
            message: `at most ${problem.maxLevel}`,
            code: problem.code,
            params: { level: problem.level, maxLevel: problem.maxLevel },
          },
        ],
      );
    }
  }
}

/**
 * Creates a project (a record at stage `demand`) with its draft plan, atomically: round 1 of its
 * parties (the owner alone unless partners are given), course plan and reservations planned.
 */
export async function create(ctx: Context, body: ProjectCreate): Promise<Project> {
  const { db, user } = ctx;
  const owner = body.ownerRegionCode ?? user.regionCode;
  if (!owner) {
    throw refused(
      'body.ownerRegionCode',
      'owner_region_required',
      'a national user names the owning region',
    );
  }
  if (user.regionCode !== null && !isWithinRegion(owner, user.regionCode)) {
    throw forbidden('a project manager creates projects of their own region only');
  }
  const plan: ProjectPlan = {
    ownerRegionCode: owner,
    plannedHeadcount: body.plannedHeadcount,
    parties: body.parties ? partiesOf(body.parties) : ownerOnlyParties(owner, []),
    reservations: body.demandOrders.map((d) => ({
      demandOrderId: d.demandOrderId,
      places: d.headcount,
    })),
    modules: body.coursePlan?.modules ?? [],
    durations: mergeDurations(projectDurations(undefined), body.timings),
  };
  const problems = validatePlan(plan, 'draft');
  if (problems.length > 0) throw planRefused(problems);
  await checkReferences(ctx, owner, body);
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
      config: {
        durations: plan.durations,
        attendanceThresholdBp: body.attendanceThresholdBp ?? 8000,
        employmentLinked: body.employmentLinked ?? true,
      },
      createdBy: actorOf(user),
      parties: plan.parties,
      demandOrders: body.demandOrders,
      occupationCodes: body.occupationCodes,
    });
    if (plan.modules.length > 0) await coursePlans.addModules(trx, created.id, plan.modules);
    await auditLog.append(trx, {
      actor: actorOf(user),
      action: 'project.created',
      subjectType: 'project',
      subjectId: created.id,
      reason: body.reason ?? null,
      details: {
        name: created.name,
        ownerRegionCode: owner,
        parties: plan.parties,
        demandOrders: body.demandOrders,
      },
      requestId: ctx.requestId,
    });
    return created;
  });
  return toProject(record, sharesOf(plan.parties));
}

const sharesOf = (parties: readonly PlanParty[]) =>
  new Map(parties.map((p) => [p.regionCode, p.shareBp]));

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
    await audit(ctx, trx, 'project.course_plan_set', id, { modules: rows.length }, plan.reason);
    return rows;
  });
  return { items: modules };
}

/**
 * Replaces the parties of a draft plan (十二 成本分担, 十七 资金统筹): the owner and any partners,
 * each with its share and its own funds. Checked by the domain's rule, like every revision.
 */
export async function setParties(ctx: Context, id: string, input: PartiesInput) {
  const record = await loadManaged(ctx.db, ctx.user, id);
  requireDraft(record);
  const parties = partiesOf(input.parties);
  const problems = validateParties(record.ownerRegionCode, parties, 'draft');
  if (problems.length > 0) throw planRefused(problems);
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await plans.replaceDraftParties(trx, id, parties))) {
      throw conflict('already_launched', 'the project has been launched; its plans are fixed');
    }
    await audit(ctx, trx, 'project.parties_set', id, { parties }, input.reason);
  });
  const updated = (await projects.find(ctx.db, id)) as ProjectRecord;
  return toProject(updated, sharesOf(parties));
}

/** The whole plan of a project as stored, for the launch check. */
async function storedPlan(db: Db, record: ProjectRecord, durations: ProjectDurations) {
  const [modules, round] = await Promise.all([
    coursePlans.listModules(db, record.id),
    plans.findRound(db, record.id, 1),
  ]);
  const plan: ProjectPlan = {
    ownerRegionCode: record.ownerRegionCode,
    plannedHeadcount: record.plannedHeadcount,
    parties: round?.parties ?? [],
    reservations: record.demandOrders.map((d) => ({
      demandOrderId: d.demandOrderId,
      places: d.headcount,
    })),
    modules: modules.map((m) => ({
      title: m.title,
      theoryHours: m.theoryHours,
      practiceHours: m.practiceHours,
      mode: m.mode,
    })),
    durations,
  };
  return plan;
}

function workflowInput(
  ctx: Context,
  record: ProjectRecord,
  plan: ProjectPlan,
  enterpriseId: string,
) {
  const input: ProjectWorkflowInput = {
    projectId: record.id,
    regionCode: record.ownerRegionCode,
    enterpriseId,
    sector: record.sector,
    // The partners at launch: the workflow's search attributes and whether a cost-sharing stage
    // runs. Each round's parties and shares are read from the database when it opens.
    partners: plan.parties
      .filter((p) => p.regionCode !== record.ownerRegionCode)
      .map((p) => ({
        regionCode: p.regionCode,
        shareBp: p.shareBp,
        // Escalations after a deadline go to the partner's provincial coordinator (十二).
        coordinatorRegionCode: provinceCodeOf(p.regionCode),
      })),
    timings: plan.durations,
    launchedBy: actorOf(ctx.user),
  };
  return input;
}

/**
 * Launches a project: checks the whole plan (validatePlan), then, with the project row locked,
 * records the launch once (a local plan is approved by its owner here) and starts the workflow
 * (USE_EXISTING). Concurrent or retried launches answer `alreadyLaunched` and start nothing twice;
 * a launch recorded whose workflow did not start is started by the next try.
 */
export async function launch(
  ctx: Context,
  id: string,
  patch: ProjectTimingsPatch | undefined,
  reason?: string,
) {
  const { db } = ctx;
  const record = await loadManaged(db, ctx.user, id);
  if (record.stage !== 'demand' && !record.workflowId) {
    throw conflict('WrongStage', `the project is ${record.stage}`);
  }
  const durations = mergeDurations(durationsOf(record), record.workflowId ? undefined : patch);
  const plan = await storedPlan(db, record, durations);
  if (!record.workflowId) {
    const problems = validatePlan(plan, 'launch');
    if (problems.length > 0) throw planRefused(problems, 'plan_incomplete');
  }
  const firstOrder = record.demandOrders[0]
    ? await demandOrders.find(db, record.demandOrders[0].demandOrderId)
    : null;
  const input = workflowInput(ctx, record, plan, firstOrder?.enterpriseId ?? '');
  const workflowId = `project-${id}`;
  const launchedNow = await db.transaction().execute(async (trx) => {
    const locked = await trx
      .selectFrom('projects')
      .select(['workflowId', 'config'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (locked.workflowId) return false;
    if (patch) {
      await repository.setConfig(trx, id, {
        ...(locked.config as repository.StoredConfig),
        durations,
      });
    }
    if (!isCrossRegionPlan(plan.parties, record.ownerRegionCode)) {
      await plans.approveLocalPlan(trx, { projectId: id, by: actorOf(ctx.user) });
    }
    const updated = await projects.setWorkflowId(trx, id, workflowId);
    if (!updated) throw conflict('already_launched', 'the project runs under another workflow');
    await audit(ctx, trx, 'project.launched', id, { workflowId, timings: durations }, reason);
    return true;
  });
  let started: { workflowId: string; runId: string };
  try {
    started = await startProjectWorkflow(ctx.client, input, ctx.settings.taskQueue);
  } catch (error) {
    // A project that ran to its end is never started again; a repeated launch just says so.
    if (!launchedNow && error instanceof WorkflowExecutionAlreadyStartedError) {
      return { projectId: id, workflowId, runId: null, alreadyLaunched: true };
    }
    throw error;
  }
  return {
    projectId: id,
    workflowId: started.workflowId,
    runId: launchedNow ? started.runId : null,
    alreadyLaunched: !launchedNow,
  };
}

/**
 * The workflow's live state as the API answers it (`live` of GET /projects/{id} and the event
 * stream): each decision's and the cancellation's actor with a name beside the id.
 */
export async function liveView(db: Db, state: ProjectState) {
  const names = await people.actorNames(db, [
    ...state.decisions.map((d) => d.by),
    state.cancelled?.by,
  ]);
  const nameOf = (actor: string) => names.get(actor) ?? null;
  return {
    stage: state.stage,
    round: state.round,
    parties: state.parties,
    counts: { ...state.counts },
    pending: state.pending,
    decisions: state.decisions.map((d) => ({ ...d, byName: nameOf(d.by) })),
    cancelled: state.cancelled ? { ...state.cancelled, byName: nameOf(state.cancelled.by) } : null,
    // Workflows started before failures were kept have none in their state.
    failures: state.failures ?? [],
  };
}

/** A project's records from PostgreSQL plus, while it runs, the workflow's live state. */
export async function detail(ctx: Context, id: string): Promise<ProjectDetail> {
  const { db } = ctx;
  const record = await loadVisible(db, ctx.user, id);
  const [modules, agreement, planRounds, held, counts, live] = await Promise.all([
    coursePlans.listModules(db, id),
    costSharing.findAgreementForProject(db, id),
    plans.listRounds(db, id),
    plans.namedReservations(db, id),
    enrolments.countByStatus(db, id),
    record.workflowId
      ? queryProjectState(ctx.client, record.workflowId, ctx.settings.workflowTimeoutMs / 4)
      : Promise.resolve({ state: null, error: null }),
  ]);
  const decided = agreement ? await costSharing.listRounds(db, agreement.id) : [];
  const names = await regions.namesOf(
    db,
    planRounds.flatMap((r) => r.parties.map((p) => p.regionCode)),
  );
  const latest = planRounds.at(-1);
  // Every actor shown with a name, resolved in one batch (people.actorNames).
  const actors = await people.actorNames(db, [
    record.createdBy,
    ...decided.flatMap((d) => [d.createdBy, ...d.approvals.map((a) => a.decidedBy)]),
  ]);
  const nameOf = (actor: string | null | undefined) => (actor ? (actors.get(actor) ?? null) : null);
  return {
    project: {
      ...toProject(record, sharesOf(latest?.parties ?? [])),
      createdByName: nameOf(record.createdBy),
    },
    coursePlan: modules,
    costSharing: {
      agreementStatus: agreement?.status ?? null,
      approvedRound: planRounds.filter((r) => r.status === 'approved').at(-1)?.round ?? null,
      rounds: planRounds.map((r) => {
        const round = decided.find((d) => d.round === r.round);
        return {
          round: r.round,
          status: r.status,
          deadline: isoOrNull(round?.deadline ?? null),
          createdBy: round?.createdBy ?? null,
          createdByName: nameOf(round?.createdBy),
          reason: round?.reason ?? null,
          parties: r.parties.map((p) => {
            const approval = round?.approvals.find((a) => a.regionCode === p.regionCode);
            return {
              regionCode: p.regionCode,
              regionName: names.get(p.regionCode) ?? null,
              role: p.role,
              shareBp: p.shareBp,
              funding: p.funding,
              status: approval?.status ?? (r.status === 'draft' ? 'draft' : 'pending'),
              decidedBy: approval?.decidedBy ?? null,
              decidedByName: nameOf(approval?.decidedBy),
              decidedAt: isoOrNull(approval?.decidedAt ?? null),
              reason: approval?.reason ?? null,
              remindersSent: approval?.remindersSent ?? 0,
              escalatedAt: isoOrNull(approval?.escalatedAt ?? null),
            };
          }),
        };
      }),
    },
    reservations: held,
    enrolments: counts as Record<string, number>,
    live: live.state ? await liveView(db, live.state) : null,
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
  const { partners, orders, occupations, shares } = await repository.links(
    ctx.db,
    rows.map((r) => r.id),
  );
  const items = rows.map((row) =>
    toProject(
      {
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
      },
      new Map(shares.filter((s) => s.projectId === row.id).map((s) => [s.regionCode, s.shareBp])),
    ),
  );
  return { items, total, page, pageSize };
}

/** The running workflow of a project, or 409 when it has not been launched. */
export function workflowIdOf(record: ProjectRecord): string {
  if (!record.workflowId)
    throw new ApiError(409, 'not_launched', 'the project has not been launched');
  return record.workflowId;
}
