import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiKeyList, ApiKeyRotateRequest, ApiKeyRotation, IdParams } from '@qiancheng/contracts';
import * as service from '../../../../services/people.service.js';
import { contextOf } from '../../../context.js';
import { problems, USER_SECURITY } from '../../../problems.js';

const tags = ['enterprises'];

/** An enterprise's API keys, administered by admins: list and rotate. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', app.requireUser('admin'));
  app.get(
    '/:id/api-keys',
    {
      schema: {
        summary: "An enterprise's API keys (prefixes only), newest first",
        tags,
        security: USER_SECURITY,
        params: IdParams,
        response: { 200: ApiKeyList, ...problems(403, 404) },
      },
    },
    async (request) => service.listApiKeys(contextOf(app, request), request.params.id),
  );
  app.post(
    '/:id/api-keys/rotate',
    {
      schema: {
        summary: 'Issue a new API key (shown once) and revoke every key active before',
        tags,
        security: USER_SECURITY,
        params: IdParams,
        body: ApiKeyRotateRequest,
        response: { 201: ApiKeyRotation, ...problems(403, 404) },
      },
    },
    async (request, reply) => {
      const rotated = await service.rotateApiKeys(
        contextOf(app, request),
        request.params.id,
        request.body,
      );
      // The revoked keys stop working here at once, not when their cache entries expire.
      app.forgetApiKeys();
      return reply.status(201).send(rotated);
    },
  );
};

export default routes;
