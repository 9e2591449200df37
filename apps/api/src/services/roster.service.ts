import type { RosterPage, RosterQuery, RosterTrainee } from '@qiancheng/contracts';
import { auditLog, roster } from '@qiancheng/db';
import { retryStepUpdate } from '@qiancheng/workflows';
import { iso, isoOrNull, paging } from '../lib/json.js';
import { actorOf } from '../plugins/app/auth.js';
import { type Context, loadManaged, loadVisible, workflowIdOf } from './projects.service.js';
import { executeUpdate } from './workflow.service.js';

const dateText = (value: Date | string): string =>
  value instanceof Date ? value.toISOString().slice(0, 10) : value;

/** A project's trainees with their outcomes, a page at a time (constant queries per page). */
export async function page(
  ctx: Context,
  projectId: string,
  query: RosterQuery,
): Promise<RosterPage> {
  const record = await loadVisible(ctx.db, ctx.user, projectId);
  const { page, pageSize, offset, limit } = paging(query);
  const { rows, total, plannedMinutes } = await roster.page(ctx.db, {
    projectId: record.id,
    ...(query.status ? { status: query.status } : {}),
    ...(query.keyGroup ? { keyGroup: query.keyGroup } : {}),
    ...(query.q ? { q: query.q } : {}),
    offset,
    limit,
  });
  const items = rows.map(
    (r): RosterTrainee => ({
      traineeId: r.traineeId,
      enrolmentId: r.enrolmentId,
      name: r.name,
      maskedResidentId: r.maskedResidentId,
      homeRegionCode: r.homeRegionCode,
      keyGroups: r.keyGroups,
      status: r.status,
      enrolledAt: iso(r.enrolledAt),
      attendance: {
        attendedMinutes: r.attendedMinutes,
        plannedMinutes,
        rateBp:
          plannedMinutes > 0 ? Math.round((r.attendedMinutes / plannedMinutes) * 10000) : null,
      },
      assessment: r.assessment
        ? {
            result: r.assessment.result,
            level: r.assessment.level,
            assessedOn: dateText(r.assessment.assessedOn),
            theoryScore:
              r.assessment.theoryScore === null ? null : Number(r.assessment.theoryScore),
            practiceScore:
              r.assessment.practiceScore === null ? null : Number(r.assessment.practiceScore),
          }
        : null,
      certificate:
        r.assessment?.certificateNumber && r.assessment.certificateLevel
          ? {
              number: r.assessment.certificateNumber,
              level: r.assessment.certificateLevel,
              status: r.assessment.certificateStatus ?? 'valid',
              issuedOn: dateText(r.assessment.certificateIssuedOn ?? r.assessment.assessedOn),
            }
          : null,
      placement: r.placement
        ? {
            enterpriseId: r.placement.enterpriseId,
            enterpriseName: r.placement.enterpriseName,
            demandOrderId: r.placement.demandOrderId,
            startedOn: dateText(r.placement.startedOn),
            contractType: r.placement.contractType,
            monthlyWageFen: Number(r.placement.monthlyWageFen),
            workRegionCode: r.placement.workRegionCode,
          }
        : null,
      followUps: r.followUps.map((f) => ({
        milestoneMonths: Number(f.milestoneMonths),
        dueOn: dateText(f.dueOn),
        outcome: f.outcome,
        recordedAt: isoOrNull(f.recordedAt),
      })),
      claim: r.claim
        ? { id: r.claim.id, status: r.claim.status, amountFen: Number(r.claim.amountFen) }
        : null,
    }),
  );
  return { items, total, page, pageSize };
}

/** Retries the chain step that failed, once its cause is corrected (audited). */
export async function retryStep(
  ctx: Context,
  projectId: string,
  reason: string | undefined,
  updateId?: string,
) {
  const record = await loadManaged(ctx.db, ctx.user, projectId);
  const by = actorOf(ctx.user);
  const result = await executeUpdate(
    ctx.client,
    workflowIdOf(record),
    retryStepUpdate,
    { by, ...(reason ? { reason } : {}) },
    { updateId, timeoutMs: ctx.settings.workflowTimeoutMs },
  );
  await auditLog.append(ctx.db, {
    actor: by,
    action: 'project.retry_step',
    subjectType: 'project',
    subjectId: projectId,
    reason: reason ?? null,
    details: { step: result.step },
    requestId: ctx.requestId,
  });
  return { applied: true, step: result.step };
}
