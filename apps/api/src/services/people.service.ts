import type {
  CoordinatorDecisionRequest,
  QualityReviewCreate,
  TargetUpsert,
  UserCreate,
} from '@qiancheng/contracts';
import {
  auditLog,
  enterpriseApiKeys,
  notifications,
  people,
  qualityReviews,
  regionalTargets,
  trainingProviders,
  users,
} from '@qiancheng/db';
import {
  gradeFromReviews,
  isUnfitGrade,
  isWithinRegion,
  measuredMetrics,
  notificationKindsFor,
  provinceCodeOf,
  ratesOverWhole,
  regionLevelOfCode,
} from '@qiancheng/domain';
import { coordinatorDecisionUpdate, projectWorkflowId } from '@qiancheng/workflows';
import { conflict, forbidden, notFound, unprocessable } from '../errors.js';
import { iso, isoOrNull } from '../lib/json.js';
import { actorOf, scopeCovers, type UserPrincipal } from '../plugins/app/auth.js';
import type { Context } from './projects.service.js';
import { loadVisible } from './projects.service.js';
import { executeUpdate } from './workflow.service.js';

async function audit(
  ctx: Context,
  entry: { action: string; subjectType: string; subjectId: string; reason?: string | null },
  details: Record<string, unknown>,
) {
  await auditLog.append(ctx.db, {
    actor: actorOf(ctx.user),
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    reason: entry.reason ?? null,
    details,
    requestId: ctx.requestId,
  });
}

// ---- provincial coordinators (十二) ---------------------------------------------------------

/** The province whose escalations a user decides: a coordinator's own; admins name one. */
function provinceOf(user: UserPrincipal, asked: string | undefined): string {
  if (user.role === 'provincial_coordinator') {
    const own = user.regionCode as string;
    if (asked && asked !== own)
      throw forbidden('coordinators see the escalations of their own province', 'not_your_region');
    return own;
  }
  if (!asked) {
    throw unprocessable('region_required', 'name the province whose escalations to show', [
      { path: 'querystring.provinceCode', message: 'required for national users' },
    ]);
  }
  return provinceCodeOf(asked);
}

export async function escalationInbox(ctx: Context, provinceCode: string | undefined) {
  const province = provinceOf(ctx.user, provinceCode);
  const rows = await people.escalatedApprovals(ctx.db, province);
  return {
    items: rows.map((r) => ({
      ...r,
      deadline: iso(r.deadline),
      escalatedAt: iso(r.escalatedAt as Date),
    })),
  };
}

/**
 * A coordinator approves or rejects an escalated share in the partner region's place, or gives it
 * a new deadline (十二 省级统筹). The workflow validates (escalated, pending, reason, deadline)
 * and applies it; an approval outside the coordinator's province is not found.
 */
export async function decideEscalation(
  ctx: Context,
  approvalId: string,
  body: CoordinatorDecisionRequest,
  updateId?: string,
) {
  const { user } = ctx;
  const approval = await people.findApproval(ctx.db, approvalId);
  if (!approval || !scopeCovers(user, approval.regionCode)) throw notFound('approval');
  if (approval.status !== 'pending')
    throw conflict('AlreadyDecided', `the approval is already ${approval.status}`);
  if (approval.escalatedAt === null)
    throw conflict('NotEscalated', 'the approval has not been escalated; its approver decides it');
  const result = await executeUpdate(
    ctx.client,
    projectWorkflowId(approval.projectId),
    coordinatorDecisionUpdate,
    {
      regionCode: approval.regionCode,
      round: approval.round,
      action: body.decision,
      by: actorOf(user),
      ...(body.reason ? { reason: body.reason } : {}),
      ...(body.deadline ? { deadline: body.deadline } : {}),
    },
    { updateId, timeoutMs: ctx.settings.workflowTimeoutMs },
  );
  await audit(
    ctx,
    {
      action: `cost_share.coordinator_${body.decision}`,
      subjectType: 'project',
      subjectId: approval.projectId,
      reason: body.reason ?? null,
    },
    { approvalId, ...result },
  );
  return { applied: true, projectId: approval.projectId, ...result };
}

// ---- notifications --------------------------------------------------------------------------

const audienceOf = (user: UserPrincipal) => ({
  userId: user.id,
  kinds: notificationKindsFor(user.role),
  regionCode: user.regionCode,
});

export async function listNotifications(
  ctx: Context,
  query: { unread?: boolean | undefined; limit?: number | undefined },
) {
  const { items, unread } = await people.notificationsFor(ctx.db, {
    ...audienceOf(ctx.user),
    unreadOnly: query.unread ?? false,
    limit: query.limit ?? 50,
  });
  return {
    items: items.map((n) => ({ ...n, createdAt: iso(n.createdAt) })),
    unread,
  };
}

