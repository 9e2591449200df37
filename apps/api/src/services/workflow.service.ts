import {
  type ProjectState,
  type ProjectWorkflowInput,
  projectStateQuery,
  projectWorkflowId,
  SEARCH_ATTRIBUTES,
  TASK_QUEUE,
} from '@qiancheng/workflows';
import type { Client } from '@temporalio/client';
import type { SearchAttributePair } from '@temporalio/common';

// The API talks to workflows only through these: ids, definitions and types from the
// client-facing entry of @qiancheng/workflows, never workflow code or activities.

type UpdateDef<Ret, Arg> = import('@temporalio/client').UpdateDefinition<Ret, [Arg], string>;
type SignalDef<Arg> = import('@temporalio/client').SignalDefinition<[Arg], string>;

/** Starts a project's workflow; a retried launch finds the running one (USE_EXISTING). */
export async function startProjectWorkflow(
  client: Client,
  input: ProjectWorkflowInput,
  taskQueue: string = TASK_QUEUE,
): Promise<{ workflowId: string; runId: string }> {
  const attributes: SearchAttributePair[] = [
    { key: SEARCH_ATTRIBUTES.projectId, value: input.projectId },
    { key: SEARCH_ATTRIBUTES.regionCode, value: input.regionCode },
    { key: SEARCH_ATTRIBUTES.partnerRegions, value: input.partners.map((p) => p.regionCode) },
    { key: SEARCH_ATTRIBUTES.sector, value: input.sector },
    { key: SEARCH_ATTRIBUTES.stage, value: 'demand' },
  ];
  if (input.enterpriseId) {
    attributes.push({ key: SEARCH_ATTRIBUTES.enterpriseId, value: input.enterpriseId });
  }
  const workflowId = projectWorkflowId(input.projectId);
  const handle = await client.workflow.start('projectWorkflow', {
    taskQueue,
    workflowId,
    args: [input],
    typedSearchAttributes: attributes,
    workflowIdConflictPolicy: 'USE_EXISTING',
    // A project runs once: a finished (or cancelled) project is never started again.
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
  });
  return { workflowId, runId: handle.firstExecutionRunId };
}

/** The live state, or null with the reason when Temporal or the worker does not answer in time. */
export async function queryProjectState(
  client: Client,
  workflowId: string,
  timeoutMs: number,
): Promise<{ state: ProjectState | null; error: string | null }> {
  try {
    const state = await client.withDeadline(Date.now() + timeoutMs, () =>
      client.workflow.getHandle(workflowId).query(projectStateQuery),
    );
    return { state, error: null };
  } catch (error) {
    return {
      state: null,
      error: `live state unavailable: ${error instanceof Error ? error.name : 'error'}`,
    };
  }
}

/**
 * Runs a workflow update and returns its result. A validator's refusal surfaces as
 * WorkflowUpdateFailedError (mapped to 409/422 by the error handler). `updateId`, when the caller
 * sent an Idempotency-Key, makes a retried request the same update (Temporal deduplicates it).
 */
export async function executeUpdate<Ret, Arg>(
  client: Client,
  workflowId: string,
  update: UpdateDef<Ret, Arg>,
  arg: Arg,
  options: { updateId?: string | undefined; timeoutMs: number },
): Promise<Ret> {
  return client.withDeadline(Date.now() + options.timeoutMs, () =>
    client.workflow.getHandle(workflowId).executeUpdate(update, {
      args: [arg],
      ...(options.updateId ? { updateId: options.updateId } : {}),
    }),
  );
}

export async function sendSignal<Arg>(
  client: Client,
  workflowId: string,
  signal: SignalDef<Arg>,
  arg: Arg,
  timeoutMs: number,
): Promise<void> {
  await client.withDeadline(Date.now() + timeoutMs, () =>
    client.workflow.getHandle(workflowId).signal(signal, arg),
  );
}
