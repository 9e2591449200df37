import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** CORS for the console's origin only; machine clients (enterprises) need none. */
export default fp(
  async (app: FastifyInstance) => {
    await app.register(cors, {
      // A list, so the header is sent only when the request's origin is the console's.
      origin: [app.settings.consoleOrigin],
      methods: ['GET', 'POST', 'PUT', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-request-id'],
      exposedHeaders: ['x-request-id', 'idempotent-replayed', 'retry-after'],
      maxAge: 600,
    });
  },
  { name: 'cors', dependencies: ['settings'] },
);