export async function markNotificationRead(ctx: Context, id: string) {
  if (!(await people.isAddressedTo(ctx.db, id, audienceOf(ctx.user))))
    throw notFound('notification');
  await people.markRead(ctx.db, id, ctx.user.id);
  return { id, read: true };
}

// ---- users and API keys ---------------------------------------------------------------------

const userOut = (u: users.UserRecord) => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  regionCode: u.regionCode,
  active: u.active,
  createdAt: iso(u.createdAt),
});

export async function listUsers(ctx: Context) {
  return { items: (await users.list(ctx.db)).map(userOut) };
}

export async function createUser(ctx: Context, body: UserCreate) {
  const regional = ['project_manager', 'approver', 'provincial_coordinator'].includes(body.role);
  if (regional && body.regionCode === null) {
    throw unprocessable('region_required', `a ${body.role} acts for a region`, [
      { path: 'body.regionCode', message: 'required for this role', code: 'region_required' },
    ]);
  }
  if (
    body.role === 'provincial_coordinator' &&
    regionLevelOfCode(body.regionCode as string) !== 'province'
  ) {
    throw unprocessable('province_required', 'a provincial coordinator acts for a province', [
      { path: 'body.regionCode', message: 'must be a province', code: 'province_required' },
    ]);
  }
  if (await users.findByUsername(ctx.db, body.username)) {
    throw conflict('username_taken', 'a user with this username exists');
  }
  const created = await users.create(ctx.db, body);
  await audit(
    ctx,
    { action: 'user.created', subjectType: 'user', subjectId: created.id },
    { username: created.username, role: created.role, regionCode: created.regionCode },
  );
  return userOut(created);
}

/** Disabling ends the user's sessions at once (token version raised; see plugins/app/auth.ts). */
export async function setUserDisabled(
  ctx: Context,
  id: string,
  body: { disabled: boolean; reason?: string | undefined },
) {
  if (id === ctx.user.id && body.disabled)
    throw conflict('cannot_disable_self', 'an administrator cannot disable their own account');
  const updated = await users.setActive(ctx.db, id, !body.disabled);
  if (!updated) throw notFound('user');
  await audit(
    ctx,
    {
      action: body.disabled ? 'user.disabled' : 'user.enabled',
      subjectType: 'user',
      subjectId: id,
      reason: body.reason ?? null,
    },
    { username: updated.username },
  );
  return userOut(updated);
}

const keyOut = (k: {
  id: string;
  label: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}) => ({
  id: k.id,
  label: k.label,
  prefix: k.prefix,
  createdAt: iso(k.createdAt),
  lastUsedAt: isoOrNull(k.lastUsedAt),
  revokedAt: isoOrNull(k.revokedAt),
});

async function requireEnterprise(ctx: Context, id: string) {
  const found = await ctx.db
    .selectFrom('enterprises')
    .select('id')
    .where('id', '=', id)
    .executeTakeFirst();
  if (!found) throw notFound('enterprise');
}

export async function listApiKeys(ctx: Context, enterpriseId: string) {
  await requireEnterprise(ctx, enterpriseId);
  return { items: (await enterpriseApiKeys.listForEnterprise(ctx.db, enterpriseId)).map(keyOut) };
}

export async function rotateApiKeys(
  ctx: Context,
  enterpriseId: string,
  body: { label: string; reason?: string | undefined },
) {
  await requireEnterprise(ctx, enterpriseId);
  const rotated = await people.rotateApiKeys(ctx.db, enterpriseId, body.label);
  await audit(
    ctx,
    {
      action: 'enterprise.api_keys_rotated',
      subjectType: 'enterprise',
      subjectId: enterpriseId,
      reason: body.reason ?? null,
    },
    { newKeyId: rotated.apiKey.id, prefix: rotated.apiKey.prefix, revoked: rotated.revoked },
  );
  return { apiKey: keyOut(rotated.apiKey), key: rotated.key, revoked: rotated.revoked };
}

// ---- regional targets (十九, 二十) ----------------------------------------------------------

/** Coordinators act within their province; national admins anywhere. */
function requireTargetScope(user: UserPrincipal, regionCode: string) {
  if (!scopeCovers(user, regionCode)) {
    throw forbidden(`${regionCode} is outside your province`, 'not_your_region');
  }
}

export async function listTargets(ctx: Context, regionCode: string | undefined) {
  const scope = ctx.user.regionCode ?? regionCode ?? null;
  const rows = await regionalTargets.list(ctx.db);
  return {
    items: rows
      .filter((t) => scope === null || isWithinRegion(t.regionCode, scope))
      .filter((t) => !regionCode || isWithinRegion(t.regionCode, regionCode)),
  };
}

