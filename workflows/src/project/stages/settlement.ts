import type { Activities } from '../../activities.types.js';
import { chainStep, enterStage, type ProjectContext, setPending } from '../context.js';

const SETTLEMENT_PAGE = 500;

/** Settlement (十七): claims by the domain rules, split across the funding parties, written once. */
export async function runSettlement(ctx: ProjectContext): Promise<void> {
  const { state, projectId } = ctx;
  setPending(ctx);
  await enterStage(ctx, 'settlement', 'system');
  let after: string | null = null;
  do {
    const afterTraineeId: string | null = after;
    const page: Awaited<ReturnType<Activities['settleClaims']>> = await chainStep(
      ctx,
      'settle_claims',
      () => ctx.settlement.settleClaims({ projectId, afterTraineeId, limit: SETTLEMENT_PAGE }),
    );
    state.counts.claims += page.claims;
    state.counts.claimedFen += page.claimedFen;
    state.counts.ledgerEntries += page.ledgerEntries;
    after = page.nextAfterTraineeId;
  } while (after !== null);
}
