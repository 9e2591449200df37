import { cancelProblems } from '@qiancheng/domain';
import { condition, setHandler } from '@temporalio/workflow';
import { costShareWithdrawSignal } from '../../cost-share/cost-share.definitions.js';
import {
  chainStep,
  decide,
  enterStage,
  finish,
  now,
  type ProjectContext,
  refuse,
  setPending,
} from '../context.js';
import { cancelProjectUpdate } from '../project.definitions.js';
import type { ProjectResult } from '../project.types.js';

/** A manager cancels before money moves; the chain notices at its next wait. */
export function registerCancelHandler(ctx: ProjectContext) {
  setHandler(
    cancelProjectUpdate,
    async ({ by, reason }) => {
      ctx.cancelRequest ??= { by, reason };
      await condition(() => ctx.state.stage === 'cancelled');
      return { stage: 'cancelled' as const };
    },
    {
      validator: ({ reason }) =>
        refuse(cancelProblems({ projectId: ctx.projectId, stage: ctx.state.stage, reason })),
    },
  );
}

/**
 * Cancellation with compensation: approval requests withdrawn, the demand orders' reserved places
 * given back, pending records voided.
 */
export async function runCancel(ctx: ProjectContext): Promise<ProjectResult> {
  const request = ctx.cancelRequest as { by: string; reason: string };
  const { projectId } = ctx;
  decide(ctx, request.by, 'cancel', request.reason);
  for (const child of ctx.children.values()) {
    await child.signal(costShareWithdrawSignal, request).catch(() => undefined);
  }
  await condition(() => ctx.inFlight === 0);
  await chainStep(ctx, 'release_demand', () => ctx.io.releaseDemand({ projectId }));
  await chainStep(ctx, 'void_pending_records', () =>
    ctx.io.voidPendingRecords({ projectId, by: request.by, reason: request.reason }),
  );
  ctx.state.cancelled = { ...request, at: now() };
  setPending(ctx);
  await enterStage(ctx, 'cancelled', request.by, request.reason);
  return finish(ctx, 'cancelled');
}
