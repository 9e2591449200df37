import type {
  AssessmentsRequest,
  AttendanceRequest,
  FraudFindingRequest,
  PlacementsRequest,
  ReviseSharesRequest,
} from '@qiancheng/contracts';
import { auditLog, enrolments, enterprises, evaluationBodies } from '@qiancheng/db';
import {
  evaluationScopeProblem,
  type PlanParty,
  type SkillLevelCode,
  validateParties,
} from '@qiancheng/domain';
import {
  answerFollowUpUpdate,
  answerRetentionCheckUpdate,
  approveShareUpdate,
  attendanceSignal,
  cancelProjectUpdate,
  closeEmploymentUpdate,
  closeEnrolmentUpdate,
  closeEvaluationUpdate,
  completeTrainingUpdate,
  followUpWorkflowId,
  type RetentionOutcome,
  recordPlacementsUpdate,
  rejectShareUpdate,
  reportFraudUpdate,
  retentionWorkflowId,
  reviseSharesUpdate,
  submitAssessmentsUpdate,
} from '@qiancheng/workflows';
import {
  type UpdateDefinition,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { conflict, type FieldError, forbidden, unprocessable } from '../errors.js';
import { actorOf } from '../plugins/app/auth.js';
import {
  type Context,
  canSee,
  loadManaged,
  loadVisible,
  planRefused,
  workflowIdOf,
} from './projects.service.js';
import { executeUpdate, sendSignal } from './workflow.service.js';

type Step = 'close_enrolment' | 'complete_training' | 'close_evaluation' | 'close_employment';
const STEPS: Record<
  Step,
  UpdateDefinition<Record<string, number>, [{ by: string; reason?: string }], string>
> = {
  close_enrolment: closeEnrolmentUpdate,
  complete_training: completeTrainingUpdate,
  close_evaluation: closeEvaluationUpdate,
  close_employment: closeEmploymentUpdate,
};

async function audit(
  ctx: Context,
  action: string,
  projectId: string,
  details: Record<string, unknown>,
  reason: string | null,
) {
  await auditLog.append(ctx.db, {
    actor: actorOf(ctx.user),
    action,
    subjectType: 'project',
    subjectId: projectId,
    reason,
    details,
    requestId: ctx.requestId,
  });
}

/** Closes a stage (enrolment, training, evaluation, employment) through the workflow. */
export async function closeStage(
  ctx: Context,
  projectId: string,
  step: Step,
  reason: string | undefined,
  updateId?: string,
) {
  const record = await loadManaged(ctx.db, ctx.user, projectId);
  const by = actorOf(ctx.user);
  const result = await executeUpdate(
    ctx.client,
    workflowIdOf(record),
    STEPS[step],
    { by, ...(reason ? { reason } : {}) },
    { updateId, timeoutMs: ctx.settings.workflowTimeoutMs },
  );
  await audit(ctx, `project.${step}`, projectId, result, reason ?? null);
  return { applied: true, result };
}

/**
 * A partner region's decision on its cost share (十二). Only an approver of that very region may
 * decide: another region's approver gets 403 whatever the project.
 */
export async function decideShare(
  ctx: Context,
  projectId: string,
  regionCode: string,
  decision: 'approve' | 'reject',
  body: { round: number; reason?: string | undefined },
  updateId?: string,
) {
  const { user } = ctx;
  if (user.role !== 'approver') throw forbidden('only partner-region approvers decide shares');
  if (user.regionCode !== regionCode) {
    throw forbidden(
      `an approver of ${user.regionCode} cannot decide the share of ${regionCode}`,
      'not_your_region',
    );
  }
  const record = await loadVisible(ctx.db, user, projectId);
  const input = {
    regionCode,
    round: body.round,
    by: actorOf(user),
    ...(body.reason ? { reason: body.reason } : {}),
  };
  const result = await executeUpdate(
    ctx.client,
    workflowIdOf(record),
    decision === 'approve' ? approveShareUpdate : rejectShareUpdate,
    input,
    { updateId, timeoutMs: ctx.settings.workflowTimeoutMs },
  );
  await audit(
    ctx,
    `cost_share.${decision === 'approve' ? 'approved' : 'rejected'}`,
    projectId,
    { regionCode, round: body.round, status: result.status },
    body.reason ?? null,
  );
  return { applied: true, ...result };
}

/**
 * New parties after a rejection or expiry: a new round of approvals (十二). The plan's rule
 * (validateParties) is checked here for a precise 422, and again by the workflow's validator.
 */
export async function reviseShares(
  ctx: Context,
  projectId: string,
  body: ReviseSharesRequest,
  updateId?: string,
) {
  const record = await loadManaged(ctx.db, ctx.user, projectId);
  const parties: PlanParty[] = body.parties.map((p) => ({
    regionCode: p.regionCode,
    role: p.role,
    shareBp: p.shareBp,
    funding: p.funding.map((l) => ({ source: l.source, shareBp: l.shareBp })),
  }));
  const problems = validateParties(record.ownerRegionCode, parties, 'launch');
  if (problems.length > 0) throw planRefused(problems);
  const result = await executeUpdate(
    ctx.client,
    workflowIdOf(record),
    reviseSharesUpdate,
    { parties, by: actorOf(ctx.user), reason: body.reason },
    { updateId, timeoutMs: ctx.settings.workflowTimeoutMs },
  );
  await audit(ctx, 'cost_share.revised', projectId, { parties, round: result.round }, body.reason);
  return { applied: true, round: result.round };
}

/**
 * Every trainee a step names must be enrolled in this project (issue 10: scope on every id): one
 * 422 listing the paths of those that are not, the same whether the person exists elsewhere or
 * not at all — never silently skipped.
 */
async function requireEnrolled(
  ctx: Context,
  projectId: string,
  named: { traineeId: string; path: string }[],
) {
  const missing = new Set(
    await enrolments.notEnrolled(
      ctx.db,
      projectId,
      named.map((n) => n.traineeId),
    ),
  );
  const errors = named
    .filter((n) => missing.has(n.traineeId))
    .map((n) => ({ path: n.path, message: 'not enrolled in this project', code: 'not_enrolled' }));
  if (errors.length > 0) {
    throw unprocessable('trainee_not_enrolled', `${errors.length} trainee(s) not enrolled`, errors);
  }
}

/**
 * Attendance is a fact, sent as a signal (no answer); the workflow ignores it outside training,
 * so the stage is checked here first to tell the caller.
 */
export async function recordAttendance(ctx: Context, projectId: string, body: AttendanceRequest) {
  const record = await loadManaged(ctx.db, ctx.user, projectId);
  const workflowId = workflowIdOf(record);
  if (record.stage !== 'training') {
    throw conflict(
      'WrongStage',
      `project is in stage ${record.stage}; attendance needs stage training`,
    );
  }
  await requireEnrolled(
    ctx,
    projectId,
    body.presentTraineeIds.map((traineeId, i) => ({
      traineeId,
      path: `body.presentTraineeIds.${i}`,
    })),
  );
  await sendSignal(
    ctx.client,
    workflowId,
    attendanceSignal,
    { ...body, by: actorOf(ctx.user) },
    ctx.settings.workflowTimeoutMs,
  );
  await audit(
    ctx,
    'project.attendance_recorded',
    projectId,
    { moduleId: body.moduleId, startsAt: body.startsAt, present: body.presentTraineeIds.length },
    null,
  );
  return { accepted: true };
}

/**
 * Results are refused unless the project's evaluation body is filed (十四) for the occupation
 * assessed at each result's level (issue 11: registries; the domain's `evaluationScopeProblem`).
 */
async function checkAssessmentScope(
  ctx: Context,
  record: { evaluationBodyId: string; occupationCodes: string[]; targetLevel: SkillLevelCode },
  body: AssessmentsRequest,
) {
  const evaluationBody = await evaluationBodies.find(ctx.db, record.evaluationBodyId);
  const occupationCode = record.occupationCodes[0];
  if (!evaluationBody || !occupationCode) return;
  if (evaluationBody.qualificationStatus !== 'active') {
    throw conflict(
      'evaluation_body_not_qualified',
      `the evaluation body is ${evaluationBody.qualificationStatus}; it cannot submit results`,
    );
  }
  const errors = body.results.flatMap((r, i): FieldError[] => {
    const level = (r.level as SkillLevelCode | null) ?? record.targetLevel;
    const problem = evaluationScopeProblem(evaluationBody, occupationCode, level);
    if (!problem) return [];
    return [
      problem.code === 'evaluation_level_above_max'
        ? {
            path: `body.results.${i}.level`,
            message: `the evaluation body may evaluate up to ${problem.maxLevel}, not ${level}`,
            code: problem.code,
            params: { level, maxLevel: problem.maxLevel },
          }
        : {
            path: `body.results.${i}`,
            message: `the evaluation body is not filed for occupation ${occupationCode}`,
            code: problem.code,
            params: { occupationCode },
          },
    ];
  });
  const first = errors[0];
  if (first) throw unprocessable(first.code ?? 'evaluation_out_of_scope', first.message, errors);
}

export async function submitAssessments(
  ctx: Context,
  projectId: string,
  body: AssessmentsRequest,
  updateId?: string,
) {
  const record = await loadManaged(ctx.db, ctx.user, projectId);
  await checkAssessmentScope(ctx, record, body);
  await requireEnrolled(
    ctx,
    projectId,
    body.results.map((r, i) => ({ traineeId: r.traineeId, path: `body.results.${i}.traineeId` })),
  );
  const result = await executeUpdate(
    ctx.client,
    workflowIdOf(record),
    submitAssessmentsUpdate,
    { results: body.results, by: actorOf(ctx.user) },
    { updateId, timeoutMs: ctx.settings.workflowTimeoutMs },
  );
  await audit(ctx, 'project.assessments_submitted', projectId, { ...result }, body.reason ?? null);
  return { applied: true, result: { ...result } };
}

export async function recordPlacements(
  ctx: Context,
  projectId: string,
  body: PlacementsRequest,
  updateId?: string,
) {
  const record = await loadManaged(ctx.db, ctx.user, projectId);
  await requireEnrolled(
    ctx,
    projectId,
    body.placements.map((p, i) => ({
      traineeId: p.traineeId,
      path: `body.placements.${i}.traineeId`,
    })),
  );
  // A placement's order is one this project serves; its employer an enterprise on record.
  const orders = new Set(record.demandOrders.map((d) => d.demandOrderId));
  const known = new Set(
    await enterprises.existing(
      ctx.db,
      body.placements.map((p) => p.enterpriseId),
    ),
  );
  const errors = body.placements.flatMap((p, i) => [
    ...(p.demandOrderId !== null && !orders.has(p.demandOrderId)
      ? [
          {
            path: `body.placements.${i}.demandOrderId`,
            message: 'not an order of this project',
            code: 'reference_not_found',
          },
        ]
      : []),
    ...(!known.has(p.enterpriseId)
      ? [
          {
            path: `body.placements.${i}.enterpriseId`,
            message: 'unknown enterprise',
            code: 'reference_not_found',
          },
        ]
      : []),
  ]);
  if (errors.length > 0) throw unprocessable('reference_not_found', 'unknown references', errors);
  const result = await executeUpdate(
    ctx.client,
    workflowIdOf(record),
    recordPlacementsUpdate,
    { placements: body.placements, by: actorOf(ctx.user) },
    { updateId, timeoutMs: ctx.settings.workflowTimeoutMs },
  );
  await audit(ctx, 'project.placements_recorded', projectId, { ...result }, body.reason ?? null);
  return { applied: true, result: { ...result } };
}

/**
 * A 3- or 6-month retention check's answer (十三), to the project's retention workflow; a trainee
 * that workflow does not follow was placed before it existed, and has a follow-up workflow of
 * their own.
 */
export async function answerFollowUp(
  ctx: Context,
  projectId: string,
  traineeId: string,
  body: { checkpointMonths: 3 | 6; retained: boolean },
  updateId?: string,
): Promise<{ checkpointMonths: 3 | 6; outcome: RetentionOutcome }> {
  await loadManaged(ctx.db, ctx.user, projectId);
  const answer = {
    checkpointMonths: body.checkpointMonths,
    retained: body.retained,
    by: actorOf(ctx.user),
  };
  const options = { updateId, timeoutMs: ctx.settings.workflowTimeoutMs };
  const result = await executeUpdate(
    ctx.client,
    retentionWorkflowId(projectId),
    answerRetentionCheckUpdate,
    { ...answer, traineeId },
    options,
  ).catch((error: unknown) => {
    if (!followedElsewhere(error)) throw error;
    return executeUpdate(
      ctx.client,
      followUpWorkflowId(projectId, traineeId),
      answerFollowUpUpdate,
      answer,
      options,
    );
  });
  await audit(ctx, 'project.follow_up_answered', projectId, { traineeId, ...result }, null);
  return result;
}

/** No retention workflow for the project, or one that does not follow this trainee. */
function followedElsewhere(error: unknown): boolean {
  if (error instanceof WorkflowNotFoundError) return true;
  return (
    error instanceof WorkflowUpdateFailedError &&
    error.cause instanceof ApplicationFailure &&
    error.cause.type === 'UnknownTrainee'
  );
}

export async function cancel(ctx: Context, projectId: string, reason: string, updateId?: string) {
  const record = await loadManaged(ctx.db, ctx.user, projectId);
  const result = await executeUpdate(
    ctx.client,
    workflowIdOf(record),
    cancelProjectUpdate,
    { by: actorOf(ctx.user), reason },
    { updateId, timeoutMs: ctx.settings.workflowTimeoutMs },
  );
  await audit(ctx, 'project.cancelled', projectId, {}, reason);
  return result;
}

/**
 * An auditor's fraud finding (十八): the workflow claws back the claims paid (reversing ledger
 * entries, never deleting them) and, where decided, revokes qualifications.
 */
export async function reportFraud(
  ctx: Context,
  projectId: string,
  body: FraudFindingRequest,
  updateId?: string,
) {
  const record = await loadVisible(ctx.db, ctx.user, projectId);
  if (!canSee(ctx.user, record)) throw forbidden();
  const result = await executeUpdate(
    ctx.client,
    workflowIdOf(record),
    reportFraudUpdate,
    { ...body, by: actorOf(ctx.user) },
    { updateId, timeoutMs: ctx.settings.workflowTimeoutMs },
  );
  await audit(
    ctx,
    'project.fraud_reported',
    projectId,
    { kind: body.kind, trainees: body.traineeIds.length, ...result },
    body.reason,
  );
  return result;
}
