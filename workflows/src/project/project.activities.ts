import {
  assessments,
  attendance as attendanceRecords,
  auditLog,
  catalogues,
  certificates,
  costSharing,
  coursePlans,
  enrolments,
  evaluationBodies,
  inTransaction,
  placements,
  plans,
  projects,
  trainees,
  trainingProviders,
} from '@qiancheng/db';
import {
  catalogueVersionInForce,
  regionLineageOf,
  type SkillLevelCode,
  shanghaiDateOfMs,
} from '@qiancheng/domain';
import type { Activities } from '../activities.types.js';
import { callerWorkflowId, requireProject } from '../activity-context.js';
import type { ActivityDeps } from '../activity-deps.js';

/** Trainees are 16 or older when they enrol (劳动法 minimum working age). */
const MIN_ENROLMENT_AGE = 16;

type ProjectActivities = Pick<
  Activities,
  | 'recordStage'
  | 'reserveDemand'
  | 'releaseDemand'
  | 'enrolTrainees'
  | 'recordAttendance'
  | 'recordAssessments'
  | 'recordPlacements'
  | 'revokeQualifications'
  | 'voidPendingRecords'
>;

/**
 * The chain's records, written once each (keys from the workflow id and the step). A batch (up to
 * MAX_BATCH trainees) costs a constant number of statements, whatever its size: multi-row
 * inserts with `on conflict`, reads by `= any($ids)` — never a query per trainee.
 */
