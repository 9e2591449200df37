import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  DemandOrder,
  DemandOrderCreate,
  DemandOrderListQuery,
  DemandOrderPage,
  IdempotencyKeyHeader,
  IdParams,
  ServingProjectList,
} from '@qiancheng/contracts';
import { enterpriseOf } from '../../../../plugins/app/auth.js';
import * as service from '../../../../services/demand-orders.service.js';
import { ENTERPRISE_SECURITY, problems, USER_SECURITY } from '../../../problems.js';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  app.post(
    '/',
    {
      onRequest: app.requireEnterprise(),
      // The key is claimed in the order's own statement (one round trip: issue 13).
      config: { idempotencyInline: true },
      schema: {
        summary:
          'Post a demand order (岗位需求); honours Idempotency-Key (a replay answers as first)',
        tags: ['enterprise'],
        security: ENTERPRISE_SECURITY,
        headers: IdempotencyKeyHeader,
        body: DemandOrderCreate,
        response: { 200: DemandOrder, 201: DemandOrder, ...problems(403, 409, 422) },
      },
    },
    async (request, reply) =>
      app.writeOnce(request, reply, async (idempotency) => {
        const order = await service.post(db, {
          enterprise: enterpriseOf(request),
          body: request.body,
          requestId: request.id,
          idempotency,
        });
        return order ? { status: 201, body: order } : null;
      }),
  );

  app.get(
    '/',
    {
      onRequest: app.requireEnterpriseOrUser(),
      schema: {
        summary: "List demand orders: an enterprise's own, or those in a user's region",
        tags: ['enterprise'],
        security: [...ENTERPRISE_SECURITY, ...USER_SECURITY],
        querystring: DemandOrderListQuery,
        response: { 200: DemandOrderPage, ...problems(403) },
      },
    },
    async (request) => service.list(db, request.principal as never, request.query),
  );

  app.get(
    '/:id',
    {
      onRequest: app.requireEnterpriseOrUser(),
      schema: {
        summary: 'Read a demand order',
        tags: ['enterprise'],
        security: [...ENTERPRISE_SECURITY, ...USER_SECURITY],
        params: IdParams,
        response: { 200: DemandOrder, ...problems(403, 404) },
      },
    },
    async (request) =>
      service.toDemandOrder(await service.get(db, request.principal as never, request.params.id)),
  );

  app.get(
    '/:id/projects',
    {
      onRequest: app.requireEnterpriseOrUser(),
      schema: {
        summary: 'The projects serving a demand order',
        tags: ['enterprise'],
        security: [...ENTERPRISE_SECURITY, ...USER_SECURITY],
        params: IdParams,
        response: { 200: ServingProjectList, ...problems(403, 404) },
      },
    },
    async (request) => service.servingProjects(db, request.principal as never, request.params.id),
  );
};

export default routes;
