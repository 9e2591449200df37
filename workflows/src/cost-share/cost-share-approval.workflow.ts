import {
  condition,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities.types.js';
import { BOUNDED_ACTIVITY } from '../activity-options.js';
import { shareProgressSignal } from '../project/project.internal.js';
import {
  costShareDecisionSignal,
  costShareExtendSignal,
  costShareProgressQuery,
  costShareWithdrawSignal,
} from './cost-share.definitions.js';
import type {
  CostShareApprovalInput,
  CostShareApprovalResult,
  CostShareDecision,
} from './cost-share.types.js';

// Bounded: a notification that still fails after ten attempts is given up (see notify below).
const { notifyParty } = proxyActivities<Activities>(BOUNDED_ACTIVITY);

/**
 * One partner region's approval of its cost share in one round (十二 成本分担): the request goes
 * out, reminders before the deadline, an escalation to the provincial coordinator after it, and
 * the share expires when the coordinator's grace period passes too. The decision itself arrives
 * from the parent, which validated it.
 */
export async function costShareApprovalWorkflow(
  input: CostShareApprovalInput,
): Promise<CostShareApprovalResult> {
  let decision: CostShareDecision | null = null;
  let withdrawn = false;
  // A coordinator's new deadline after an escalation (epoch ms), until the wait takes it up.
  let extendedTo: number | null = null;
  const progress = { remindersSent: 0, escalated: false };
  setHandler(costShareDecisionSignal, (d) => {
    decision ??= d;
  });
  setHandler(costShareWithdrawSignal, () => {
    withdrawn = true;
  });
  setHandler(costShareExtendSignal, ({ deadline }) => {
    if (!(decision !== null || withdrawn)) extendedTo = Date.parse(deadline);
  });
  setHandler(costShareProgressQuery, () => progress);
  const parent = workflowInfo().parent;
  const settled = () => decision !== null || withdrawn;
  // A notification is a courtesy: the request waits in the region's inbox either way, and one
  // that failed all its attempts must not end the approval (deadline, escalation, expiry hold).
  const notify = (kind: 'requested' | 'reminder' | 'escalation', sequence: number) =>
    notifyParty({
      idempotencyKey: `${workflowInfo().workflowId}:${kind}:${sequence}`,
      projectId: input.projectId,
      regionCode: kind === 'escalation' ? input.coordinatorRegionCode : input.regionCode,
      partnerRegionCode: input.regionCode,
      round: input.round,
      kind,
      deadline: input.deadline,
    }).catch(() => undefined);
  const tellParent = async () => {
    if (parent) {
      await getExternalWorkflowHandle(parent.workflowId, parent.runId).signal(shareProgressSignal, {
        regionCode: input.regionCode,
        round: input.round,
        ...progress,
      });
    }
  };

  await notify('requested', 0);
  const deadline = Date.parse(input.deadline);
  const opened = Date.parse(input.openedAt);
  const reminderTimes = input.reminderOffsetsMs
    .map((offset) => opened + offset)
    .filter((at) => at > Date.now())
    .sort((a, b) => a - b);
  for (const at of reminderTimes) {
    // A slow reminder can leave the next one already due: wait at least a millisecond.
    if (await condition(settled, Math.max(1, at - Date.now()))) break;
    progress.remindersSent += 1;
    await notify('reminder', progress.remindersSent);
    await tellParent();
  }
  if (!settled() && deadline > Date.now()) await condition(settled, deadline - Date.now());
  if (!settled()) {
    progress.escalated = true;
    await notify('escalation', 1);
    await tellParent();
    // The coordinator may decide (a decision arrives as above) or extend the deadline. Without
    // an extension the commands are those of before (one grace timer), so recorded histories
    // replay unchanged; an extension waits for the new deadline and escalates afresh.
    const settledOrExtended = () => settled() || extendedTo !== null;
    await condition(settledOrExtended, input.escalationGraceMs);
    let escalations = 1;
    while (!settled() && extendedTo !== null) {
      const until: number = extendedTo;
      extendedTo = null;
      progress.escalated = false;
      await tellParent();
      if (until > Date.now()) await condition(settledOrExtended, until - Date.now());
      if (settled()) break;
      if (extendedTo !== null) continue;
      escalations += 1;
      progress.escalated = true;
      await notify('escalation', escalations);
      await tellParent();
      await condition(settledOrExtended, input.escalationGraceMs);
    }
  }

  const base = {
    regionCode: input.regionCode,
    round: input.round,
    remindersSent: progress.remindersSent,
    escalated: progress.escalated,
  };
  const final = decision as CostShareDecision | null;
  if (final) {
    return {
      ...base,
      status: final.approved ? 'approved' : 'rejected',
      decidedBy: final.by,
      reason: final.reason,
    };
  }
  return {
    ...base,
    status: 'expired',
    decidedBy: null,
    reason: withdrawn ? 'withdrawn' : 'deadline passed',
  };
}
