import rateLimit from '@fastify/rate-limit';
import { apiKeyPrefix } from '@qiancheng/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from '../../errors.js';

/** Enterprises are limited per API key, everyone else per address. */
function callerKey(request: FastifyRequest): string {
  const header = request.headers['x-api-key'];
  const prefix = typeof header === 'string' ? apiKeyPrefix(header) : null;
  return prefix ? `key:${prefix}` : `ip:${request.ip}`;
}

/** Per-caller request budget (in memory: one instance; use a shared store behind a balancer). */
export default fp(
  async (app: FastifyInstance) => {
    await app.register(rateLimit, {
      global: true,
      max: app.settings.rateLimitMax,
      timeWindow: '1 minute',
      keyGenerator: callerKey,
      // Health checks come from load balancers and must never be limited.
      allowList: (request) => request.url === '/health',
      errorResponseBuilder: (_request, context) =>
        new ApiError(429, 'rate_limited', `rate limit exceeded; retry in ${context.after}`),
    });
  },
  { name: 'rate-limit', dependencies: ['settings'] },
);
