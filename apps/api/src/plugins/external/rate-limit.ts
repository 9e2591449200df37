import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from '../../errors.js';
import { verifiedPrincipal } from '../app/auth.js';

/**
 * Whose budget a request spends: a verified enterprise key or console user has its own; anything
 * else — no credential, or one that does not verify — spends its address's. A credential's shape
 * is never trusted: made-up keys would each get a fresh bucket.
 */
async function callerKey(request: FastifyRequest): Promise<string> {
  const principal = await verifiedPrincipal(request);
  if (principal?.kind === 'enterprise') return `key:${principal.keyId}`;
  if (principal?.kind === 'user') return `user:${principal.id}`;
  return `ip:${request.ip}`;
}

const tooMany = (after: string) =>
  new ApiError(429, 'rate_limited', `rate limit exceeded; retry in ${after}`);

/** A digest of a typed username: the limiter's key, and what a failed sign-in may record. */
export function usernameDigest(secret: string, username: string): string {
  const normalised = username.normalize('NFKC').trim().toLowerCase();
  return createHash('sha256').update(`${secret}\u0000${normalised}`).digest('hex').slice(0, 32);
}

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Counts one sign-in attempt (or a password check) against both the username's and the
     * address's budget, before the password is checked; throws 429 when either is spent.
     */
    countLoginAttempt(
      request: FastifyRequest,
      reply: FastifyReply,
      username: string,
    ): Promise<void>;
  }
}

/**
 * Per-caller request budget (in memory: one instance; use a shared store behind a balancer).
 * The hook is added at the root, so it runs before every route's own onRequest hooks: requests
 * refused by authentication (401/403) are counted too.
 */
export default fp(
  async (app: FastifyInstance) => {
    await app.register(rateLimit, {
      global: false,
      timeWindow: '1 minute',
      errorResponseBuilder: (_request, context) => tooMany(context.after),
    });
    app.addHook(
      'onRequest',
      app.rateLimit({
        max: app.settings.rateLimitMax,
        timeWindow: '1 minute',
        keyGenerator: callerKey,
        // Health checks come from load balancers and must never be limited.
        allowList: (request) => request.url === '/health',
      }),
    );

    // Sign-in: per username (40 guesses at one account are throttled after a few) and, more
    // loosely, per address (one office behind a proxy is not locked out by one user's typos).
    const perUsername = app.createRateLimit({
      max: app.settings.loginRateLimitMax,
      timeWindow: '1 minute',
      keyGenerator: (request) => `login-user:${(request as LoginCounted).loginDigest}`,
    });
    const perAddress = app.createRateLimit({
      max: app.settings.loginAddressRateLimitMax,
      timeWindow: '1 minute',
      keyGenerator: (request) => `login-ip:${request.ip}`,
    });
    app.decorate(
      'countLoginAttempt',
      async (request: FastifyRequest, reply: FastifyReply, username: string) => {
        (request as LoginCounted).loginDigest = usernameDigest(app.settings.tokenSecret, username);
        const [user, address] = await Promise.all([perUsername(request), perAddress(request)]);
        const spent = [user, address].filter((limit) => !limit.isAllowed && limit.isExceeded);
        if (spent.length > 0) {
          const seconds = Math.max(
            ...spent.map((limit) => (limit.isAllowed ? 0 : limit.ttlInSeconds)),
          );
          reply.header('retry-after', seconds);
          throw tooMany(`${seconds} seconds`);
        }
      },
    );
  },
  { name: 'rate-limit', dependencies: ['settings'] },
);

type LoginCounted = FastifyRequest & { loginDigest?: string };
