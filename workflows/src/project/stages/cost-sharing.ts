import { decideRound, reminderOffsetsMs } from '@qiancheng/domain';
import {
  ApplicationFailure,
  condition,
  ParentClosePolicy,
  patched,
  startChild,
  TemporalFailure,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  costShareWithdrawSignal,
  costShareWorkflowId,
} from '../../cost-share/cost-share.definitions.js';
import { costShareApprovalWorkflow } from '../../cost-share/cost-share-approval.workflow.js';
import { SEARCH_ATTRIBUTES } from '../../search-attributes.js';
import {
  chainStep,
  enterStage,
  now,
  type ProjectContext,
  recordFailure,
  type StageOutcome,
  setPending,
  settledOrCancelled,
  tracked,
} from '../context.js';
import type { PendingStep } from '../project.types.js';

/**
 * Cost sharing (十二 委托培训 + 成本分担), cross-region projects only: each round asks every partner
 * region to approve its share (one approval workflow per region), and ends when all approved, or
 * when one rejected or let its deadline pass; then the manager revises the shares for a new round,
 * or cancels.
 */
export async function runCostSharing(ctx: ProjectContext): Promise<StageOutcome> {
  const { input, state, projectId } = ctx;
  const { timings } = input;
  await enterStage(ctx, 'cost_sharing', input.launchedBy);
  for (;;) {
    state.round += 1;
    const openedAt = now();
    const deadline = new Date(Date.parse(openedAt) + timings.approvalDeadlineMs).toISOString();
    // The round shows (and takes decisions) once its records and approval workflows exist.
    state.parties = [];
    setPending(ctx);
    const round = state.round;
    const opened = await chainStep(ctx, `open_round:${round}`, () =>
      ctx.io.openCostShareRound({ projectId, round, deadline, parties: ctx.partners }),
    );
    // The round's partners as the database has them (the draft or the revision); histories
    // recorded before the activity answered them keep the workflow's own list.
    const partners = opened?.parties ?? ctx.partners;
    ctx.partners = partners;
    followPartnerRegions(partners.map((p) => p.regionCode));
    ctx.children.clear();
    for (const party of partners) {
      const child = await startChild(costShareApprovalWorkflow, {
        workflowId: costShareWorkflowId(projectId, party.regionCode, state.round),
        args: [
          {
            projectId,
            regionCode: party.regionCode,
            coordinatorRegionCode: party.coordinatorRegionCode,
            round: state.round,
            shareBp: party.shareBp,
            openedAt,
            deadline,
            reminderOffsetsMs: reminderOffsetsMs(timings),
            escalationGraceMs: timings.escalationGraceMs,
          },
        ],
        parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
      });
      ctx.children.set(party.regionCode, child);
      void child
        .result()
        .then(async (result) => {
          const p = state.parties.find((x) => x.regionCode === result.regionCode);
          if (
            result.round !== state.round ||
            !p ||
            p.status !== 'pending' ||
            result.status !== 'expired'
          )
            return;
          p.status = 'expired';
          p.reason = result.reason;
          await tracked(ctx, () =>
            ctx.io.recordShareDecision({
              projectId,
              round: result.round,
              regionCode: result.regionCode,
              status: 'expired',
              by: null,
              reason: result.reason,
            }),
          );
        })
        .catch((error: unknown) => {
          // The share stays expired for the workflow (the next round closes the open record).
          const failure =
            error instanceof TemporalFailure
              ? error
              : ApplicationFailure.create({ message: String(error), type: 'Failure' });
          recordFailure(ctx, `expire_share:${party.regionCode}`, null, failure);
        });
    }
    state.parties = partners.map((p) => ({
      regionCode: p.regionCode,
      shareBp: p.shareBp,
      status: 'pending',
      deadline,
      remindersSent: 0,
      escalated: false,
      decidedBy: null,
      reason: null,
    }));
    setPending(
      ctx,
      ...partners.map(
        (p): PendingStep => ({ kind: 'approve_share', regionCode: p.regionCode, deadline }),
      ),
    );
    const outcome = () => decideRound(state.parties.map((p) => p.status));
    await condition(settledOrCancelled(ctx, () => outcome() !== 'pending'));
    if (ctx.cancelRequest) return 'cancelled';
    if (outcome() === 'approved') return 'done';
    // A rejection or an expiry: the other parties' requests are withdrawn; the manager revises or cancels.
    for (const [region, child] of ctx.children) {
      if (state.parties.find((p) => p.regionCode === region)?.status === 'pending') {
        await child.signal(costShareWithdrawSignal, { by: 'system', reason: 'round failed' });
      }
    }
    ctx.awaitingRevision = true;
    setPending(ctx, { kind: 'revise_shares', regionCode: input.regionCode, deadline: null });
    await condition(() => !ctx.awaitingRevision || ctx.cancelRequest !== null);
    if (ctx.cancelRequest) return 'cancelled';
  }
}

/**
 * A revision may add or drop partner regions: operators find a project in the Web UI by the
 * regions that share it now (recorded histories before this marker keep the launch's list).
 */
function followPartnerRegions(regions: string[]) {
  const { partnerRegions } = SEARCH_ATTRIBUTES;
  const current = workflowInfo().typedSearchAttributes.get(partnerRegions) ?? [];
  const same = current.length === regions.length && regions.every((r) => current.includes(r));
  if (!same && patched('partner-regions-follow-revisions'))
    upsertSearchAttributes([{ key: partnerRegions, value: regions }]);
}
