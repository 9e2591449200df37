import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Db } from '@qiancheng/db';
import type { Connection } from '@temporalio/client';
import Fastify, { type FastifyServerOptions } from 'fastify';
import errorHandler from './plugins/app/error-handler.js';
import healthRoutes from './routes/health.js';

export interface AppDeps {
  db: Db;
  /** A (lazy) connection to Temporal; the API starts and signals workflows through it. */
  temporal: Connection;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
}

/** Builds the whole API as one Fastify instance; server.ts listens, tests call `inject`. */
export async function buildApp(deps: AppDeps, options: FastifyServerOptions = {}) {
  const app = Fastify({
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: 'x-request-id',
    ...options,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.decorate('deps', deps);
  await app.register(errorHandler);
  await app.register(healthRoutes);
  return app;
}
