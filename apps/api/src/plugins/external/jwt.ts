import jwt from '@fastify/jwt';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export const TOKEN_ISSUER = 'qiancheng-api';
export const TOKEN_AUDIENCE = 'qiancheng-console';

/**
 * What a console token carries. Role and region are only a hint for the console: the API reads
 * them from the users table on every request, together with `ver`, which must equal the user's
 * token version (logout, a password change or disabling raises it: revocation at once).
 */
export interface TokenClaims {
  sub: string;
  username: string;
  displayName: string;
  role:
    | 'project_manager'
    | 'approver'
    | 'provincial_coordinator'
    | 'auditor'
    | 'operator'
    | 'admin';
  regionCode: string | null;
  ver: number;
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
      sign: {
        algorithm: 'HS256',
        expiresIn: app.settings.tokenTtlSeconds,
        iss: TOKEN_ISSUER,
        aud: TOKEN_AUDIENCE,
      },
      // A token without an expiry, issuer or audience is refused, not trusted forever.
      verify: {
        algorithms: ['HS256'],
        allowedIss: TOKEN_ISSUER,
        allowedAud: TOKEN_AUDIENCE,
        requiredClaims: ['exp', 'iat', 'iss', 'aud', 'sub', 'ver'],
      },
    });
  },
  { name: 'jwt', dependencies: ['settings'] },
);
