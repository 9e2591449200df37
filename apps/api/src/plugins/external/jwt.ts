import jwt from '@fastify/jwt';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** What a console token carries: enough to authorise without a database read per request. */
export interface TokenClaims {
  sub: string;
  username: string;
  displayName: string;
  role: 'project_manager' | 'approver' | 'auditor' | 'operator' | 'admin';
  regionCode: string | null;
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: TokenClaims;
    user: TokenClaims;
  }
}

/** Short-lived HS256 bearer tokens for console users (issued by POST /api/v1/auth/login). */
export default fp(
  async (app: FastifyInstance) => {
    await app.register(jwt, {
      secret: app.settings.tokenSecret,
      sign: { algorithm: 'HS256', expiresIn: app.settings.tokenTtlSeconds, iss: 'qiancheng-api' },
      verify: { algorithms: ['HS256'], allowedIss: 'qiancheng-api' },
    });
  },
  { name: 'jwt', dependencies: ['settings'] },
);
