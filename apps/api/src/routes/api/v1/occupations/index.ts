import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  OccupationImport,
  OccupationImportResult,
  OccupationPage,
  OccupationQuery,
} from '@qiancheng/contracts';
import { userOf } from '../../../../plugins/app/auth.js';
import * as service from '../../../../services/registries.service.js';
import { problems, USER_SECURITY } from '../../../problems.js';

/** The 职业分类大典 catalogue: search by code or name; admins import it from CSV. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;
  const tags = ['registries'];

  app.get(
    '/',
    {
      onRequest: app.requireUser(),
      schema: {
        summary: 'Occupations whose code starts with, or whose name contains, q (新职业 flagged)',
        tags,
        security: USER_SECURITY,
        querystring: OccupationQuery,
        response: { 200: OccupationPage, ...problems(403) },
      },
    },
    async (request) => service.listOccupations(db, request.query),
  );

  app.post(
    '/import',
    {
      onRequest: app.requireUser('admin', 'operator'),
      schema: {
        summary: 'Import occupations from CSV (code,name[,category]): all lines or none',
        tags,
        security: USER_SECURITY,
        body: OccupationImport,
        response: { 200: OccupationImportResult, ...problems(403, 422) },
      },
    },
    async (request) =>
      service.importOccupations({ db, user: userOf(request), requestId: request.id }, request.body),
  );
};

export default routes;
