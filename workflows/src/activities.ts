import type { Db } from '@qiancheng/db';
import type { Client } from '@temporalio/client';
import type { Activities } from './activities.types.js';
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
}

/** All activities, built from their dependencies (I/O lives here, never in workflow code). */
export function createActivities(deps: ActivityDeps): Activities {
  return {
    ...ping,
    ...createProjectActivities(deps),
    ...createCostShareActivities(deps),
    ...createFollowUpActivities(deps),
    ...createSettlementActivities(deps),
    ...createWebhookActivities(deps),
  };
}
