import type { Db } from '@qiancheng/db';
import { apiKeyAuth as apiKeys, hashApiKey, users } from '@qiancheng/db';
import { isWithinRegion } from '@qiancheng/domain';
import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { LRUCache } from 'lru-cache';
import { forbidden, unauthorized } from '../../errors.js';
import type { TokenClaims } from '../external/jwt.js';

export type UserRole = TokenClaims['role'];

/** A console user, from a verified token. */
export interface UserPrincipal {
  kind: 'user';
  id: string;
  username: string;
  displayName: string;
  role: UserRole;
  /** The region the user acts for; null is national. */
  regionCode: string | null;
}

/** An enterprise, from an active API key. */
export interface EnterprisePrincipal {
  kind: 'enterprise';
  enterpriseId: string;
  keyId: string;
  keyPrefix: string;
}

export type Principal = UserPrincipal | EnterprisePrincipal;

/** How the audit log names who acted (十八 "谁使用、谁负责"). */
export function actorOf(principal: Principal): string {
  return principal.kind === 'user'
    ? `user:${principal.id}`
    : `enterprise:${principal.enterpriseId}`;
}

/** True when a user's region scope covers `regionCode` (national users cover everything). */
export function scopeCovers(user: UserPrincipal, regionCode: string): boolean {
  return user.regionCode === null || isWithinRegion(regionCode, user.regionCode);
}

/**
 * How long a verified API key is taken on trust before it is looked up again: an enterprise's
 * burst of posts costs one lookup, not one each (issue 13). A key revoked through this instance
 * is forgotten at once (`forgetApiKeys`); other instances refuse it within this time.
 */
export const API_KEY_CACHE_MS = 10_000;
/** Keys remembered at most (least recently used go first): memory stays bounded. */
const API_KEY_CACHE_MAX = 10_000;

type ApiKeyCache = LRUCache<string, EnterprisePrincipal>;

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyInstance {
    /** Verified API keys, by hash (see API_KEY_CACHE_MS). */
    apiKeyCache: ApiKeyCache;
    /** Forgets every cached API key: call after revoking or rotating keys. */
    forgetApiKeys(): void;
    /** onRequest hook: a console user in one of `roles` (any role when none given). */
    requireUser(...roles: UserRole[]): onRequestAsyncHookHandler;
    /** onRequest hook: an enterprise with an active API key. */
    requireEnterprise(): onRequestAsyncHookHandler;
    /** onRequest hook: an enterprise, or a console user in one of `roles`. */
    requireEnterpriseOrUser(...roles: UserRole[]): onRequestAsyncHookHandler;
  }
}

function bearerOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const [scheme, token] = header.split(' ');
  if (scheme?.toLowerCase() !== 'bearer' || !token) throw unauthorized('malformed Authorization');
  return token;
}

async function enterpriseOfKey(db: Db, cache: ApiKeyCache, key: string) {
  const hash = hashApiKey(key);
  const cached = cache.get(hash);
  if (cached) return cached;
  const found = await apiKeys.findActive(db, key);
  // Only keys that verified are kept: an unknown key is looked up (and refused) every time.
  if (!found) throw unauthorized('unknown or revoked API key', 'invalid_api_key');
  const principal: EnterprisePrincipal = {
    kind: 'enterprise',
    enterpriseId: found.enterpriseId,
    keyId: found.id,
    keyPrefix: found.prefix,
  };
  cache.set(hash, principal);
  return principal;
}

