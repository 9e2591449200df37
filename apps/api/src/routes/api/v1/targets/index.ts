import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  PaceReminderRequest,
  PaceReminderResponse,
  Target,
  TargetList,
  TargetQuery,
  TargetUpsert,
} from '@qiancheng/contracts';
import * as service from '../../../../services/people.service.js';
import { contextOf } from '../../../context.js';
import { problems, USER_SECURITY } from '../../../problems.js';

const tags = ['dispatch'];

/**
 * Regional targets by sector and key group (十九 省级统筹, 二十 明确任务目标), set by a province's
 * coordinator (or an admin); the dispatch dashboard reads them. A region behind pace is sent a
 * 督促提醒 (二十).
 */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const setters = app.requireUser('provincial_coordinator', 'admin');
  app.get(
    '/',
    {
      onRequest: app.requireUser(),
      schema: {
        summary: 'Targets within your scope',
        tags,
        security: USER_SECURITY,
        querystring: TargetQuery,
        response: { 200: TargetList, ...problems(403) },
      },
    },
    async (request) => service.listTargets(contextOf(app, request), request.query.regionCode),
  );
  app.put(
    '/',
    {
      onRequest: setters,
      schema: {
        summary: 'Set or adjust a target (region, period, measure, sector, key group)',
        tags,
        security: USER_SECURITY,
        body: TargetUpsert,
        response: { 200: Target, ...problems(403, 422) },
      },
    },
    async (request) => service.setTarget(contextOf(app, request), request.body),
  );
  app.post(
    '/pace-reminders',
    {
      onRequest: setters,
      schema: {
        summary: 'Send a 督促提醒 to a region behind pace (a notification to its managers)',
        tags,
        security: USER_SECURITY,
        body: PaceReminderRequest,
        response: { 201: PaceReminderResponse, ...problems(403, 422) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.sendPaceReminder(contextOf(app, request), request.body)),
  );
};

export default routes;
