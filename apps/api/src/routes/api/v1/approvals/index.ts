import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApprovalInbox, ApprovalInboxQuery } from '@qiancheng/contracts';
import { oversight as repository } from '@qiancheng/db';
import { forbidden, unprocessable } from '../../../../errors.js';
import { iso, isoOrNull } from '../../../../lib/json.js';
import { userOf } from '../../../../plugins/app/auth.js';
import { problems, USER_SECURITY } from '../../../problems.js';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/inbox',
    {
      onRequest: app.requireUser('approver', 'admin', 'operator', 'auditor'),
      schema: {
        summary: 'Pending cost shares of your region, by deadline (national roles name a region)',
        tags: ['approvals'],
        security: USER_SECURITY,
        querystring: ApprovalInboxQuery,
        response: { 200: ApprovalInbox, ...problems(403, 422) },
      },
    },
    async (request) => {
      const user = userOf(request);
      const asked = request.query.regionCode;
      if (user.regionCode !== null && asked && asked !== user.regionCode) {
        throw forbidden('approvers see the inbox of their own region only', 'not_your_region');
      }
      const region = user.regionCode ?? asked;
      if (!region) {
        throw unprocessable('region_required', 'name the region whose inbox to show', [
          { path: 'querystring.regionCode', message: 'required for national users' },
        ]);
      }
      const rows = await repository.pendingApprovals(app.deps.db, region);
      const now = Date.now();
      return {
        items: rows.map((r) => ({
          ...r,
          deadline: iso(r.deadline),
          overdue: r.deadline.getTime() < now,
          escalatedAt: isoOrNull(r.escalatedAt),
        })),
      };
    },
  );
};

export default routes;