export function createProjectActivities({ db }: ActivityDeps): ProjectActivities {
  return {
    async recordStage({ projectId, stage, by, reason }) {
      return projects.enterStage(db, projectId, stage, {
        idempotencyKey: `${callerWorkflowId()}:stage:${stage}`,
        actor: by,
        action: 'project.stage_changed',
        subjectType: 'project',
        subjectId: projectId,
        reason,
        details: { stage },
      });
    },

    async reserveDemand({ projectId }) {
      const project = await requireProject(db, projectId);
      // The catalogue version in force when the project is approved decides its subsidies (十二).
      let approval: { approvedOn: string; catalogueVersionId: string | null } | null = null;
      if (!project.approvedOn) {
        const approvedOn = shanghaiDateOfMs(Date.now());
        const lineage = regionLineageOf(project.ownerRegionCode);
        const versions = await catalogues.listVersions(db, {
          regionCodes: lineage,
          activeOn: approvedOn,
        });
        const version =
          lineage
            .map((code) => catalogueVersionInForce(versions, code, approvedOn))
            .find((v) => v !== null) ?? null;
        approval = { approvedOn, catalogueVersionId: version?.id ?? null };
      }
      // One statement, committed alone: the approval, the audit entry that doubles as the
      // reservation's idempotency key (a retry reserves nothing twice), and the places, held per
      // order, so that cancelling gives back exactly these and a placement fills exactly one.
      const { reserved } = await plans.approveAndReserve(db, projectId, approval, {
        idempotencyKey: `${callerWorkflowId()}:reserve-demand`,
        actor: 'system',
        action: 'project.demand_reserved',
        subjectType: 'project',
        subjectId: projectId,
        details: { demandOrders: project.demandOrders },
      });
      return { reserved };
    },

    async releaseDemand({ projectId }) {
      await requireProject(db, projectId);
      return inTransaction(db, async (trx) => {
        const { created } = await auditLog.appendOnce(trx, {
          idempotencyKey: `${callerWorkflowId()}:release-demand`,
          actor: 'system',
          action: 'project.demand_released',
          subjectType: 'project',
          subjectId: projectId,
          details: {},
        });
        if (!created) return { released: 0 };
        const released = await plans.release(trx, projectId);
        return { released };
      });
    },

    // 4 statements per batch: birth dates, the enrolments, the audit entry (and the project).
    async enrolTrainees({ projectId, traineeIds, by }) {
      await requireProject(db, projectId);
      const today = shanghaiDateOfMs(Date.now());
      return inTransaction(db, async (trx) => {
        const born = await trainees.birthDates(trx, traineeIds);
        const ineligible: { traineeId: string; reason: string }[] = [];
        const eligible: string[] = [];
        for (const traineeId of traineeIds) {
          const birthDate = born.get(traineeId);
          if (birthDate === undefined) ineligible.push({ traineeId, reason: 'unknown_trainee' });
          else if (ageOn(birthDate, today) < MIN_ENROLMENT_AGE)
            ineligible.push({ traineeId, reason: 'under_age' });
          else eligible.push(traineeId);
        }
        const enrolled = (await enrolments.enrolMany(trx, projectId, eligible)).length;
        const alreadyEnrolled = eligible.length - enrolled;
        await auditLog.appendOnce(trx, {
          idempotencyKey: `${callerWorkflowId()}:enrol:${hashIds(traineeIds)}`,
          actor: by,
          action: 'project.trainees_enrolled',
          subjectType: 'project',
          subjectId: projectId,
          details: { enrolled, alreadyEnrolled, ineligible: ineligible.length },
        });
        return { enrolled, alreadyEnrolled, ineligible };
      });
    },

    // 3–4 statements per batch: find (or add) the session, then everyone's attendance at once.
    async recordAttendance({
      projectId,
      moduleId,
      startsAt,
      minutes,
      mode,
      method,
      presentTraineeIds,
    }) {
      return inTransaction(db, async (trx) => {
        // A session is identified by its module and start: recording it again, or another batch
        // of it at the same time, finds the same one.
        const session = await coursePlans.findOrAddSession(trx, {
          projectId,
          moduleId,
          startsAt,
          minutes,
          mode,
        });
        const recorded = await attendanceRecords.recordMany(trx, {
          projectId,
          sessionId: session.id,
          traineeIds: presentTraineeIds,
          minutesAttended: minutes,
          method,
        });
        return { recorded };
      });
    },

    // 6 statements per batch: enrolments, assessments (write, read back), certificates,
    // enrolment statuses, the audit entry (and the project).
    async recordAssessments({ projectId, results, by }) {
      const project = await requireProject(db, projectId);
      const occupationCode = project.occupationCodes[0];
      if (!occupationCode) return { recorded: 0, certified: 0 };
      const today = shanghaiDateOfMs(Date.now());
      const workflowId = callerWorkflowId();
      return inTransaction(db, async (trx) => {
        const enrolled = await enrolments.findForTrainees(
          trx,
          projectId,
          results.map((r) => r.traineeId),
        );
        const rows = [];
        for (const r of results) {
          const enrolment = enrolled.get(r.traineeId);
          if (!enrolment || enrolment.status === 'void') continue;
          // One assessment per enrolment and step: its id is derived, so a retry finds it.
          const id = await deterministicUuid(`${workflowId}:assessment:${enrolment.id}`);
          rows.push({
            input: r,
            enrolmentId: enrolment.id,
            assessment: {
              id,
              enrolmentId: enrolment.id,
              traineeId: r.traineeId,
              evaluationBodyId: project.evaluationBodyId,
              occupationCode,
              level: (r.level as SkillLevelCode | null) ?? project.targetLevel,
              assessedOn: today,
              result: r.result,
              theoryScore: r.result === 'absent' ? null : r.theoryScore,
              practiceScore: r.result === 'absent' ? null : r.practiceScore,
            },
          });
        }
        const stored = await assessments.insertManyOrFind(
          trx,
          rows.map((r) => r.assessment),
        );
        // What was stored the first time decides (a retry may not change a result).
        const certified = rows.flatMap(({ input, assessment }) => {
          const saved = stored.get(assessment.id);
          return saved?.result === 'passed' && input.certificateNo
            ? [{ number: input.certificateNo, saved }]
            : [];
        });
        await certificates.issueMany(
          trx,
          certified.map(({ number, saved }) => ({
            number,
            traineeId: saved.traineeId,
            assessmentId: saved.id,
            evaluationBodyId: project.evaluationBodyId,
            occupationCode,
            level: saved.level,
            issuedOn: today,
          })),
        );
        await enrolments.setStatusMany(
          trx,
          rows.map((r) => r.enrolmentId),
          'completed',
          { from: ['enrolled'] },
        );
        const outcome = { recorded: rows.length, certified: certified.length };
        await auditLog.appendOnce(trx, {
          idempotencyKey: `${workflowId}:assessments:${hashIds(results.map((r) => r.traineeId))}`,
          actor: by,
          action: 'project.assessments_recorded',
          subjectType: 'project',
          subjectId: projectId,
          details: outcome,
        });
        return outcome;
      });
    },

    // 4–6 statements per batch: enrolments, placements, the held places they fill (and the
    // orders' statuses), the audit entry (and the project).
    async recordPlacements({ projectId, placements: input, by }) {
      await requireProject(db, projectId);
      return inTransaction(db, async (trx) => {
        const enrolled = await enrolments.findForTrainees(
          trx,
          projectId,
          input.map((p) => p.traineeId),
        );
        const accepted = input.flatMap((p) => {
          const enrolment = enrolled.get(p.traineeId);
          return enrolment && enrolment.status !== 'void' ? [{ p, enrolment }] : [];
        });
        const created = await placements.insertMany(
          trx,
          accepted.map(({ p, enrolment }) => ({
            enrolmentId: enrolment.id,
            traineeId: p.traineeId,
            enterpriseId: p.enterpriseId,
            demandOrderId: p.demandOrderId,
            startedOn: p.startedOn,
            contractType: p.contractType,
            contractMonths: p.contractMonths,
            monthlyWageFen: p.monthlyWageFen,
            workRegionCode: p.workRegionCode,
          })),
        );
        // Each new placement moves one of this project's held places on its order to filled
        // (岗位需求 → 就业服务); a place held by another project is never taken.
        const perOrder = new Map<string, number>();
        for (const placement of created) {
          if (placement.demandOrderId)
            perOrder.set(placement.demandOrderId, (perOrder.get(placement.demandOrderId) ?? 0) + 1);
        }
        await plans.fillPlaces(trx, projectId, perOrder);
        const recorded = accepted.length;
        await auditLog.appendOnce(trx, {
          idempotencyKey: `${callerWorkflowId()}:placements:${hashIds(input.map((p) => p.traineeId))}`,
          actor: by,
          action: 'project.placements_recorded',
          subjectType: 'project',
          subjectId: projectId,
          details: { recorded },
        });
        return { recorded, traineeIds: accepted.map(({ p }) => p.traineeId) };
      });
    },

    async revokeQualifications({ projectId, provider, evaluationBody, by, reason }) {
      const project = await requireProject(db, projectId);
      return inTransaction(db, async (trx) => {
        const revoked: ('provider' | 'evaluation_body')[] = [];
        // Revoking twice keeps the first revocation (repositories return null when already revoked).
        if (provider) {
          await trainingProviders.revokeQualification(trx, project.providerId, { by, reason });
          const row = await trainingProviders.find(trx, project.providerId);
          if (row?.qualificationStatus === 'revoked') revoked.push('provider');
        }
        if (evaluationBody) {
          await evaluationBodies.revokeQualification(trx, project.evaluationBodyId, { by, reason });
          const row = await evaluationBodies.find(trx, project.evaluationBodyId);
          if (row?.qualificationStatus === 'revoked') revoked.push('evaluation_body');
        }
        await auditLog.appendOnce(trx, {
          idempotencyKey: `${callerWorkflowId()}:revoke:${revoked.join(',')}:${hashIds([reason])}`,
          actor: by,
          action: 'qualification.revoked',
          subjectType: 'project',
          subjectId: projectId,
          reason,
          details: {
            revoked,
            providerId: project.providerId,
            evaluationBodyId: project.evaluationBodyId,
          },
        });
        return { revoked };
      });
    },

    async voidPendingRecords({ projectId, by, reason }) {
      return inTransaction(db, async (trx) => {
        let voided = 0;
        // A cancelled project's cost-sharing requests leave the approvers' inboxes (a handful
        // of partner regions: per approval is fine here).
        const agreement = await costSharing.findAgreementForProject(trx, projectId);
        if (agreement) {
          for (const round of await costSharing.listRounds(trx, agreement.id)) {
            if (round.status !== 'open') continue;
            for (const approval of round.approvals.filter((a) => a.status === 'pending')) {
              if (await costSharing.expire(trx, approval.id)) voided += 1;
            }
            await costSharing.closeRound(trx, round.id, 'cancelled');
          }
          await costSharing.setAgreementStatus(trx, agreement.id, 'cancelled');
        }
        // Every enrolment still open, in one statement.
        voided += await enrolments.setStatusForProject(trx, projectId, 'void', {
          endedReason: reason,
          from: ['enrolled'],
        });
        await auditLog.appendOnce(trx, {
          idempotencyKey: `${callerWorkflowId()}:void-pending`,
          actor: by,
          action: 'project.pending_records_voided',
          subjectType: 'project',
          subjectId: projectId,
          reason,
          details: { voided },
        });
        return { voided };
      });
    },
  };
}

function ageOn(birthDate: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return on.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** A short, order-independent fingerprint of a batch, for idempotency keys. */
function hashIds(ids: readonly string[]): string {
  let h = 0x811c9dc5;
  for (const id of [...ids].sort()) {
    for (let i = 0; i < id.length; i += 1) {
      h ^= id.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  return `${ids.length}-${h.toString(16)}`;
}

/** A UUID derived from a key (SHA-256, version-8 layout), so retried inserts reuse the same id. */
export async function deterministicUuid(key: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key)),
  );
  const bytes = digest.slice(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