async function identify(
  db: Db,
  cache: ApiKeyCache,
  request: FastifyRequest,
): Promise<Principal | null> {
  const apiKeyHeader = request.headers['x-api-key'];
  const bearer = bearerOf(request);
  // One caller per request: with an API key and a token together, acting as either would let a
  // stolen token ride on a key's rate bucket, or a key on a user's audit trail.
  if (apiKeyHeader !== undefined && bearer !== null) {
    throw unauthorized(
      'send one credential: an API key or a bearer token, not both',
      'ambiguous_credentials',
    );
  }
  // Enterprises may send their key either way; keys are recognisable by their `qck_` prefix.
  const apiKey =
    typeof apiKeyHeader === 'string' ? apiKeyHeader : bearer?.startsWith('qck_') ? bearer : null;
  if (apiKey) return enterpriseOfKey(db, cache, apiKey);
  if (!bearer) return null;
  let claims: TokenClaims;
  try {
    claims = await request.jwtVerify<TokenClaims>();
  } catch {
    throw unauthorized('invalid or expired token', 'invalid_token');
  }
  // The signature proves who the token was issued to, not that they may still act: a disabled or
  // deleted user, or a token from before a logout or password change, is refused at once. The
  // role and region come from the row too, so a change of either applies to the next request.
  // (One primary-key read per request; no cache, so nothing can serve a revoked session.)
  const user = await users.findSession(db, claims.sub);
  if (!user?.active || user.tokenVersion !== claims.ver) {
    throw unauthorized('this session has ended; sign in again', 'invalid_token');
  }
  return {
    kind: 'user',
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    regionCode: user.regionCode,
  };
}

/**
 * The caller proven by a credential, or null when none is sent or it does not verify; never
 * throws. The rate limiter keys on it (before any route's auth hook), so a made-up credential
 * never earns a bucket of its own. A verified principal is kept on the request for the auth hooks.
 */
export async function verifiedPrincipal(request: FastifyRequest): Promise<Principal | null> {
  if (request.principal) return request.principal;
  try {
    request.principal = await identify(request.server.deps.db, request.server.apiKeyCache, request);
  } catch {
    return null;
  }
  return request.principal;
}

/**
 * Authentication (API key or bearer token) and role checks, as hooks each route folder adds.
 * Runs at onRequest, before the body is parsed: an anonymous caller gets 401, not a 400.
 */
export default fp(
  async (app: FastifyInstance) => {
    app.decorateRequest('principal', null);
    const cache: ApiKeyCache = new LRUCache({ max: API_KEY_CACHE_MAX, ttl: API_KEY_CACHE_MS });
    app.decorate('apiKeyCache', cache);
    app.decorate('forgetApiKeys', () => cache.clear());
    const load = async (request: FastifyRequest) => {
      request.principal ??= await identify(app.deps.db, cache, request);
      if (!request.principal) throw unauthorized();
      return request.principal;
    };
    const checkRole = (principal: UserPrincipal, roles: UserRole[]) => {
      if (roles.length > 0 && !roles.includes(principal.role)) {
        throw forbidden(`this needs the role ${roles.join(' or ')}`);
      }
    };
    app.decorate('requireUser', (...roles: UserRole[]): onRequestAsyncHookHandler => {
      return async (request) => {
        const principal = await load(request);
        if (principal.kind !== 'user') throw forbidden('console users only');
        checkRole(principal, roles);
      };
    });
    app.decorate('requireEnterprise', (): onRequestAsyncHookHandler => {
      return async (request) => {
        const principal = await load(request);
        if (principal.kind !== 'enterprise') throw forbidden('enterprises (API key) only');
      };
    });
    app.decorate('requireEnterpriseOrUser', (...roles: UserRole[]): onRequestAsyncHookHandler => {
      return async (request) => {
        const principal = await load(request);
        if (principal.kind === 'user') checkRole(principal, roles);
      };
    });
  },
  { name: 'auth', dependencies: ['jwt'] },
);

/** The authenticated user (after a requireUser hook). */
export function userOf(request: FastifyRequest): UserPrincipal {
  const p = request.principal;
  if (p?.kind !== 'user') throw unauthorized();
  return p;
}

/** The authenticated enterprise (after a requireEnterprise hook). */
export function enterpriseOf(request: FastifyRequest): EnterprisePrincipal {
  const p = request.principal;
  if (p?.kind !== 'enterprise') throw unauthorized();
  return p;
}
