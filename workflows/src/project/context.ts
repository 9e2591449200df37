import type { ProjectStage, StepProblem } from '@qiancheng/domain';
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  ChildWorkflowFailure,
  type ChildWorkflowHandle,
  condition,
  patched,
  proxyActivities,
  TemporalFailure,
  TimeoutFailure,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { Activities } from '../activities.types.js';
import type { costShareApprovalWorkflow } from '../cost-share/cost-share-approval.workflow.js';
import { SEARCH_ATTRIBUTES } from '../search-attributes.js';
import {
  type CostSharePartyInput,
  DEFAULT_ACTIVITY_RETRY,
  type FailedStep,
  type HumanStage,
  MAX_FAILURES,
  type PendingStep,
  type ProjectResult,
  type ProjectState,
  type ProjectWorkflowInput,
} from './project.types.js';

/** How a stage that waits for people ends: its own step closed it, or the project was cancelled. */
export type StageOutcome = 'done' | 'cancelled';

/**
 * What a project's stages and handlers share: its input, its queryable state, the flags the
 * chain waits on, the activity proxies and the small helpers every step uses.
 */
export interface ProjectContext {
  readonly input: ProjectWorkflowInput;
  readonly projectId: string;
  readonly state: ProjectState;
  /** Activities of the chain and of human steps. */
  readonly io: ReturnType<typeof proxyActivities<Activities>>;
  /** Settlement pages, which heartbeat per trainee. */
  readonly settlement: ReturnType<typeof proxyActivities<Activities>>;
  /** Webhook deliveries: never block the project. */
  readonly webhooks: ReturnType<typeof proxyActivities<Activities>>;
  /** The parties of the next cost-sharing round (a revision replaces them). */
  partners: CostSharePartyInput[];
  awaitingRevision: boolean;
  cancelRequest: { by: string; reason: string } | null;
  readonly closed: Record<HumanStage, boolean>;
  /** Handlers' I/O in flight: a stage never moves under a batch. */
  inFlight: number;
  /** Steps (batches, decisions, attendance sessions) this run has handled; see STEPS_PER_RUN. */
  stepsThisRun: number;
  /** The human stage an earlier run had entered: this run resumes it without entering it again. */
  resumeStage: HumanStage | null;
  /** Webhook deliveries not yet settled: a run never continues as new under one. */
  openDeliveries: number;
  /** The chain step waiting for an operator's retry, if any. */
  blockedStep: string | null;
  retryRequested: boolean;
  readonly children: Map<string, ChildWorkflowHandle<typeof costShareApprovalWorkflow>>;
  readonly deliveries: Promise<unknown>[];
}

/** A new project's context: stage demand, nothing counted, production retry bounds unless given. */
export function createProjectContext(input: ProjectWorkflowInput): ProjectContext {
  const carried = input.carriedOver;
  const bounds = input.activityRetry ?? DEFAULT_ACTIVITY_RETRY;
  const retry = {
    initialInterval: bounds.initialIntervalMs,
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: bounds.maximumAttempts,
  } as const;
  return {
    input,
    projectId: input.projectId,
    state: carried?.state ?? {
      projectId: input.projectId,
      stage: 'demand',
      round: 0,
      parties: [],
      counts: {
        enrolled: 0,
        ineligible: 0,
        attendanceRecords: 0,
        assessed: 0,
        certified: 0,
        placed: 0,
        followUpsStarted: 0,
        followUpsDone: 0,
        claims: 0,
        claimedFen: 0,
        ledgerEntries: 0,
        reversedClaims: 0,
        reversedFen: 0,
      },
      pending: [],
      decisions: [],
      cancelled: null,
      failures: [],
    },
    // Every one is a few statements (a batch is set-based), done in well under a second: a worker
    // that dies mid-step is noticed and the step retried elsewhere within 30 s, not minutes.
    io: proxyActivities<Activities>({ startToCloseTimeout: '30 seconds', retry }),
    // If a settlement page's worker dies, another retries within seconds.
    settlement: proxyActivities<Activities>({
      startToCloseTimeout: '10 minutes',
      heartbeatTimeout: '10 seconds',
      retry,
    }),
    // Enterprises' servers: retried with backoff for a day at most, never blocking the project.
    webhooks: proxyActivities<Activities>({
      startToCloseTimeout: '30 seconds',
      retry: {
        initialInterval: '5 seconds',
        backoffCoefficient: 2,
        maximumInterval: '30 minutes',
        maximumAttempts: 60,
      },
      scheduleToCloseTimeout: '1 day',
    }),
    partners: carried?.partners ?? input.partners,
    awaitingRevision: false,
    cancelRequest: null,
    closed: carried?.closed ?? {
      enrolment: false,
      training: false,
      evaluation: false,
      employment: false,
    },
    inFlight: 0,
    stepsThisRun: 0,
    resumeStage: carried?.stage ?? null,
    openDeliveries: 0,
    blockedStep: null,
    retryRequested: false,
    children: new Map(),
    deliveries: [],
  };
}

export const now = () => new Date(Date.now()).toISOString();

/** Notes a person's decision in the state; returns it so a failed step can take it back. */
export function decide(ctx: ProjectContext, by: string, action: string, reason: string | null) {
  const decision = { at: now(), by, action, reason };
  ctx.state.decisions.push(decision);
  return decision;
}

export function setPending(ctx: ProjectContext, ...steps: PendingStep[]) {
  ctx.state.pending = steps;
}