export async function setTarget(ctx: Context, body: TargetUpsert) {
  requireTargetScope(ctx.user, body.regionCode);
  if (body.periodEnd < body.periodStart) {
    throw unprocessable('period_reversed', 'the period ends before it starts', [
      { path: 'body.periodEnd', message: 'before periodStart', code: 'period_reversed' },
    ]);
  }
  const { reason, ...target } = body;
  const saved = await regionalTargets.upsert(ctx.db, target);
  await audit(
    ctx,
    { action: 'target.set', subjectType: 'regional_target', subjectId: saved.id, reason },
    { ...target },
  );
  return saved;
}

export async function sendPaceReminder(
  ctx: Context,
  body: { regionCode: string; message: string },
) {
  requireTargetScope(ctx.user, body.regionCode);
  const idempotencyKey = `pace:${body.regionCode}:${ctx.requestId}`;
  await notifications.sendOnce(ctx.db, {
    idempotencyKey,
    projectId: null,
    recipientRegionCode: body.regionCode,
    kind: 'pace_reminder',
    payload: { message: body.message, from: actorOf(ctx.user), fromName: ctx.user.displayName },
  });
  const row = await ctx.db
    .selectFrom('notifications')
    .select('id')
    .where('idempotencyKey', '=', idempotencyKey)
    .executeTakeFirstOrThrow();
  await audit(
    ctx,
    { action: 'target.pace_reminder_sent', subjectType: 'region', subjectId: body.regionCode },
    { notificationId: row.id, message: body.message },
  );
  return { notificationId: row.id, regionCode: body.regionCode };
}

// ---- quality reviews (十三) -----------------------------------------------------------------

const reviewOut = (
  r: Awaited<ReturnType<typeof qualityReviews.listForProject>>[number],
  names: Map<string, string | null>,
) => ({
  ...r,
  recordedAt: iso(r.recordedAt),
  recordedByName: names.get(r.recordedBy) ?? null,
});

export async function listReviews(ctx: Context, projectId: string) {
  await loadVisible(ctx.db, ctx.user, projectId);
  const rows = await qualityReviews.listForProject(ctx.db, projectId);
  const names = await people.actorNames(
    ctx.db,
    rows.map((r) => r.recordedBy),
  );
  return { items: rows.map((r) => reviewOut(r, names)) };
}

/**
 * Records a third-party review or a government spot check; the provider's grade then follows its
 * reviews by the domain's rule (gradeFromReviews), and a grade the rule marks unfit bars it from
 * new projects (see projects.service checkReferences).
 */
export async function recordReview(ctx: Context, projectId: string, body: QualityReviewCreate) {
  const project = await loadVisible(ctx.db, ctx.user, projectId);
  const over = ratesOverWhole(body.metrics ?? {});
  if (over.length > 0) {
    throw unprocessable(
      'rate_over_whole',
      'a rate counts more than its whole',
      over.map((name) => ({
        path: `body.metrics.${name}`,
        message: 'numerator must not exceed denominator',
        keyword: 'rate_over_whole',
      })),
    );
  }
  const by = actorOf(ctx.user);
  const { review, grade } = await ctx.db.transaction().execute(async (trx) => {
    const review = await qualityReviews.insert(trx, {
      projectId,
      method: body.method,
      reviewer: body.reviewer,
      reviewedOn: body.reviewedOn,
      metrics: measuredMetrics(body.metrics ?? {}),
      providerGrade: body.providerGrade,
      findings: body.findings,
      recordedBy: by,
    });
    const reviews = await trx
      .selectFrom('qualityReviews as q')
      .innerJoin('projects as p', 'p.id', 'q.projectId')
      .select(['q.method', 'q.reviewedOn', 'q.providerGrade'])
      .where('p.providerId', '=', project.providerId)
      .orderBy('q.recordedAt')
      .execute();
    const grade = gradeFromReviews(reviews);
    if (grade !== null) await trainingProviders.setGrade(trx, project.providerId, grade);
    await auditLog.append(trx, {
      actor: by,
      action: 'quality_review.recorded',
      subjectType: 'project',
      subjectId: projectId,
      reason: null,
      details: {
        reviewId: review.id,
        method: body.method,
        providerGrade: body.providerGrade,
        grade,
      },
      requestId: ctx.requestId,
    });
    return { review, grade };
  });
  const names = await people.actorNames(ctx.db, [by]);
  return {
    review: reviewOut(review, names),
    providerId: project.providerId,
    providerGrade: grade,
    unfit: isUnfitGrade(grade),
  };
}
