import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LoginRequest, LoginResponse, WhoAmI } from '@qiancheng/contracts';
import { auditLog, enterprises, users } from '@qiancheng/db';
import { unauthorized } from '../../../../errors.js';
import { problems, USER_SECURITY } from '../../../problems.js';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/login',
    {
      schema: {
        summary: 'Sign in to the console: a short-lived bearer token',
        tags: ['auth'],
        body: LoginRequest,
        response: { 200: LoginResponse, ...problems() },
      },
      // Password guessing is slowed per address, well below the general budget.
      config: { rateLimit: { max: app.settings.loginRateLimitMax, timeWindow: '1 minute' } },
    },
    async (request) => {
      const { db } = app.deps;
      const user = await users.verifyCredentials(db, request.body.username, request.body.password);
      if (!user) {
        await auditLog.append(db, {
          actor: `anonymous:${request.ip}`,
          action: 'auth.login_failed',
          subjectType: 'user',
          subjectId: request.body.username,
          reason: null,
          details: {},
          requestId: request.id,
        });
        throw unauthorized('wrong username or password', 'invalid_credentials');
      }
      const token = app.jwt.sign({
        sub: user.id,
        username: user.username,
        displayName: user.displayName,
        role: user.role,
        regionCode: user.regionCode,
      });
      return {
        token,
        tokenType: 'Bearer' as const,
        expiresAt: new Date(Date.now() + app.settings.tokenTtlSeconds * 1000).toISOString(),
        user: {
          id: user.id,
          username: user.username,
          displayName: user.displayName,
          role: user.role,
          regionCode: user.regionCode,
        },
      };
    },
  );

  app.get(
    '/me',
    {
      onRequest: app.requireEnterpriseOrUser(),
      schema: {
        summary: 'Who the caller is',
        tags: ['auth'],
        security: [...USER_SECURITY, { apiKey: [] }],
        response: { 200: WhoAmI, ...problems() },
      },
    },
    async (request) => {
      const p = request.principal;
      if (!p) throw unauthorized();
      if (p.kind === 'user') {
        return {
          kind: 'user' as const,
          user: {
            id: p.id,
            username: p.username,
            displayName: p.displayName,
            role: p.role,
            regionCode: p.regionCode,
          },
        };
      }
      const enterprise = await enterprises.find(app.deps.db, p.enterpriseId);
      return {
        kind: 'enterprise' as const,
        enterpriseId: p.enterpriseId,
        enterpriseName: enterprise?.name ?? '',
        apiKeyPrefix: p.keyPrefix,
      };
    },
  );
};

export default routes;
