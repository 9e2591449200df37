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

/**
 * The workflow update id of a request with an Idempotency-Key (plugins/app/idempotency.ts): the
 * same caller, key and request give the same update, so a step retried after a timeout is not
 * applied twice; another caller's or another body's key never lands on this update.
 */
export function updateKeyOf(request: FastifyRequest): string | undefined {
  return request.idempotency?.updateId;
}
