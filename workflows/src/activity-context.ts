import { type Db, projects } from '@qiancheng/db';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';

/** The id of the workflow that scheduled the running activity: the root of idempotency keys. */
export function callerWorkflowId(): string {
  const info = Context.current().info;
  return info.workflowExecution?.workflowId ?? `activity-${info.activityId}`;
}

/** The project, or a non-retryable failure: retrying cannot make a missing project appear. */
export async function requireProject(db: Db, projectId: string) {
  const project = await projects.find(db, projectId);
  if (!project)
    throw ApplicationFailure.nonRetryable(`project ${projectId} does not exist`, 'ProjectNotFound');
  return project;
}
