import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ProjectIdParams,
  QualityReviewCreate,
  QualityReviewCreated,
  QualityReviewList,
} from '@qiancheng/contracts';
import * as service from '../../../../services/people.service.js';
import { contextOf } from '../../../context.js';
import { problems, USER_SECURITY } from '../../../problems.js';

const tags = ['quality'];

/** A project's quality reviews (十三): read them; record a third-party review or a spot check. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/:projectId',
    {
      onRequest: app.requireUser(),
      schema: {
        summary: "A project's quality reviews, oldest first",
        tags,
        security: USER_SECURITY,
        params: ProjectIdParams,
        response: { 200: QualityReviewList, ...problems(403, 404) },
      },
    },
    async (request) => service.listReviews(contextOf(app, request), request.params.projectId),
  );
  app.post(
    '/:projectId',
    {
      onRequest: app.requireUser('auditor', 'provincial_coordinator', 'admin'),
      schema: {
        summary:
          "Record a third-party review or a government spot check; the provider's grade follows",
        tags,
        security: USER_SECURITY,
        params: ProjectIdParams,
        body: QualityReviewCreate,
        response: { 201: QualityReviewCreated, ...problems(403, 404, 422) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await service.recordReview(
            contextOf(app, request),
            request.params.projectId,
            request.body,
          ),
        ),
  );
};

export default routes;
