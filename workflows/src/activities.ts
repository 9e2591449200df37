import type { Activities } from './activities.types.js';
import type { ActivityDeps } from './activity-deps.js';
import { withClassifiedFailures } from './activity-failures.js';
import { createCostShareActivities } from './cost-share/cost-share.activities.js';
import { createFollowUpActivities } from './follow-up/follow-up.activities.js';
import * as ping from './ping/ping.activities.js';
import { createProjectActivities } from './project/project.activities.js';
import { createSettlementActivities } from './settlement/settlement.activities.js';
import { createWebhookActivities } from './webhooks/webhook.activities.js';

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

export type { ActivityDeps };
