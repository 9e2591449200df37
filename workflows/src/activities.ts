import type { Db } from '@qiancheng/db';
import type { Client } from '@temporalio/client';
import type { Activities } from './activities.types.js';
import { withClassifiedFailures } from './activity-failures.js';
import { createCostShareActivities } from './cost-share/cost-share.activities.js';
import { createFollowUpActivities } from './follow-up/follow-up.activities.js';
import * as ping from './ping/ping.activities.js';
import { createProjectActivities } from './project/project.activities.js';
import { createSettlementActivities } from './settlement/settlement.activities.js';
import { createWebhookActivities } from './webhooks/webhook.activities.js';

/** What the activities need; the worker builds it once. */
export interface ActivityDeps {
  db: Db;
  /** Starts follow-up workflows (they outlive the project's employment stage). */
  client: Client;
  /** Sends webhooks; tests may pass their own. */
  fetch?: typeof fetch;
  /** Test-only: webhooks may reach loopback and private addresses (issue 10: default refuses). */
  allowPrivateWebhookTargets?: boolean;
}

/**
 * All activities, built from their dependencies (I/O lives here, never in workflow code). Their
 * failures are classified in one place: permanent ones (bad data, a constraint, a refusal) are
 * non-retryable, transient ones retried within the workflow's bounds.
 */
export function createActivities(deps: ActivityDeps): Activities {
  return withClassifiedFailures<Activities>({
    ...ping,
    ...createProjectActivities(deps),
    ...createCostShareActivities(deps),
    ...createFollowUpActivities(deps),
    ...createSettlementActivities(deps),
    ...createWebhookActivities(deps),
  });
}
