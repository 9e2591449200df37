import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  Claim,
  ClaimDecisionRequest,
  ClaimExplanation,
  ClaimListQuery,
  ClaimPage,
  ClaimPaymentRequest,
  IdParams,
} from '@qiancheng/contracts';
import type { FastifyRequest } from 'fastify';
import { userOf } from '../../../../plugins/app/auth.js';
import * as service from '../../../../services/claims.service.js';
import { problems, USER_SECURITY } from '../../../problems.js';

/**
 * Subsidy claims (补贴结算, 十七): read by anyone whose region owns or pays them; approved,
 * rejected and paid by auditors of the paying region (or national auditors naming it).
 */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;
  const tags = ['claims'];
  const security = USER_SECURITY;
  const readers = app.requireUser();
  const payers = app.requireUser('auditor', 'admin');
  const ctx = (request: FastifyRequest): service.ClaimsContext => ({
    db,
    user: userOf(request),
    requestId: request.id,
  });

  app.get(
    '/',
    {
      onRequest: readers,
      schema: {
        summary: 'Claims per project, trainee, status or paying region, with each party’s part',
        tags,
        security,
        querystring: ClaimListQuery,
        response: { 200: ClaimPage, ...problems(400, 401, 403) },
      },
    },
    async (request) => service.list(ctx(request), request.query),
  );

  app.get(
    '/:id',
    {
      onRequest: readers,
      schema: {
        summary: 'One claim with each paying party’s part, decision and payments',
        tags,
        security,
        params: IdParams,
        response: { 200: Claim, ...problems(401, 403, 404) },
      },
    },
    async (request) => service.get(ctx(request), request.params.id),
  );

  app.get(
    '/:id/explain',
    {
      onRequest: readers,
      schema: {
        summary:
          'Why this amount: policy clause → catalogue version → tier × level → standard → party share → fund → fen, and the eligibility rules',
        tags,
        security,
        params: IdParams,
        response: { 200: ClaimExplanation, ...problems(401, 403, 404) },
      },
    },
    async (request) => service.explain(ctx(request), request.params.id),
  );

  app.post(
    '/:id/decisions',
    {
      onRequest: payers,
      schema: {
        summary: 'The paying region approves or rejects its part (a rejection needs a reason)',
        tags,
        security,
        params: IdParams,
        body: ClaimDecisionRequest,
        response: { 200: Claim, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => service.decide(ctx(request), request.params.id, request.body),
  );

  app.post(
    '/:id/payments',
    {
      onRequest: payers,
      schema: {
        summary: 'Pay the paying region’s approved part: one payment entry per fund',
        tags,
        security,
        params: IdParams,
        body: ClaimPaymentRequest,
        response: { 200: Claim, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => service.pay(ctx(request), request.params.id, request.body),
  );
};

export default routes;
