import { idempotencyKeys } from '@qiancheng/db';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { conflict } from '../../errors.js';
import { canonicalJson, sha256 } from '../../lib/json.js';
import { actorOf } from './auth.js';

/**
 * Idempotency-Key on every state-changing route (issue 10, finding 7), in one place.
 *
 * A POST, PUT, PATCH or DELETE route that names a `security` scheme (an authenticated caller)
 * accepts an `Idempotency-Key` header unless its `config.idempotency` is `false`. The key is
 * scoped to the caller (user or enterprise) and bound to a hash of method, route, path
 * parameters and body:
 *
 * - first use: the request runs; a 2xx answer is stored, anything else frees the key again (a
 *   corrected retry may reuse it);
 * - same key, same request, answered: the stored answer again (`idempotent-replayed: true`),
 *   without running the handler, so nothing is written or audited twice;
 * - same key, same request, still running: waits for the first answer (up to the workflow
 *   timeout), then replays it, or answers 409 `idempotency_key_in_progress`;
 * - same key, another request: 409 `idempotency_key_reused`, nothing runs.
 *
 * Workflow steps also pass `updateId` (derived from caller, key and hash) to Temporal, so a step
 * retried after a 504 is the same workflow update, never a second one.
 *
 * A hot route may claim the key in its own write instead (`config.idempotencyInline`, through
 * `app.writeOnce`): one statement claims the key with its answer already stored and writes the
 * record, so a first request costs one round trip instead of three (claim, write, complete), and
 * a replay is answered as above (issue 13: the demand-order route).
 */

export interface IdempotencyClaim {
  scope: string;
  key: string;
  /** The Temporal update id of this request: same caller, key and request, same update. */
  updateId: string;
  /** Hash of method, route, params and body: the same key with another request is refused. */
  requestHash: string;
}

/** An inline route's write: its answer, or null when the key was taken (nothing written). */
export type InlineWrite = (
  claim: IdempotencyClaim | null,
) => Promise<{ status: number; body: unknown } | null>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `false` opts a state-changing route out; set to `true` on the routes that take keys. */
    idempotency?: boolean;
    /** The handler claims the key in its own write, through `app.writeOnce`. */
    idempotencyInline?: boolean;
  }
  interface FastifyRequest {
    /** The claimed key of this request, until its answer is stored (inline: the key to claim). */
    idempotency: IdempotencyClaim | null;
  }
  interface FastifyInstance {
    /**
     * Runs an inline route's write, which claims the request's key (if any) in the same
     * statement; when the key was taken, answers as its first request did (replay, 409).
     */
    writeOnce(
      request: FastifyRequest,
      reply: FastifyReply,
      write: InlineWrite,
    ): Promise<FastifyReply>;
  }
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Visible ASCII, as keys are echoed into logs and stored; UUIDs and `order-2027-001` fit. */
export const IdempotencyKeySchema = {
  type: 'string',
  minLength: 1,
  maxLength: 200,
  pattern: '^[\\x21-\\x7e]+$',
  description:
    'same key and request: the first answer again, nothing written twice; same key, other request: 409',
} as const;

