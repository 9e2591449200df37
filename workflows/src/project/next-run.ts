import {
  allHandlersFinished,
  condition,
  makeContinueAsNewFunc,
  workflowInfo,
} from '@temporalio/workflow';
import type { ProjectContext } from './context.js';
import {
  EVENTS_PER_RUN,
  type HumanStage,
  type ProjectResult,
  type ProjectWorkflowInput,
  STEPS_PER_RUN,
} from './project.types.js';

/**
 * Whether this run has taken enough steps (or grown a long enough history) to hand over to a new
 * run of the same workflow id, well before Temporal's 2,000 updates per run refuse the next step.
 */
export function runIsFull(ctx: ProjectContext): boolean {
  const info = workflowInfo();
  return (
    ctx.stepsThisRun >= (ctx.input.stepsPerRun ?? STEPS_PER_RUN) ||
    info.historyLength >= EVENTS_PER_RUN ||
    info.continueAsNewSuggested
  );
}

/**
 * Continues the project as a new run that resumes `stage` with the same state (Temporal's
 * continue-as-new: same workflow id, fresh history; callers that address the project by its id
 * reach the new run, and the server retries updates that arrived during the hand-over there).
 * Only a human stage hands over: no cost-sharing children are running (closing the run would
 * cancel them). It waits until no handler and no webhook delivery is in flight, so nothing
 * accepted is lost; a cancellation in the meantime wins ('cancelled' is returned).
 */
export async function continueInNewRun(
  ctx: ProjectContext,
  stage: HumanStage,
): Promise<'cancelled'> {
  await condition(
    () =>
      ctx.cancelRequest !== null ||
      (ctx.inFlight === 0 && ctx.openDeliveries === 0 && allHandlersFinished()),
  );
  if (ctx.cancelRequest) return 'cancelled';
  const { carriedOver, ...input } = ctx.input;
  // The same workflow type and task queue (the defaults); the search attributes as they stand.
  const next = makeContinueAsNewFunc<(input: ProjectWorkflowInput) => Promise<ProjectResult>>({
    typedSearchAttributes: workflowInfo().typedSearchAttributes,
  });
  return next({
    ...input,
    carriedOver: {
      stage,
      state: ctx.state,
      closed: ctx.closed,
      partners: ctx.partners,
      runs: (carriedOver?.runs ?? 0) + 1,
    },
  });
}
