/** Base URL of the Temporal Web UI; the API has no config endpoint for it yet. */
export const TEMPORAL_UI_URL = (
  import.meta.env.VITE_TEMPORAL_UI_URL ?? 'http://localhost:8233'
).replace(/\/$/, '');

/** Deep link to a project's workflow history in the Temporal Web UI. */
export function temporalWorkflowUrl(projectId: string, workflowId?: string | null): string {
  const id = workflowId ?? `project-${projectId}`;
  return `${TEMPORAL_UI_URL}/namespaces/default/workflows/${encodeURIComponent(id)}`;
}
