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

/**
 * Subsidy settlement (十七), quality review (十三) and clawback of defrauded subsidies (十八). A page
 * of settlement, a review and a finding each cost a constant number of statements, whatever the
 * number of trainees: every fact is read for the whole page at once and written in one statement.
 */
export function createSettlementActivities({ db }: ActivityDeps): SettlementActivities {
  return {
    async settleClaims({ projectId, afterTraineeId, limit }) {
      const heartbeat = (step: string) => Context.current().heartbeat({ afterTraineeId, step });
      let query = db
        .selectFrom('enrolments')
        .select(['id', 'traineeId'])
        .where('projectId', '=', projectId)
        .where('status', 'in', ['enrolled', 'completed'])
        .orderBy('traineeId')
        .limit(limit);
      if (afterTraineeId) query = query.where('traineeId', '>', afterTraineeId);
      // Independent reads go side by side, each on a connection of its own (under load, a round
      // trip waits its turn: fifteen in a row made this the slowest activity, issue 13). Reads
      // need no transaction: under read committed each statement sees what was committed anyway.
      // The shares and funds of the last approved round bind the money (十二 成本分担, 十七).
      const [project, approved, page] = await Promise.all([
        requireProject(db, projectId),
        plans.approvedRound(db, projectId),
        query.execute(),
      ]);
      if (!approved)
        throw ApplicationFailure.nonRetryable(
          `project ${projectId} has no approved plan`,
          'NoApprovedPlan',
        );
      heartbeat('page');
      const traineeIds = page.map((e) => e.traineeId);
      const enrolmentIds = page.map((e) => e.id);
      // Everything the claim decision looks at, for the whole page at once.
      const [versions, claimed, latest, attended, placed, prior] = await Promise.all([
        catalogues.listVersions(db, { regionCodes: regionLineageOf(project.ownerRegionCode) }),
        subsidyClaims.findForTrainees(db, projectId, traineeIds),
        assessments.latestForEnrolments(db, enrolmentIds),
        attendance.summariesForEnrolments(db, enrolmentIds),
        placements.forEnrolments(db, enrolmentIds),
        subsidyClaims.priorSubsidiesFor(db, traineeIds),
      ]);
      const earned = await certificates.forAssessments(
        db,
        [...latest.values()].map((a) => a.id),
      );
      const open = page.filter((e) => !claimed.has(e.traineeId));

      heartbeat('facts');
      const fresh = open.flatMap((enrolment) => {
        const assessment = latest.get(enrolment.id) ?? null;
        const certificate = assessment ? (earned.get(assessment.id) ?? null) : null;
        const eligibility = claimEligibility({
          project: {
            attendanceThresholdBp: project.config.attendanceThresholdBp,
            employmentLinked: project.config.employmentLinked,
            occupationCodes: project.occupationCodes,
          },
          attendance: attended.get(enrolment.id) ?? { attendedMinutes: 0, plannedMinutes: 0 },
          assessment,
          certificate,
          placement: placed.get(enrolment.id) ?? null,
          priorSubsidies: prior.get(enrolment.traineeId) ?? [],
        });
        if (!eligibility.eligible || !certificate) return [];
        // The catalogue version in force when the project was approved sets the standard (十二, 十七).
        const standard = subsidyStandard(versions, {
          regionCode: project.ownerRegionCode,
          occupationCode: certificate.occupationCode,
          level: certificate.level,
          on: project.approvedOn ?? certificate.issuedOn,
        });
        if (!standard.found) return [];
        return [
          {
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
          },
        ];
      });
      // One page, one transaction: a claim and its ledger lines are written together or not at all.
      const totals = await inTransaction(db, async (trx) => {
        for (const [traineeId, claim] of await subsidyClaims.insertManyOrFind(
          trx,
          projectId,
          fresh,
        ))
          claimed.set(traineeId, claim);
        // In page order, as before: the claims of this page, old and new.
        const claims = page.flatMap((e) => {
          const claim = claimed.get(e.traineeId);
          return claim ? [claim] : [];
        });
        // Split across the approved parties, then each party's part across its own funds, exactly
        // to the fen; one ledger line per (claim, party, fund), keyed so a retried page writes
        // nothing twice.
        const lines = claims.flatMap((claim) =>
          splitClaim(claim.amountFen, approved.parties).flatMap((party) =>
            party.lines
              .filter((line) => line.amount !== 0)
              .map((line) => ({
                idempotencyKey: `claim:${claim.id}:${party.regionCode}:${line.source}`,
                claimId: claim.id,
                kind: 'claim' as const,
                fundingSource: line.source,
                payerRegionCode: party.regionCode,
                amountFen: line.amount,
                recordedBy: 'system:settlement',
                reason: null,
              })),
          ),
        );
        await ledger.appendMany(trx, lines);
        heartbeat('written');
        return {
          claims: claims.length,
          claimedFen: claims.reduce((sum, c) => sum + c.amountFen, 0),
          ledgerEntries: lines.length,
        };
      });
      const last = page.at(-1);
      return {
        ...totals,
        nextAfterTraineeId: page.length === limit && last ? last.traineeId : null,
      };
    },

    // 6 queries for the whole project, whatever its size.
    async reviewQuality({ projectId }) {
      await requireProject(db, projectId);
      const recordedBy = callerWorkflowId();
      const enrolled = await enrolments.listForProject(db, projectId, {
        statuses: ['enrolled', 'completed'],
      });
      const ids = enrolled.map((e) => e.id);
      const [latest, placed] = await Promise.all([
        assessments.latestForEnrolments(db, ids),
        placements.forEnrolments(db, ids),
      ]);
      const [earned, checks] = await Promise.all([
        certificates.forAssessments(
          db,
          [...latest.values()].map((a) => a.id),
        ),
        followUps.listForPlacements(
          db,
          [...placed.values()].map((p) => p.id),
        ),
      ]);
      Context.current().heartbeat();
      const outcomes: TraineeOutcome[] = enrolled.map((enrolment) => {
        const assessment = latest.get(enrolment.id) ?? null;
        const certificate = assessment ? earned.get(assessment.id) : undefined;
        const placement = placed.get(enrolment.id) ?? null;
        const ofPlacement = placement ? (checks.get(placement.id) ?? []) : [];
        return {
          levelBefore: enrolment.levelBefore,
          assessment: assessment?.result ?? null,
          certifiedLevel: certificate?.status === 'valid' ? certificate.level : null,
          placed: placement !== null,
          retention3Month: ofPlacement.find((c) => c.milestoneMonths === 3)?.outcome ?? null,
          retention6Month: ofPlacement.find((c) => c.milestoneMonths === 6)?.outcome ?? null,
        };
      });
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

    // 5 statements per finding, whatever the number of claims: the claims, their entries, the
    // reversals, the claims' statuses, the audit entry.
    async clawBack({ projectId, findingKey, kind, traineeIds, by, reason }) {
      await inTransaction(db, async (trx) => {
        const named = new Set(traineeIds);
        const claims = (await subsidyClaims.listForProject(trx, projectId)).filter(
          (c) => c.status !== 'rejected' && (named.size === 0 || named.has(c.traineeId)),
        );
        const entriesOf = await ledger.listForClaims(
          trx,
          claims.map((c) => c.id),
        );
        const reversals = claims.flatMap((claim) => {
          const entries = entriesOf.get(claim.id) ?? [];
          const reversed = new Set(
            entries.map((e) => e.reversesEntryId).filter((id) => id !== null),
          );
          return entries
            .filter((e) => (e.kind === 'claim' || e.kind === 'payment') && !reversed.has(e.id))
            .map((entry) => ({
              entry,
              idempotencyKey: `${findingKey}:${entry.id}`,
              recordedBy: by,
              reason: `${kind}: ${reason}`,
            }));
        });
        await ledger.reverseMany(trx, reversals);
        await subsidyClaims.setStatusMany(
          trx,
          claims.map((c) => c.id),
          'clawed_back',
          { from: ['pending', 'approved', 'paid'] },
        );
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
