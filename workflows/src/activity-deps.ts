import type { Db } from '@qiancheng/db';
import type { Client } from '@temporalio/client';

/** What the activities need; the worker builds it once. */
export interface ActivityDeps {
  db: Db;
  /** Starts follow-up workflows (they outlive the project's employment stage). */
  client: Client;
  /** Test-only: webhooks may reach loopback and private addresses (issue 10: default refuses). */
  allowPrivateWebhookTargets?: boolean;
}
