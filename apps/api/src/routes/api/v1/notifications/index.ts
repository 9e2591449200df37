import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  NotificationIdParams,
  NotificationList,
  NotificationQuery,
  NotificationReadResponse,
} from '@qiancheng/contracts';
import * as service from '../../../../services/people.service.js';
import { contextOf } from '../../../context.js';
import { problems, USER_SECURITY } from '../../../problems.js';

const tags = ['notifications'];

/** Your inbox: what the system sent to your region for your role, with read state per user. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', app.requireUser());
  app.get(
    '/',
    {
      schema: {
        summary: 'Notifications addressed to you (your role, your region), newest first',
        tags,
        security: USER_SECURITY,
        querystring: NotificationQuery,
        response: { 200: NotificationList, ...problems(403) },
      },
    },
    async (request) => service.listNotifications(contextOf(app, request), request.query),
  );
  app.post(
    '/:id/read',
    {
      schema: {
        summary: 'Mark a notification read (for you only)',
        tags,
        security: USER_SECURITY,
        params: NotificationIdParams,
        response: { 200: NotificationReadResponse, ...problems(403, 404) },
      },
    },
    async (request) => service.markNotificationRead(contextOf(app, request), request.params.id),
  );
};

export default routes;