/** Refuses an update with the domain's first problem, as a non-retryable failure of its type. */
export function refuse(problems: readonly StepProblem[]): void {
  const [first] = problems;
  if (!first) return;
  throw ApplicationFailure.create({
    message: first.message,
    type: first.type,
    nonRetryable: true,
    details: [{ field: first.field }],
  });
}

/**
 * Runs a handler's I/O while counting it: in flight, so the stage never moves under a batch, and
 * toward the steps of this run (see STEPS_PER_RUN).
 */
export async function tracked<T>(ctx: ProjectContext, work: () => Promise<T>): Promise<T> {
  ctx.inFlight += 1;
  ctx.stepsThisRun += 1;
  try {
    return await work();
  } finally {
    ctx.inFlight -= 1;
  }
}

/** The wait condition of a stage: its step done with nothing in flight, or a cancellation. */
export const settledOrCancelled = (ctx: ProjectContext, done: () => boolean) => () =>
  (done() && ctx.inFlight === 0) || ctx.cancelRequest !== null;

function describeFailure(error: TemporalFailure): { type: string; message: string } {
  const cause =
    error instanceof ActivityFailure || error instanceof ChildWorkflowFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure)
    return { type: cause.type ?? 'ApplicationFailure', message: cause.message };
  if (cause instanceof TimeoutFailure)
    return { type: 'Timeout', message: `the step timed out (${cause.timeoutType})` };
  return { type: cause?.name ?? 'Failure', message: cause?.message ?? error.message };
}

/** Records a failed step in the state (bounded), for the manager to see and correct. */
export function recordFailure(
  ctx: ProjectContext,
  step: string,
  by: string | null,
  error: TemporalFailure,
): FailedStep {
  const failure: FailedStep = { step, ...describeFailure(error), at: now(), by, resolvedAt: null };
  ctx.state.failures.push(failure);
  if (ctx.state.failures.length > MAX_FAILURES)
    ctx.state.failures.splice(0, ctx.state.failures.length - MAX_FAILURES);
  return failure;
}

function resolveFailures(ctx: ProjectContext, step: string) {
  for (const f of ctx.state.failures)
    if (f.step === step && f.resolvedAt === null) f.resolvedAt = now();
}

/**
 * An update's activity work. When it fails (permanently, or after its bounded retries), `undo`
 * puts the state back, the failure is recorded in the state, and the caller gets the failure with
 * its type: the update fails, the project goes on. Call it inside `tracked`, so the undo happens
 * before the stage may move.
 */
export async function attempt<T>(
  ctx: ProjectContext,
  step: string,
  by: string,
  work: () => Promise<T>,
  undo?: () => void,
): Promise<T> {
  try {
    const result = await work();
    resolveFailures(ctx, step);
    return result;
  } catch (error) {
    if (!(error instanceof TemporalFailure)) throw error;
    undo?.();
    const failure = recordFailure(ctx, step, by, error);
    throw ApplicationFailure.create({
      message: failure.message,
      type: failure.type,
      nonRetryable: true,
    });
  }
}

/**
 * A step of the chain itself. When its activity fails (permanently, or after its bounded retries)
 * the project does not hang in a retry loop: the failure shows in the state with a `retry_step`
 * pending step, and the chain waits for an operator's retry (retryStep update) once the cause is
 * corrected.
 */
export async function chainStep<T>(
  ctx: ProjectContext,
  step: string,
  work: () => Promise<T>,
): Promise<T> {
  for (;;) {
    try {
      const result = await work();
      resolveFailures(ctx, step);
      return result;
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      recordFailure(ctx, step, null, error);
      const pending = ctx.state.pending;
      setPending(ctx, { kind: 'retry_step', regionCode: ctx.input.regionCode, deadline: null });
      ctx.blockedStep = step;
      await condition(() => ctx.retryRequested);
      ctx.retryRequested = false;
      ctx.blockedStep = null;
      ctx.state.pending = pending;
    }
  }
}

/** Patch: a stage change is delivered only when the project has webhook endpoints. */
const DELIVER_ONLY_TO_LISTENERS = 'deliver-webhooks-only-to-listeners';

/** Moves the project to `stage`: search attribute, record and audit, then the enterprises' webhook. */
export async function enterStage(
  ctx: ProjectContext,
  stage: ProjectStage,
  by: string,
  reason: string | null = null,
) {
  ctx.state.stage = stage;
  upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.stage, value: stage }]);
  const recorded: { webhookEndpoints: number } | undefined = await chainStep(
    ctx,
    `enter_stage:${stage}`,
    () => ctx.io.recordStage({ projectId: ctx.projectId, stage, by, reason }),
  );
  // No enterprise of the project listens: no delivery to schedule (most projects; a quarter of a
  // project's activities were deliveries that found no endpoint). Histories from before the patch
  // scheduled one every time, and replay keeps doing so.
  if (patched(DELIVER_ONLY_TO_LISTENERS) && recorded?.webhookEndpoints === 0) return;
  const delivery = ctx.webhooks.deliverWebhook({
    projectId: ctx.projectId,
    stage,
    occurredAt: now(),
  });
  ctx.openDeliveries += 1;
  ctx.deliveries.push(
    delivery
      .catch(() => undefined)
      .finally(() => {
        ctx.openDeliveries -= 1;
      }),
  );
}

/** Ends the workflow once every handler has answered and every webhook has settled. */
export async function finish(
  ctx: ProjectContext,
  stage: 'closed' | 'cancelled',
): Promise<ProjectResult> {
  await condition(allHandlersFinished);
  await Promise.all(ctx.deliveries);
  return { projectId: ctx.projectId, stage, counts: ctx.state.counts };
}
