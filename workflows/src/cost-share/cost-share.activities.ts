import { auditLog, costSharing, inTransaction, notifications, plans } from '@qiancheng/db';
import { decideRound, provinceCodeOf } from '@qiancheng/domain';
import { ApplicationFailure } from '@temporalio/common';
import type { Activities } from '../activities.types.js';
import { callerWorkflowId, requireProject } from '../activity-context.js';
import type { ActivityDeps } from '../activity-deps.js';

type CostShareActivities = Pick<
  Activities,
  | 'openCostShareRound'
  | 'recordRevision'
  | 'recordShareDecision'
  | 'recordDeadlineExtension'
  | 'notifyParty'
>;

const NOTIFICATION_KINDS = {
  requested: 'approval_requested',
  reminder: 'approval_reminder',
  escalation: 'approval_escalation',
} as const;

/** Cost-sharing agreements, rounds and approvals (十二 委托培训 + 成本分担). */
export function createCostShareActivities({ db }: ActivityDeps): CostShareActivities {
  const roundOf = async (projectId: string, round: number) => {
    const agreement = await costSharing.findAgreementForProject(db, projectId);
    if (!agreement)
      throw ApplicationFailure.nonRetryable(
        `project ${projectId} has no cost-sharing agreement`,
        'NoAgreement',
      );
    const rounds = await costSharing.listRounds(db, agreement.id);
    const found = rounds.find((r) => r.round === round);
    if (!found)
      throw ApplicationFailure.nonRetryable(
        `project ${projectId} has no round ${round}`,
        'NoRound',
      );
    return { agreement, round: found };
  };

  return {
    async openCostShareRound({ projectId, round, deadline }) {
      const project = await requireProject(db, projectId);
      // The round's parties were written when the project was drafted (round 1) or revised:
      // opening puts them to the partners, the owner approving by launching (十二).
      const opened = await plans.openRound(db, {
        projectId,
        round,
        deadline: new Date(deadline),
        ownerRegionCode: project.ownerRegionCode,
        ownerApprovedBy: project.createdBy,
      });
      return {
        parties: opened.parties
          .filter((p) => p.regionCode !== project.ownerRegionCode)
          .map((p) => ({
            regionCode: p.regionCode,
            shareBp: p.shareBp,
            // Escalations after a deadline go to the partner's provincial coordinator (十二).
            coordinatorRegionCode: provinceCodeOf(p.regionCode),
          })),
      };
    },

    async recordRevision({ projectId, round, parties, by, reason }) {
      await requireProject(db, projectId);
      await inTransaction(db, async (trx) => {
        const { created } = await plans.addRevision(trx, {
          projectId,
          round,
          parties,
          createdBy: by,
          reason,
        });
        if (!created) return;
        await auditLog.appendOnce(trx, {
          idempotencyKey: `${callerWorkflowId()}:revision:${round}`,
          actor: by,
          action: 'cost_share.revised',
          subjectType: 'project',
          subjectId: projectId,
          reason,
          details: { round, parties },
        });
      });
    },

    async recordDeadlineExtension({
      projectId,
      round: roundNumber,
      regionCode,
      deadline,
      by,
      reason,
    }) {
      const { round } = await roundOf(projectId, roundNumber);
      const approval = round.approvals.find((a) => a.regionCode === regionCode);
      if (!approval) return;
      await inTransaction(db, async (trx) => {
        // Keyed by the deadline too: a second extension is a second entry, a retry is not.
        const { created } = await auditLog.appendOnce(trx, {
          idempotencyKey: `${callerWorkflowId()}:extend:${roundNumber}:${regionCode}:${deadline}`,
          actor: by,
          action: 'cost_share.deadline_extended',
          subjectType: 'project',
          subjectId: projectId,
          reason,
          details: { round: roundNumber, regionCode, deadline },
        });
        if (created) await costSharing.extendDeadline(trx, approval.id, new Date(deadline));
      });
    },

    async recordShareDecision({ projectId, round: roundNumber, regionCode, status, by, reason }) {
      const { agreement, round } = await roundOf(projectId, roundNumber);
      await inTransaction(db, async (trx) => {
        const approval = round.approvals.find((a) => a.regionCode === regionCode);
        if (!approval) return;
        if (status === 'expired') await costSharing.expire(trx, approval.id);
        else
          await costSharing.decide(trx, {
            roundId: round.id,
            regionCode,
            decision: status,
            decidedBy: by ?? 'system',
            reason,
          });
        await auditLog.appendOnce(trx, {
          idempotencyKey: `${callerWorkflowId()}:share:${roundNumber}:${regionCode}`,
          actor: by ?? 'system',
          action: `cost_share.${status}`,
          subjectType: 'project',
          subjectId: projectId,
          reason,
          details: { round: roundNumber, regionCode },
        });
        // The owning region's managers learn of a rejection or an expiry in their inbox.
        if (status !== 'approved') {
          const project = await requireProject(trx, projectId);
          await notifications.sendOnce(trx, {
            idempotencyKey: `${callerWorkflowId()}:share_${status}:${roundNumber}:${regionCode}`,
            projectId,
            recipientRegionCode: project.ownerRegionCode,
            kind: status === 'rejected' ? 'share_rejected' : 'share_expired',
            payload: { round: roundNumber, partnerRegionCode: regionCode, reason },
          });
        }
        const refreshed = await costSharing.findRound(trx, round.id);
        if (refreshed?.status !== 'open') return;
        const outcome = decideRound(refreshed.approvals.map((a) => a.status));
        if (outcome === 'pending') return;
        await costSharing.closeRound(trx, round.id, outcome);
        await costSharing.setAgreementStatus(
          trx,
          agreement.id,
          outcome === 'approved' ? 'approved' : 'revising',
        );
      });
    },

    async notifyParty({
      idempotencyKey,
      projectId,
      regionCode,
      partnerRegionCode,
      round: roundNumber,
      kind,
      deadline,
    }) {
      const { round } = await roundOf(projectId, roundNumber);
      await inTransaction(db, async (trx) => {
        const { created } = await notifications.sendOnce(trx, {
          idempotencyKey,
          projectId,
          recipientRegionCode: regionCode,
          kind: NOTIFICATION_KINDS[kind],
          payload: { round: roundNumber, partnerRegionCode, deadline },
        });
        const approval = round.approvals.find((a) => a.regionCode === partnerRegionCode);
        if (!created || !approval) return;
        if (kind === 'reminder') await costSharing.recordReminder(trx, approval.id);
        if (kind === 'escalation') await costSharing.recordEscalation(trx, approval.id);
      });
    },
  };
}
