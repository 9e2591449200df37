import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ApprovalIdParams,
  CoordinatorDecisionRequest,
  CoordinatorDecisionResponse,
  EscalationInbox,
  EscalationInboxQuery,
} from '@qiancheng/contracts';
import * as service from '../../../../services/people.service.js';
import { contextOf, updateKeyOf } from '../../../context.js';
import { problems, USER_SECURITY } from '../../../problems.js';

const tags = ['approvals'];

/** Escalated cost-share approvals and the provincial coordinator's decisions on them (十二). */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const coordinators = app.requireUser('provincial_coordinator', 'admin');
  app.get(
    '/',
    {
      onRequest: coordinators,
      schema: {
        summary: "Approvals escalated after their deadline, in the coordinator's province",
        tags,
        security: USER_SECURITY,
        querystring: EscalationInboxQuery,
        response: { 200: EscalationInbox, ...problems(403, 422) },
      },
    },
    async (request) => service.escalationInbox(contextOf(app, request), request.query.provinceCode),
  );
  app.post(
    '/:approvalId/decision',
    {
      onRequest: coordinators,
      schema: {
        summary:
          'Approve or reject an escalated share in the partner’s place, or extend its deadline',
        tags,
        security: USER_SECURITY,
        params: ApprovalIdParams,
        body: CoordinatorDecisionRequest,
        response: { 200: CoordinatorDecisionResponse, ...problems(403, 404, 409, 422) },
      },
    },
    async (request) =>
      service.decideEscalation(
        contextOf(app, request),
        request.params.approvalId,
        request.body,
        updateKeyOf(request),
      ),
  );
};

export default routes;
