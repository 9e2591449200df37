import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  IdParams,
  OptionalReasonBody,
  RetryStepResponse,
  RosterPage,
  RosterQuery,
} from '@qiancheng/contracts';
import Type from 'typebox';
import * as service from '../../../../services/roster.service.js';
import { contextOf, updateKeyOf } from '../../../context.js';
import { problems, USER_SECURITY } from '../../../problems.js';

const tags = ['projects'];
const security = USER_SECURITY;

/** The roster of a project, and the retry of a failed chain step. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = (request: Parameters<typeof contextOf>[1]) => contextOf(app, request);

  app.get(
    '/:id/trainees',
    {
      onRequest: app.requireUser(),
      schema: {
        summary:
          "A project's trainees (masked IDs) with attendance, assessment, certificate, placement, follow-ups and claim; paged and filtered",
        tags,
        security,
        params: IdParams,
        querystring: RosterQuery,
        response: { 200: RosterPage, ...problems(403, 404) },
      },
    },
    async (request) => service.page(ctx(request), request.params.id, request.query),
  );

  app.post(
    '/:id/retry',
    {
      onRequest: app.requireUser('project_manager', 'admin'),
      preValidation: async (request: { body: unknown }) => {
        request.body ??= {};
      },
      schema: {
        summary: 'Retry the chain step that failed (see `failures` in the live state)',
        tags,
        security,
        headers: Type.Object({
          'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        }),
        params: IdParams,
        body: OptionalReasonBody,
        response: { 200: RetryStepResponse, ...problems(403, 404, 409, 422, 504) },
      },
    },
    async (request) =>
      service.retryStep(ctx(request), request.params.id, request.body.reason, updateKeyOf(request)),
  );
};

export default routes;
