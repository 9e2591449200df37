import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CatalogueDraftCreate,
  CatalogueEntryParams,
  CatalogueEntryPut,
  CatalogueImport,
  CataloguePublish,
  CatalogueQuery,
  CatalogueVersionDetail,
  CatalogueVersionPage,
  IdParams,
} from '@qiancheng/contracts';
import type { FastifyRequest } from 'fastify';
import { userOf } from '../../../../plugins/app/auth.js';
import * as service from '../../../../services/registries.service.js';
import { problems, USER_SECURITY } from '../../../problems.js';

/**
 * 职业技能培训需求指导目录 and its standards (十二, 十七): versions per region, drafted, then
 * published; a published version is never edited (409 here, and the database refuses too).
 */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;
  const tags = ['registries'];
  const security = USER_SECURITY;
  const editors = app.requireUser('operator', 'admin');
  const ctx = (request: FastifyRequest): service.RegistryContext => ({
    db,
    user: userOf(request),
    requestId: request.id,
  });

  app.get(
    '/',
    {
      onRequest: app.requireUser(),
      schema: {
        summary: 'Catalogue versions by region (within it) and status, newest first',
        tags,
        security,
        querystring: CatalogueQuery,
        response: { 200: CatalogueVersionPage, ...problems(403) },
      },
    },
    async (request) => service.listCatalogues(db, request.query),
  );

  app.get(
    '/:id',
    {
      onRequest: app.requireUser(),
      schema: {
        summary: 'A catalogue version with its entries and standards by level',
        tags,
        security,
        params: IdParams,
        response: { 200: CatalogueVersionDetail, ...problems(403, 404) },
      },
    },
    async (request) => service.catalogueDetail(db, request.params.id),
  );

  app.post(
    '/',
    {
      onRequest: editors,
      schema: {
        summary: 'Start a draft version (empty, or a copy of another version to correct it)',
        tags,
        security,
        body: CatalogueDraftCreate,
        response: { 201: CatalogueVersionDetail, ...problems(403, 409, 422) },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return service.createCatalogueDraft(ctx(request), request.body);
    },
  );

  app.put(
    '/:id/entries/:occupationCode',
    {
      onRequest: editors,
      schema: {
        summary: 'Set a draft’s entry: shortage tier and the standard per level',
        tags,
        security,
        params: CatalogueEntryParams,
        body: CatalogueEntryPut,
        response: { 200: CatalogueVersionDetail, ...problems(403, 404, 409, 422) },
      },
    },
    async (request) =>
      service.putCatalogueEntry(
        ctx(request),
        request.params.id,
        request.params.occupationCode,
        request.body,
      ),
  );

  app.delete(
    '/:id/entries/:occupationCode',
    {
      onRequest: editors,
      schema: {
        summary: 'Remove a draft’s entry',
        tags,
        security,
        params: CatalogueEntryParams,
        response: { 200: CatalogueVersionDetail, ...problems(403, 404, 409) },
      },
    },
    async (request) =>
      service.removeCatalogueEntry(ctx(request), request.params.id, request.params.occupationCode),
  );

  app.post(
    '/:id/import',
    {
      onRequest: editors,
      schema: {
        summary: 'Import a draft’s entries from CSV: all lines or none',
        tags,
        security,
        params: IdParams,
        body: CatalogueImport,
        response: { 200: CatalogueVersionDetail, ...problems(403, 404, 409, 422) },
      },
    },
    async (request) =>
      service.importCatalogueEntries(ctx(request), request.params.id, request.body.csv),
  );

  app.post(
    '/:id/publish',
    {
      onRequest: editors,
      schema: {
        summary: 'Publish a draft; from then on it is never edited',
        tags,
        security,
        params: IdParams,
        body: CataloguePublish,
        response: { 200: CatalogueVersionDetail, ...problems(403, 404, 409, 422) },
      },
    },
    async (request) => service.publishCatalogue(ctx(request), request.params.id, request.body),
  );
};

export default routes;
