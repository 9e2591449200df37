import {
  assessments,
  attendance,
  auditLog,
  catalogues,
  certificates,
  enrolments,
  followUps,
  inTransaction,
  ledger,
  placements,
  plans,
  qualityReviews,
  subsidyClaims,
} from '@qiancheng/db';
import {
  claimEligibility,
  policyYearOf,
  qualityMetrics,
  regionLineageOf,
  shanghaiDateOfMs,
  splitClaim,
  subsidyStandard,
  type TraineeOutcome,
} from '@qiancheng/domain';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { sql } from 'kysely';
import type { Activities } from '../activities.types.js';
import { callerWorkflowId, requireProject } from '../activity-context.js';
import type { ActivityDeps } from '../activity-deps.js';

type SettlementActivities = Pick<Activities, 'settleClaims' | 'reviewQuality' | 'clawBack'>;

/** Subsidy settlement (十七), quality review (十三) and clawback of defrauded subsidies (十八). */
export function createSettlementActivities({ db }: ActivityDeps): SettlementActivities {
  return {
    async settleClaims({ projectId, afterTraineeId, limit }) {
      const project = await requireProject(db, projectId);
      // The shares and funds of the last approved round bind the money (十二 成本分担, 十七).
      const approved = await plans.approvedRound(db, projectId);
      if (!approved)
        throw ApplicationFailure.nonRetryable(
          `project ${projectId} has no approved plan`,
          'NoApprovedPlan',
        );
      const versions = await catalogues.listVersions(db, {
        regionCodes: regionLineageOf(project.ownerRegionCode),
      });
      let query = db
        .selectFrom('enrolments')
        .select(['id', 'traineeId'])
        .where('projectId', '=', projectId)
        .where('status', 'in', ['enrolled', 'completed'])
        .orderBy('traineeId')
        .limit(limit);
      if (afterTraineeId) query = query.where('traineeId', '>', afterTraineeId);
      const page = await query.execute();

      // One page, one transaction: a claim and its ledger lines are written together or not at all.
      const totals = await inTransaction(db, async (trx) => {
        let claims = 0;
        let claimedFen = 0;
        let ledgerEntries = 0;
        for (const enrolment of page) {
          Context.current().heartbeat(enrolment.traineeId);
          let claim = await subsidyClaims.findFor(trx, projectId, enrolment.traineeId);
          if (!claim) {
            const assessment =
              (await assessments.listForEnrolment(trx, enrolment.id)).at(-1) ?? null;
            const certificate = assessment
              ? ((await certificates.listForTrainee(trx, enrolment.traineeId)).find(
                  (c) => c.assessmentId === assessment.id,
                ) ?? null)
              : null;
            const eligibility = claimEligibility({
              project: {
                attendanceThresholdBp: project.config.attendanceThresholdBp,
                employmentLinked: project.config.employmentLinked,
                occupationCodes: project.occupationCodes,
              },
              attendance: await attendance.summaryForEnrolment(trx, enrolment.id),
              assessment,
              certificate,
              placement: await placements.findForEnrolment(trx, enrolment.id),
              priorSubsidies: await subsidyClaims.priorSubsidies(trx, enrolment.traineeId),
            });
            if (!eligibility.eligible || !certificate) continue;
            // The catalogue version in force when the project was approved sets the standard (十二, 十七).
            const standard = subsidyStandard(versions, {
              regionCode: project.ownerRegionCode,
              occupationCode: certificate.occupationCode,
              level: certificate.level,
              on: project.approvedOn ?? certificate.issuedOn,
            });
            if (!standard.found) continue;
            ({ claim } = await subsidyClaims.insertOrFind(trx, {
              projectId,
              enrolmentId: enrolment.id,
              traineeId: enrolment.traineeId,
              certificateId: certificate.id,
              occupationCode: certificate.occupationCode,
              level: certificate.level,
              policyYear: policyYearOf(certificate.issuedOn),
              catalogueVersionId: standard.versionId,
              shortageTier: standard.tier,
              amountFen: standard.amount,
            }));
          }
          claims += 1;
          claimedFen += claim.amountFen;
          // Split across the approved parties, then each party's part across its own funds, exactly
          // to the fen; one ledger line per (claim, party, fund), keyed so a retried page writes
          // nothing twice.
          for (const party of splitClaim(claim.amountFen, approved.parties)) {
            for (const line of party.lines) {
              if (line.amount === 0) continue;
              await ledger.append(trx, {
                idempotencyKey: `claim:${claim.id}:${party.regionCode}:${line.source}`,
                claimId: claim.id,
                kind: 'claim',
                fundingSource: line.source,
                payerRegionCode: party.regionCode,
                amountFen: line.amount,
                recordedBy: 'system:settlement',
                reason: null,
              });
              ledgerEntries += 1;
            }
          }
        }
        return { claims, claimedFen, ledgerEntries };
      });
      const last = page.at(-1);
      return {
        ...totals,
        nextAfterTraineeId: page.length === limit && last ? last.traineeId : null,
      };
    },

    async reviewQuality({ projectId }) {
      await requireProject(db, projectId);
      const recordedBy = callerWorkflowId();
      const outcomes: TraineeOutcome[] = [];
      for (const enrolment of await enrolments.listForProject(db, projectId, {
        statuses: ['enrolled', 'completed'],
      })) {
        const assessment = (await assessments.listForEnrolment(db, enrolment.id)).at(-1) ?? null;
        const certificate = assessment
          ? (await certificates.listForTrainee(db, enrolment.traineeId)).find(
              (c) => c.assessmentId === assessment.id && c.status === 'valid',
            )
          : undefined;
        const placement = await placements.findForEnrolment(db, enrolment.id);
        const checks = placement ? await followUps.listForPlacement(db, placement.id) : [];
        outcomes.push({
          levelBefore: enrolment.levelBefore,
          assessment: assessment?.result ?? null,
          certifiedLevel: certificate?.level ?? null,
          placed: placement !== null,
          retention3Month: checks.find((c) => c.milestoneMonths === 3)?.outcome ?? null,
          retention6Month: checks.find((c) => c.milestoneMonths === 6)?.outcome ?? null,
        });
      }
      const metrics = qualityMetrics(outcomes);
      const existing = await qualityReviews.listForProject(db, projectId);
      if (!existing.some((review) => review.recordedBy === recordedBy)) {
        await qualityReviews.insert(db, {
          projectId,
          method: 'self',
          reviewer: '前程平台自评',
          reviewedOn: shanghaiDateOfMs(Date.now()),
          metrics,
          providerGrade: null,
          findings: null,
          recordedBy,
        });
      }
      return {
        passRateBp: metrics.passRate.bp ?? 0,
        employmentRateBp: metrics.employmentRate.bp ?? 0,
      };
    },

    async clawBack({ projectId, findingKey, kind, traineeIds, by, reason }) {
      await inTransaction(db, async (trx) => {
        const claims = (await subsidyClaims.listForProject(trx, projectId)).filter(
          (c) =>
            c.status !== 'rejected' &&
            (traineeIds.length === 0 || traineeIds.includes(c.traineeId)),
        );
        for (const claim of claims) {
          const entries = await ledger.listForClaim(trx, claim.id);
          const reversed = new Set(
            entries.map((e) => e.reversesEntryId).filter((id) => id !== null),
          );
          for (const entry of entries) {
            if ((entry.kind !== 'claim' && entry.kind !== 'payment') || reversed.has(entry.id))
              continue;
            await ledger.reverse(trx, {
              entryId: entry.id,
              idempotencyKey: `${findingKey}:${entry.id}`,
              recordedBy: by,
              reason: `${kind}: ${reason}`,
            });
          }
          await subsidyClaims.setStatus(trx, claim.id, 'clawed_back', {
            from: ['pending', 'approved', 'paid'],
          });
        }
        await auditLog.appendOnce(trx, {
          idempotencyKey: findingKey,
          actor: by,
          action: `fraud.${kind}`,
          subjectType: 'project',
          subjectId: projectId,
          reason,
          details: { traineeIds },
        });
      });
      // Totals from the ledger itself, so a retry answers the same as the first attempt.
      const row = await db
        .selectFrom('ledgerEntries')
        .where('idempotencyKey', 'like', `${findingKey}:%`)
        .select([
          sql<number>`count(distinct claim_id)::int`.as('claims'),
          sql<number>`coalesce(sum(amount_fen), 0)::bigint`.as('fen'),
        ])
        .executeTakeFirstOrThrow();
      return { reversedClaims: row.claims, reversedFen: Number(row.fen) };
    },
  };
}
