import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Db } from '@qiancheng/db';
import type { Client, Connection } from '@temporalio/client';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { type AppSettings, DEFAULT_SETTINGS } from './config.js';
import authPlugin from './plugins/app/auth.js';
import errorHandler from './plugins/app/error-handler.js';
import settingsPlugin from './plugins/app/settings.js';
import cors from './plugins/external/cors.js';
import helmet from './plugins/external/helmet.js';
import jwt from './plugins/external/jwt.js';
import rateLimit from './plugins/external/rate-limit.js';
import swagger from './plugins/external/swagger.js';
import approvalRoutes from './routes/api/v1/approvals/index.js';
import authRoutes from './routes/api/v1/auth/index.js';
import demandOrderRoutes from './routes/api/v1/demand-orders/index.js';
import dispatchRoutes from './routes/api/v1/dispatch/index.js';
import oversightRoutes from './routes/api/v1/oversight/index.js';
import projectRoutes from './routes/api/v1/projects/index.js';
import webhookRoutes from './routes/api/v1/webhook/index.js';
import healthRoutes from './routes/health.js';

export interface AppDeps {
  db: Db;
  /** A (lazy) connection to Temporal; /health probes it. */
  temporal: Connection;
  /** The client over `temporal`, in the configured namespace: starts, updates and queries. */
  client: Client;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
}

/** Log paths that may hold secrets or resident ID numbers: never written (十八, privacy). */
export const LOG_REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'password',
  '*.password',
  'residentId',
  '*.residentId',
  '*.*.residentId',
  '*.*.*.residentId',
  'secret',
  '*.secret',
];

export interface BuildOptions extends FastifyServerOptions {
  settings?: Partial<AppSettings>;
}

/** Builds the whole API as one Fastify instance; server.ts listens, tests call `inject`. */
export async function buildApp(deps: AppDeps, options: BuildOptions = {}) {
  const { settings: overrides, ...fastifyOptions } = options;
  const settings: AppSettings = { ...DEFAULT_SETTINGS, ...overrides };
  const app = Fastify({
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: 'x-request-id',
    bodyLimit: settings.bodyLimitBytes,
    // Report every failing field at once, so a client fixes a form in one round trip.
    ajv: { customOptions: { allErrors: true } },
    ...fastifyOptions,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.decorate('deps', deps);
  // The request id goes back to the client, so a problem report can be matched to the logs.
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(settingsPlugin, { settings });
  await app.register(errorHandler);
  await app.register(helmet);
  await app.register(cors);
  await app.register(rateLimit);
  await app.register(swagger);
  await app.register(jwt);
  await app.register(authPlugin);

  await app.register(healthRoutes);
  await app.register(
    async (v1) => {
      await v1.register(authRoutes, { prefix: '/auth' });
      await v1.register(demandOrderRoutes, { prefix: '/demand-orders' });
      await v1.register(webhookRoutes, { prefix: '/webhook' });
      await v1.register(projectRoutes, { prefix: '/projects' });
      await v1.register(approvalRoutes, { prefix: '/approvals' });
      await v1.register(oversightRoutes);
      await v1.register(dispatchRoutes, { prefix: '/dispatch' });
    },
    { prefix: '/api/v1' },
  );
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
