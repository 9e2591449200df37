import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { RegionCodeParams, RegionDetail, RegionPage, RegionQuery } from '@qiancheng/contracts';
import * as service from '../../../../services/registries.service.js';
import { problems, USER_SECURITY } from '../../../problems.js';

/** GB/T 2260 administrative divisions: search by code or name, filter by level and parent. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;
  const tags = ['registries'];
  app.addHook('onRequest', app.requireUser());

  app.get(
    '/',
    {
      schema: {
        summary: 'Regions whose code starts with, or whose official name contains, q',
        tags,
        security: USER_SECURITY,
        querystring: RegionQuery,
        response: { 200: RegionPage, ...problems(403) },
      },
    },
    async (request) => service.listRegions(db, request.query),
  );

  app.get(
    '/:code',
    {
      schema: {
        summary: 'A region with its parents and children',
        tags,
        security: USER_SECURITY,
        params: RegionCodeParams,
        response: { 200: RegionDetail, ...problems(403, 404) },
      },
    },
    async (request) => service.regionDetail(db, request.params.code),
  );
};

export default routes;
