import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ChangePasswordRequest, LoginRequest, LoginResponse, WhoAmI } from '@qiancheng/contracts';
import { auditLog, enterprises, type UserRow, users } from '@qiancheng/db';
import Type from 'typebox';
import { unauthorized, unprocessable } from '../../../../errors.js';
import { userOf } from '../../../../plugins/app/auth.js';
import { usernameDigest } from '../../../../plugins/external/rate-limit.js';
import { problems, USER_SECURITY } from '../../../problems.js';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  /** A token for `user` at its current token version, and the answer login gives. */
  const session = (
    user: Pick<UserRow, 'id' | 'username' | 'displayName' | 'role' | 'regionCode' | 'tokenVersion'>,
  ) => ({
    token: app.jwt.sign({
      sub: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      regionCode: user.regionCode,
      ver: user.tokenVersion,
    }),
    tokenType: 'Bearer' as const,
    expiresAt: new Date(Date.now() + app.settings.tokenTtlSeconds * 1000).toISOString(),
    user: {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      regionCode: user.regionCode,
    },
  });

  app.post(
    '/login',
    {
      schema: {
        summary: 'Sign in to the console: a short-lived bearer token',
        tags: ['auth'],
        body: LoginRequest,
        response: { 200: LoginResponse, ...problems() },
      },
      // Counted before the password is checked, per username and per address (see rate-limit.ts).
      preHandler: async (request, reply) => {
        await app.countLoginAttempt(request, reply, request.body.username);
      },
    },
    async (request, reply) => {
      const { db } = app.deps;
      const user = await users.verifyCredentials(db, request.body.username, request.body.password);
      if (!user) {
        // Never the typed name itself: people type passwords into the username field. A known
        // user is named by id; anything else by a keyed digest (repeats still line up).
        const known = await users.findByUsername(db, request.body.username);
        await auditLog.append(db, {
          actor: `anonymous:${request.ip}`,
          action: 'auth.login_failed',
          subjectType: 'user',
          subjectId:
            known?.id ??
            `unknown:${usernameDigest(app.settings.tokenSecret, request.body.username)}`,
          reason: null,
          details: {},
          requestId: request.id,
        });
        throw unauthorized('wrong username or password', 'invalid_credentials');
      }
      reply.header('cache-control', 'no-store');
      return session(user);
    },
  );

  app.post(
    '/logout',
    {
      onRequest: app.requireUser(),
      schema: {
        summary: "Sign out: ends every one of the user's sessions (all tokens issued so far)",
        tags: ['auth'],
        security: USER_SECURITY,
        response: { 204: Type.Null(), ...problems(403) },
      },
    },
    async (request, reply) => {
      const user = userOf(request);
      await users.revokeTokens(app.deps.db, user.id);
      await auditLog.append(app.deps.db, {
        actor: `user:${user.id}`,
        action: 'auth.logout',
        subjectType: 'user',
        subjectId: user.id,
        reason: null,
        details: {},
        requestId: request.id,
      });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/password',
    {
      onRequest: app.requireUser(),
      schema: {
        summary: 'Change your password: every other session ends; the answer is a new token',
        tags: ['auth'],
        security: USER_SECURITY,
        body: ChangePasswordRequest,
        response: { 200: LoginResponse, ...problems(403, 422) },
      },
      // The current password is checked here too: guesses count like sign-ins.
      preHandler: async (request, reply) => {
        await app.countLoginAttempt(request, reply, userOf(request).username);
      },
    },
    async (request, reply) => {
      const { db } = app.deps;
      const me = userOf(request);
      const { currentPassword, newPassword } = request.body;
      const verified = await users.verifyCredentials(db, me.username, currentPassword);
      if (!verified || verified.id !== me.id) {
        throw unauthorized('the current password is wrong', 'invalid_credentials');
      }
      if (newPassword === currentPassword) {
        throw unprocessable('password_unchanged', 'the new password must differ from the current', [
          { path: '/newPassword', message: 'must differ from the current password' },
        ]);
      }
      const updated = await users.setPassword(db, me.id, newPassword);
      if (!updated) throw unauthorized();
      await auditLog.append(db, {
        actor: `user:${me.id}`,
        action: 'auth.password_changed',
        subjectType: 'user',
        subjectId: me.id,
        reason: null,
        details: {},
        requestId: request.id,
      });
      reply.header('cache-control', 'no-store');
      return session(updated);
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
