import type { FastifyInstance, FastifyRequest } from 'fastify';
import { userOf } from '../plugins/app/auth.js';
import type { Context } from '../services/projects.service.js';

/** What a service needs of a request: the dependencies, settings, the user and the request id. */
export function contextOf(app: FastifyInstance, request: FastifyRequest): Context {
  return {
    db: app.deps.db,
    client: app.deps.client,
    settings: app.settings,
    user: userOf(request),
    requestId: request.id,
  };
}

/** An Idempotency-Key, used as the workflow update id so a retried step is the same update. */
export function updateKeyOf(request: FastifyRequest): string | undefined {
  const key = request.headers['idempotency-key'];
  return typeof key === 'string' && key.length > 0
    ? `${request.url.split('?')[0]}:${key}`
    : undefined;
}
