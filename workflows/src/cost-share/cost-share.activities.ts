import { auditLog, costSharing, inTransaction, notifications } from '@qiancheng/db';
import { ApplicationFailure } from '@temporalio/common';
import type { ActivityDeps } from '../activities.js';
import type { Activities } from '../activities.types.js';
import { callerWorkflowId, requireProject } from '../activity-context.js';

type CostShareActivities = Pick<
  Activities,
  'openCostShareRound' | 'recordShareDecision' | 'notifyParty'
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
    async openCostShareRound({ projectId, round, deadline, parties }) {
      const project = await requireProject(db, projectId);
      await inTransaction(db, async (trx) => {
        const agreement =
          (await costSharing.findAgreementForProject(trx, projectId)) ??
          (await costSharing.createAgreement(trx, { projectId, status: 'awaiting_approval' }));
        const rounds = await costSharing.listRounds(trx, agreement.id);
        if (rounds.some((r) => r.round === round)) return; // opened before this retry
        for (const open of rounds.filter((r) => r.status === 'open')) {
          await costSharing.closeRound(trx, open.id, 'rejected');
        }
        const partnerTotal = parties.reduce((sum, p) => sum + p.shareBp, 0);
        const roleOf = (regionCode: string) =>
          project.partnerRegions.find((p) => p.regionCode === regionCode)?.role ?? 'labour_export';
        // The owning region pays what the partners do not, and approves by launching the project.
        const opened = await costSharing.openRound(trx, {
          agreementId: agreement.id,
          round,
          deadline: new Date(deadline),
          parties: [
            {
              regionCode: project.ownerRegionCode,
              role: 'labour_import',
              shareBp: 10_000 - partnerTotal,
            },
            ...parties.map((p) => ({
              regionCode: p.regionCode,
              role: roleOf(p.regionCode),
              shareBp: p.shareBp,
            })),
          ],
        });
        await costSharing.decide(trx, {
          roundId: opened.id,
          regionCode: project.ownerRegionCode,
          decision: 'approved',
          decidedBy: project.createdBy,
          reason: 'owning region: approved when the project was launched',
        });
        await costSharing.setAgreementStatus(trx, agreement.id, 'awaiting_approval');
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
        const refreshed = await costSharing.findRound(trx, round.id);
        const statuses = refreshed?.approvals.map((a) => a.status) ?? [];
        if (refreshed?.status !== 'open') return;
        if (statuses.every((s) => s === 'approved')) {
          await costSharing.closeRound(trx, round.id, 'approved');
          await costSharing.setAgreementStatus(trx, agreement.id, 'approved');
        } else if (statuses.some((s) => s === 'rejected' || s === 'expired')) {
          await costSharing.closeRound(
            trx,
            round.id,
            statuses.includes('rejected') ? 'rejected' : 'expired',
          );
          await costSharing.setAgreementStatus(trx, agreement.id, 'revising');
        }
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
