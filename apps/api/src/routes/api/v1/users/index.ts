import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, UserCreate, UserList, UserPatch, UserSummary } from '@qiancheng/contracts';
import * as service from '../../../../services/people.service.js';
import { contextOf } from '../../../context.js';
import { problems, USER_SECURITY } from '../../../problems.js';

const tags = ['users'];

/** Console users, administered by admins: list, create, disable (sessions end at once). */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', app.requireUser('admin'));
  app.get(
    '/',
    {
      schema: {
        summary: 'Console users, by username',
        tags,
        security: USER_SECURITY,
        response: { 200: UserList, ...problems(403) },
      },
    },
    async (request) => service.listUsers(contextOf(app, request)),
  );
  app.post(
    '/',
    {
      schema: {
        summary: 'Create a console user',
        tags,
        security: USER_SECURITY,
        body: UserCreate,
        response: { 201: UserSummary, ...problems(403, 409, 422) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createUser(contextOf(app, request), request.body)),
  );
  app.patch(
    '/:id',
    {
      schema: {
        summary: 'Disable (or enable again) a user; disabling ends their sessions at once',
        tags,
        security: USER_SECURITY,
        params: IdParams,
        body: UserPatch,
        response: { 200: UserSummary, ...problems(403, 404, 409) },
      },
    },
    async (request) =>
      service.setUserDisabled(contextOf(app, request), request.params.id, request.body),
  );
};

export default routes;
