import { webhooks } from '@qiancheng/db';
import { ApplicationFailure } from '@temporalio/common';
import type { ActivityDeps } from '../activities.js';
import type { Activities } from '../activities.types.js';
import { callerWorkflowId, requireProject } from '../activity-context.js';
import { signWebhook } from './webhook-signature.js';

const TIMEOUT_MS = 10_000;

/**
 * Tells the enterprises whose demand orders a project serves about its stage changes: a signed
 * POST to each registered endpoint. A failed attempt throws, and Temporal retries with backoff.
 */
export function createWebhookActivities({
  db,
  fetch: fetchImpl = fetch,
}: ActivityDeps): Pick<Activities, 'deliverWebhook'> {
  return {
    async deliverWebhook({ projectId, stage, occurredAt }) {
      const project = await requireProject(db, projectId);
      const enterpriseIds = await db
        .selectFrom('demandOrders')
        .innerJoin('projectDemandOrders', 'projectDemandOrders.demandOrderId', 'demandOrders.id')
        .where('projectDemandOrders.projectId', '=', projectId)
        .select('demandOrders.enterpriseId')
        .distinct()
        .execute();
      let delivered = false;
      for (const { enterpriseId } of enterpriseIds) {
        const endpoint = await webhooks.findEndpoint(db, enterpriseId);
        if (!endpoint) continue;
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
        try {
          const response = await fetchImpl(endpoint.url, {
            method: 'POST',
            headers: {
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
            signal: AbortSignal.timeout(TIMEOUT_MS),
          });
          status = response.status;
          if (!response.ok) error = `HTTP ${response.status}`;
        } catch (cause) {
          error = cause instanceof Error ? cause.message : String(cause);
        }
        await webhooks.recordAttempt(db, delivery.id, { status, error, delivered: error === null });
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