function withKeyHeader(headers: unknown): Record<string, unknown> {
  const base =
    headers && typeof headers === 'object'
      ? (headers as Record<string, unknown>)
      : { type: 'object', properties: {} };
  return {
    ...base,
    properties: {
      ...((base.properties as Record<string, unknown> | undefined) ?? {}),
      'idempotency-key': IdempotencyKeySchema,
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export default fp(
  async (app: FastifyInstance) => {
    const { db } = app.deps;
    app.decorateRequest('idempotency', null);

    app.addHook('onRoute', (route: RouteOptions) => {
      const methods = [route.method].flat();
      const schema = route.schema as Record<string, unknown> | undefined;
      const authenticated = Array.isArray(schema?.security) && schema.security.length > 0;
      if (!schema || !authenticated || !methods.some((m) => STATE_CHANGING.has(m))) return;
      if (route.config?.idempotency === false) return;
      route.config = { ...route.config, idempotency: true };
      schema.headers = withKeyHeader(schema.headers);
    });

    const waitMs = app.settings.workflowTimeoutMs;

    /**
     * Answers from what the key holds: the stored answer again, 409 for another request, or (held
     * by a request still running) waits up to the workflow timeout. Resolves 'free' when the key
     * is free (the caller claims it), or the reply once answered.
     */
    const answerFromKey = async (
      reply: FastifyReply,
      look: () => Promise<
        | { state: 'free' | 'in_progress' | 'mismatch' }
        | { state: 'completed'; responseStatus: number; responseBody: unknown }
      >,
    ): Promise<'free' | FastifyReply> => {
      const until = Date.now() + waitMs;
      for (;;) {
        const found = await look();
        if (found.state === 'free') return 'free';
        if (found.state === 'mismatch') {
          throw conflict(
            'idempotency_key_reused',
            'this Idempotency-Key was used with a different request',
          );
        }
        if (found.state === 'completed') {
          void reply.code(found.responseStatus).header('idempotent-replayed', 'true');
          return reply.send(found.responseBody);
        }
        if (Date.now() > until) {
          throw conflict('idempotency_key_in_progress', 'a request with this key is in progress');
        }
        await sleep(50);
      }
    };

    app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
      // Read once: Fastify builds `routeOptions` anew on each read.
      const { config, url: route } = request.routeOptions;
      if (config.idempotency !== true) return;
      const key = request.headers['idempotency-key'];
      if (typeof key !== 'string' || key.length === 0 || !request.principal) return;
      const scope = actorOf(request.principal);
      const requestHash = sha256(
        canonicalJson({
          method: request.method,
          route,
          params: request.params ?? null,
          body: request.body ?? null,
        }),
      );
      const claim: IdempotencyClaim = {
        scope,
        key,
        updateId: `idem-${sha256(`${scope}\n${key}\n${requestHash}`)}`,
        requestHash,
      };
      // The handler claims it in its own write (writeOnce).
      if (config.idempotencyInline === true) {
        request.idempotency = claim;
        return;
      }
      const answered = await answerFromKey(reply, async () => {
        const found = await idempotencyKeys.claim(db, { scope, key, requestHash });
        return found.state === 'new' ? { state: 'free' as const } : found;
      });
      if (answered === 'free') request.idempotency = claim;
      else return answered;
    });

    app.decorate(
      'writeOnce',
      async (request: FastifyRequest, reply: FastifyReply, write: InlineWrite) => {
        const claim = request.idempotency;
        // The write stores the answer with the key itself: nothing for onSend to complete.
        request.idempotency = null;
        // A key freed between the write and the look (a purge) is claimed again: bounded.
        for (let attempt = 0; attempt < 3; attempt += 1) {
          const answer = await write(claim);
          if (answer) return reply.code(answer.status).send(answer.body);
          if (!claim) throw new Error('an inline write without a key reported it taken');
          const answered = await answerFromKey(reply, () => idempotencyKeys.lookup(db, claim));
          if (answered !== 'free') return answered;
        }
        throw conflict('idempotency_key_in_progress', 'a request with this key is in progress');
      },
    );

    const settle = async (request: FastifyRequest, status: number, payload: unknown) => {
      const claim = request.idempotency;
      // An inline route's key is never held open: there is nothing to complete or free.
      if (!claim || request.routeOptions.config.idempotencyInline === true) return;
      request.idempotency = null;
      let body: unknown;
      let stored = false;
      if (status >= 200 && status < 300 && typeof payload === 'string') {
        try {
          body = payload.length > 0 ? JSON.parse(payload) : null;
          stored = true;
        } catch {
          stored = false;
        }
      }
      try {
        if (stored) {
          await idempotencyKeys.complete(db, {
            scope: claim.scope,
            key: claim.key,
            responseStatus: status,
            responseBody: body,
          });
        } else {
          await idempotencyKeys.release(db, claim.scope, claim.key);
        }
      } catch (error) {
        // The answer still goes out; a retry with the key waits, then gets 409 in progress.
        request.log.error({ err: error }, 'idempotency key not settled');
      }
    };

    app.addHook('onSend', async (request, reply, payload) => {
      await settle(request, reply.statusCode, payload);
      return payload;
    });
    // Nothing was sent (e.g. the client went away): the key is freed, not left in progress.
    app.addHook('onResponse', async (request) => {
      await settle(request, 0, null);
    });
  },
  { name: 'idempotency', dependencies: ['settings', 'auth'] },
);
