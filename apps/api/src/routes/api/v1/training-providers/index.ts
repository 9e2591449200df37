import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  GradeChange,
  IdParams,
  QualificationChange,
  RegistryQuery,
  TrainingProviderCreate,
  TrainingProviderDetail,
  TrainingProviderPage,
} from '@qiancheng/contracts';
import type { FastifyRequest } from 'fastify';
import { userOf } from '../../../../plugins/app/auth.js';
import * as service from '../../../../services/registries.service.js';
import { problems, USER_SECURITY } from '../../../problems.js';

/**
 * Training providers (十一): anyone signed in reads the registry; operators and admins register;
 * auditors and admins grade, suspend, reinstate or revoke (十八), always with a reason, audited.
 */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;
  const tags = ['registries'];
  const security = USER_SECURITY;
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
        summary: 'Training providers by name or credit code, region, status, grade, occupation',
        tags,
        security,
        querystring: RegistryQuery,
        response: { 200: TrainingProviderPage, ...problems(403) },
      },
    },
    async (request) => service.listProviders(db, request.query),
  );

  app.get(
    '/:id',
    {
      onRequest: app.requireUser(),
      schema: {
        summary: 'A training provider with its projects and quality reviews',
        tags,
        security,
        params: IdParams,
        response: { 200: TrainingProviderDetail, ...problems(403, 404) },
      },
    },
    async (request) => service.providerDetail(db, request.params.id),
  );

  app.post(
    '/',
    {
      onRequest: app.requireUser('operator', 'admin'),
      schema: {
        summary: 'Register a training provider with the occupations and max level it may train',
        tags,
        security,
        body: TrainingProviderCreate,
        response: { 201: TrainingProviderDetail, ...problems(403, 409, 422) },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return service.registerProvider(ctx(request), request.body);
    },
  );

  app.post(
    '/:id/grade',
    {
      onRequest: app.requireUser('auditor', 'admin'),
      schema: {
        summary: 'Set the 分类分级 grade (十一), with a reason',
        tags,
        security,
        params: IdParams,
        body: GradeChange,
        response: { 200: TrainingProviderDetail, ...problems(403, 404) },
      },
    },
    async (request) => service.gradeProvider(ctx(request), request.params.id, request.body),
  );

  app.post(
    '/:id/qualification',
    {
      onRequest: app.requireUser('auditor', 'admin'),
      schema: {
        summary: 'Suspend, reinstate or revoke the qualification (十八), with a reason',
        tags,
        security,
        params: IdParams,
        body: QualificationChange,
        response: { 200: TrainingProviderDetail, ...problems(403, 404, 409) },
      },
    },
    async (request) =>
      service.changeProviderQualification(ctx(request), request.params.id, request.body),
  );
};

export default routes;
