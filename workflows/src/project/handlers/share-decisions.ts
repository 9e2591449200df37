import {
  coordinatorDecisionProblems,
  decideRound,
  provinceCodeOf,
  shareDecisionProblems,
  stageProblems,
  validateParties,
} from '@qiancheng/domain';
import { ApplicationFailure, patched, setHandler } from '@temporalio/workflow';
import {
  costShareDecisionSignal,
  costShareExtendSignal,
} from '../../cost-share/cost-share.definitions.js';
import { attempt, decide, type ProjectContext, refuse, setPending, tracked } from '../context.js';
import {
  approveShareUpdate,
  coordinatorDecisionUpdate,
  rejectShareUpdate,
  reviseSharesUpdate,
} from '../project.definitions.js';
import { shareProgressSignal } from '../project.internal.js';
import type { PartyState, ShareDecisionInput, ShareDecisionResult } from '../project.types.js';

/** Partner regions approve or reject their share; the manager revises after a failed round. */
export function registerShareDecisionHandlers(ctx: ProjectContext) {
  const { state, projectId } = ctx;
  const validate = (rejecting: boolean) => (decision: ShareDecisionInput) =>
    refuse(
      shareDecisionProblems({
        projectId,
        stage: state.stage,
        currentRound: state.round,
        parties: state.parties,
        decision,
        rejecting,
      }),
    );

  const apply = async (
    decision: ShareDecisionInput,
    approved: boolean,
  ): Promise<ShareDecisionResult> => {
    const party = state.parties.find((p) => p.regionCode === decision.regionCode) as PartyState;
    // Decided at once, so a second decision is refused while this one is recorded.
    party.status = approved ? 'approved' : 'rejected';
    party.decidedBy = decision.by;
    party.reason = decision.reason ?? null;
    const noted = decide(
      ctx,
      decision.by,
      approved ? `approve_share:${decision.regionCode}` : `reject_share:${decision.regionCode}`,
      party.reason,
    );
    await tracked(ctx, async () => {
      await attempt(
        ctx,
        `${approved ? 'approve' : 'reject'}_share:${decision.regionCode}`,
        decision.by,
        () =>
          ctx.io.recordShareDecision({
            projectId,
            round: decision.round,
            regionCode: decision.regionCode,
            status: party.status as 'approved' | 'rejected',
            by: decision.by,
            reason: party.reason,
          }),
        // Not recorded: the party is still to decide, and may (with a corrected reason).
        () => {
          party.status = 'pending';
          party.decidedBy = null;
          party.reason = null;
          state.decisions.splice(state.decisions.indexOf(noted), 1);
        },
      );
      // The decision is the project's (it was pending here, and is now recorded): a child that
      // has just ended (its grace period ran out while this decision was on its way) has nobody
      // left to tell, and its late expiry finds the share decided and changes nothing.
      await ctx.children
        .get(decision.regionCode)
        ?.signal(costShareDecisionSignal, { approved, by: decision.by, reason: party.reason })
        .catch(() => undefined);
    });
    return {
      regionCode: decision.regionCode,
      round: decision.round,
      status: party.status,
      roundComplete: decideRound(state.parties.map((p) => p.status)) !== 'pending',
    };
  };

  setHandler(approveShareUpdate, (d) => apply(d, true), { validator: validate(false) });
  // A provincial coordinator's decision on an escalated share (十二): approving or rejecting is
  // applied as the partner's own decision would be; an extension gives the party a new deadline,
  // and its approval workflow waits for it (and escalates again if it passes).
  setHandler(
    coordinatorDecisionUpdate,
    async (d) => {
      if (d.action !== 'extend') {
        const result = await apply(
          {
            regionCode: d.regionCode,
            round: d.round,
            by: d.by,
            ...(d.reason ? { reason: d.reason } : {}),
          },
          d.action === 'approve',
        );
        const party = state.parties.find((p) => p.regionCode === d.regionCode) as PartyState;
        return { ...result, deadline: party.deadline };
      }
      const party = state.parties.find((p) => p.regionCode === d.regionCode) as PartyState;
      const deadline = new Date(Date.parse(d.deadline as string)).toISOString();
      const reason = d.reason as string;
      await tracked(ctx, async () => {
        await attempt(ctx, `extend_share:${d.regionCode}`, d.by, () =>
          ctx.io.recordDeadlineExtension({
            projectId,
            round: d.round,
            regionCode: d.regionCode,
            deadline,
            by: d.by,
            reason,
          }),
        );
        party.deadline = deadline;
        party.escalated = false;
        decide(ctx, d.by, `extend_share:${d.regionCode}`, reason);
        setPending(
          ctx,
          ...state.pending.map((step) =>
            step.kind === 'approve_share' && step.regionCode === d.regionCode
              ? { ...step, deadline }
              : step,
          ),
        );
        await ctx.children.get(d.regionCode)?.signal(costShareExtendSignal, { deadline });
      });
      return {
        regionCode: d.regionCode,
        round: d.round,
        status: party.status,
        roundComplete: false,
        deadline,
      };
    },
    {
      validator: (d) =>
        refuse(
          coordinatorDecisionProblems({
            projectId,
            stage: state.stage,
            currentRound: state.round,
            parties: state.parties,
            decision: d,
            now: Date.now(),
          }) as Parameters<typeof refuse>[0],
        ),
    },
  );
  setHandler(rejectShareUpdate, (d) => apply(d, false), { validator: validate(true) });
  setHandler(shareProgressSignal, (progress) => {
    const party = state.parties.find((p) => p.regionCode === progress.regionCode);
    if (party && progress.round === state.round) {
      party.remindersSent = progress.remindersSent;
      party.escalated = progress.escalated;
    }
  });
  setHandler(
    reviseSharesUpdate,
    async (revision) => {
      const round = state.round + 1;
      // Since the plan lives in the database, a revision is written there as the next round
      // (its parties, their funds) before the round opens. Projects started before replay
      // without this step (patched).
      if (patched('plan-revision-in-database')) {
        await tracked(ctx, () =>
          attempt(ctx, 'revise_shares', revision.by, () =>
            ctx.io.recordRevision({
              projectId,
              round,
              parties: revision.parties,
              by: revision.by,
              reason: revision.reason,
            }),
          ),
        );
      }
      // The partners of the next round: every party but the owner, whose coordinator is its
      // province's (十二). The round's own record is read back when it opens.
      ctx.partners = revision.parties
        .filter((p) => p.regionCode !== ctx.input.regionCode)
        .map((p) => ({
          regionCode: p.regionCode,
          shareBp: p.shareBp,
          coordinatorRegionCode: provinceCodeOf(p.regionCode),
        }));
      ctx.awaitingRevision = false;
      decide(ctx, revision.by, 'revise_shares', revision.reason);
      return { round };
    },
    {
      validator: (revision) => {
        refuse(stageProblems(projectId, state.stage, ['cost_sharing']));
        if (!ctx.awaitingRevision) {
          throw ApplicationFailure.nonRetryable(
            'shares can be revised only after a rejection or expiry',
            'NotAwaitingRevision',
          );
        }
        // The plan's one rule (packages/domain), as the API and the console check it.
        const [problem] = validateParties(ctx.input.regionCode, revision.parties, 'launch');
        if (problem) {
          throw ApplicationFailure.create({
            message: `${problem.path}: ${problem.code}`,
            type: 'PlanInvalid',
            nonRetryable: true,
            details: [{ field: problem.path, code: problem.code }],
          });
        }
        if (!revision.reason?.trim())
          throw ApplicationFailure.nonRetryable('a revision needs a reason', 'ReasonRequired');
      },
    },
  );
}
