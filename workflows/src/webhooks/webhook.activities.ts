import { webhooks } from '@qiancheng/db';
import { ApplicationFailure } from '@temporalio/common';
import type { Activities } from '../activities.types.js';
import { callerWorkflowId, requireProject } from '../activity-context.js';
import type { ActivityDeps } from '../activity-deps.js';
import { DEFAULT_DELIVERY_POLICY, postWebhook, WebhookTargetRefused } from './webhook-delivery.js';
import { signWebhook } from './webhook-signature.js';

/**
 * Tells the enterprises whose demand orders a project serves about its stage changes: a signed
 * POST to each registered endpoint. A failed attempt throws, and Temporal retries with backoff;
 * a target that may never be reached (an internal address, checked at connect time against DNS
 * rebinding) fails for good, recorded on the delivery.
 */
export function createWebhookActivities({
  db,
  allowPrivateWebhookTargets = false,
}: ActivityDeps): Pick<Activities, 'deliverWebhook'> {
  const policy = { ...DEFAULT_DELIVERY_POLICY, allowPrivateTargets: allowPrivateWebhookTargets };
  return {
    async deliverWebhook({ projectId, stage, occurredAt }) {
      const endpoints = await webhooks.endpointsForProject(db, projectId);
      if (endpoints.length === 0) return { delivered: false };
      const project = await requireProject(db, projectId);
      let delivered = false;
      for (const endpoint of endpoints) {
        const { enterpriseId } = endpoint;
        const event = 'project.stage_changed';
        const payload = { event, projectId, projectName: project.name, stage, occurredAt };
        const delivery = await webhooks.ensureDelivery(db, {
          idempotencyKey: `${callerWorkflowId()}:${stage}:${enterpriseId}`,
          enterpriseId,
          projectId,
          event,
          payload,
        });
        if (delivery.deliveredAt) continue;
        const body = JSON.stringify(payload);
        let status: number | null = null;
        let error: string | null = null;
        let refused = false;
        try {
          const response = await postWebhook(
            endpoint.url,
            {
              'content-type': 'application/json',
              'x-qiancheng-event': event,
              'x-qiancheng-delivery': delivery.id,
              'x-qiancheng-signature': signWebhook(
                endpoint.secret,
                body,
                Math.floor(Date.now() / 1000),
              ),
            },
            body,
            policy,
          );
          status = response.status;
          if (status < 200 || status >= 300) error = `HTTP ${status}`;
        } catch (cause) {
          refused = cause instanceof WebhookTargetRefused;
          error = cause instanceof Error ? cause.message : String(cause);
        }
        await webhooks.recordAttempt(db, delivery.id, { status, error, delivered: error === null });
        if (refused) {
          throw ApplicationFailure.nonRetryable(
            `webhook target refused: ${error}`,
            'WebhookTargetRefused',
          );
        }
        if (error !== null) {
          throw ApplicationFailure.retryable(
            `webhook to ${endpoint.url} failed: ${error}`,
            'WebhookDeliveryFailed',
          );
        }
        delivered = true;
      }
      return { delivered };
    },
  };
}
