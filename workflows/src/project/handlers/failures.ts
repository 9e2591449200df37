import { reasonProblems } from '@qiancheng/domain';
import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import { decide, type ProjectContext, refuse } from '../context.js';
import { projectStateQuery, retryStepUpdate } from '../project.definitions.js';
import type { PendingStep } from '../project.types.js';

/** The state query, and the operator's retry of a chain step that failed. */
export function registerStateHandlers(ctx: ProjectContext) {
  const { state } = ctx;
  // During a round the pending steps are the parties still to decide, as they decide.
  setHandler(projectStateQuery, () =>
    state.stage === 'cost_sharing' &&
    !ctx.awaitingRevision &&
    state.parties.length > 0 &&
    ctx.blockedStep === null
      ? {
          ...state,
          pending: state.parties
            .filter((p) => p.status === 'pending')
            .map(
              (p): PendingStep => ({
                kind: 'approve_share',
                regionCode: p.regionCode,
                deadline: p.deadline,
              }),
            ),
        }
      : state,
  );
  setHandler(
    retryStepUpdate,
    ({ by, reason }) => {
      const step = ctx.blockedStep as string;
      ctx.retryRequested = true;
      decide(ctx, by, `retry:${step}`, reason ?? null);
      return { step };
    },
    {
      validator: ({ reason }) => {
        if (ctx.blockedStep === null || ctx.retryRequested)
          throw ApplicationFailure.nonRetryable('no step is waiting for a retry', 'NothingToRetry');
        refuse(reasonProblems(reason, null));
      },
    },
  );
}
