import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Webhook, WebhookRegister, WebhookWithSecret } from '@qiancheng/contracts';
import { auditLog, webhooks } from '@qiancheng/db';
import { notFound } from '../../../../errors.js';
import { iso, isoOrNull } from '../../../../lib/json.js';
import { assertWebhookTarget } from '../../../../lib/webhook-target.js';
import { enterpriseOf } from '../../../../plugins/app/auth.js';
import { ENTERPRISE_SECURITY, problems } from '../../../problems.js';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;
  app.addHook('onRequest', app.requireEnterprise());
  const show = (row: { url: string; secret: string; createdAt: Date; rotatedAt: Date | null }) => ({
    url: row.url,
    secret: row.secret,
    createdAt: iso(row.createdAt),
    rotatedAt: isoOrNull(row.rotatedAt),
  });

  app.get(
    '/',
    {
      schema: {
        summary: "The enterprise's webhook endpoint (never its secret)",
        tags: ['enterprise'],
        security: ENTERPRISE_SECURITY,
        response: { 200: Webhook, ...problems(403, 404) },
      },
    },
    async (request) => {
      const row = await webhooks.findEndpoint(db, enterpriseOf(request).enterpriseId);
      if (!row) throw notFound('webhook endpoint');
      const { secret: _secret, ...rest } = show(row);
      return rest;
    },
  );

  app.put(
    '/',
    {
      schema: {
        summary:
          'Register (or replace) the webhook URL (https in production, public addresses only); ' +
          'the signing secret is shown once',
        tags: ['enterprise'],
        security: ENTERPRISE_SECURITY,
        body: WebhookRegister,
        response: { 200: WebhookWithSecret, ...problems(403, 422) },
      },
    },
    async (request) => {
      const enterprise = enterpriseOf(request);
      await assertWebhookTarget(request.body.url, {
        production: app.settings.production,
        allowPrivateTargets: app.settings.webhookAllowPrivateTargets,
      });
      const row = await db.transaction().execute(async (trx) => {
        const endpoint = await webhooks.register(trx, {
          enterpriseId: enterprise.enterpriseId,
          url: request.body.url,
        });
        await auditLog.append(trx, {
          actor: `enterprise:${enterprise.enterpriseId}`,
          action: 'webhook.registered',
          subjectType: 'enterprise',
          subjectId: enterprise.enterpriseId,
          reason: null,
          details: { url: endpoint.url },
          requestId: request.id,
        });
        return endpoint;
      });
      return show(row);
    },
  );

  app.post(
    '/rotate-secret',
    {
      schema: {
        summary: 'Rotate the webhook signing secret; the new one is shown once',
        tags: ['enterprise'],
        security: ENTERPRISE_SECURITY,
        response: { 200: WebhookWithSecret, ...problems(403, 404) },
      },
    },
    async (request) => {
      const enterprise = enterpriseOf(request);
      const row = await db.transaction().execute(async (trx) => {
        const endpoint = await webhooks.rotateSecret(trx, enterprise.enterpriseId);
        if (!endpoint) throw notFound('webhook endpoint');
        await auditLog.append(trx, {
          actor: `enterprise:${enterprise.enterpriseId}`,
          action: 'webhook.secret_rotated',
          subjectType: 'enterprise',
          subjectId: enterprise.enterpriseId,
          reason: null,
          details: {},
          requestId: request.id,
        });
        return endpoint;
      });
      return show(row);
    },
  );
};

export default routes;
