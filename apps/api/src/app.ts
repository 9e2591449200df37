import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Db } from '@qiancheng/db';
import type { Client, Connection } from '@temporalio/client';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { type AppSettings, DEFAULT_SETTINGS } from './config.js';
import { AnsweredRequestLog } from './lib/request-log.js';
import authPlugin from './plugins/app/auth.js';
import errorHandler, { clientErrorHandler, frameworkErrors } from './plugins/app/error-handler.js';
import idempotency from './plugins/app/idempotency.js';
import settingsPlugin from './plugins/app/settings.js';
import validation from './plugins/app/validation.js';
import cors from './plugins/external/cors.js';
import helmet from './plugins/external/helmet.js';
import jwt from './plugins/external/jwt.js';
import metrics from './plugins/external/metrics.js';
import otel from './plugins/external/otel.js';
import rateLimit from './plugins/external/rate-limit.js';
import swagger from './plugins/external/swagger.js';
import approvalRoutes from './routes/api/v1/approvals/index.js';
import authRoutes from './routes/api/v1/auth/index.js';
import catalogueRoutes from './routes/api/v1/catalogues/index.js';
import claimRoutes from './routes/api/v1/claims/index.js';
import demandOrderRoutes from './routes/api/v1/demand-orders/index.js';
import dispatchRoutes from './routes/api/v1/dispatch/index.js';
import enterpriseRoutes from './routes/api/v1/enterprises/index.js';
import escalationRoutes from './routes/api/v1/escalations/index.js';
import evaluationBodyRoutes from './routes/api/v1/evaluation-bodies/index.js';
import notificationRoutes from './routes/api/v1/notifications/index.js';
import occupationRoutes from './routes/api/v1/occupations/index.js';
import oversightRoutes from './routes/api/v1/oversight/index.js';
import projectRoutes from './routes/api/v1/projects/index.js';
import qualityReviewRoutes from './routes/api/v1/quality-reviews/index.js';
import regionRoutes from './routes/api/v1/regions/index.js';
import targetRoutes from './routes/api/v1/targets/index.js';
import trainingProviderRoutes from './routes/api/v1/training-providers/index.js';
import userRoutes from './routes/api/v1/users/index.js';
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

/** A client's request id is kept only when it is a short token; anything else is replaced. */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The request id: the client's `x-request-id` when it is a short token (so a caller can match our
 * logs to theirs), else a new UUID. It lands in the append-only audit log, so it is never stored
 * as given (10,000 characters, SQL text: issue 10, finding 9).
 */
export function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && CLIENT_REQUEST_ID.test(header)
    ? header
    : crypto.randomUUID();
}

/** Builds the whole API as one Fastify instance; server.ts listens, tests call `inject`. */
export async function buildApp(deps: AppDeps, options: BuildOptions = {}) {
  const { settings: overrides, ...fastifyOptions } = options;
  const settings: AppSettings = { ...DEFAULT_SETTINGS, ...overrides };
  const app = Fastify({
    // Fastify would take the header as given; genReqId checks it (requestIdOf).
    requestIdHeader: false,
    genReqId: (request) => requestIdOf(request.headers['x-request-id']),
    bodyLimit: settings.bodyLimitBytes,
    // One log line per request, not two (lib/request-log.ts).
    logController: new AnsweredRequestLog(),
    // What Node or Fastify refuse before any route (a bad URL, oversized headers) is problem+json too.
    frameworkErrors,
    clientErrorHandler,
    ...fastifyOptions,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.decorate('deps', deps);
  // The request id goes back to the client, so a problem report can be matched to the logs.
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // Tokens and personal data are never kept by a browser or a shared cache.
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
  });

  await app.register(settingsPlugin, { settings });
  // Before any route: both see every route as it is added (request spans, request metrics).
  await app.register(otel);
  await app.register(metrics);
  await app.register(errorHandler);
  // Before any route is added: its onRoute hook makes every request schema strict.
  await app.register(validation);
  await app.register(helmet);
  await app.register(cors);
  await app.register(rateLimit);
  await app.register(swagger);
  await app.register(jwt);
  await app.register(authPlugin);
  await app.register(idempotency);

  await app.register(healthRoutes);
  await app.register(
    async (v1) => {
      await v1.register(authRoutes, { prefix: '/auth' });
      await v1.register(demandOrderRoutes, { prefix: '/demand-orders' });
      await v1.register(webhookRoutes, { prefix: '/webhook' });
      await v1.register(projectRoutes, { prefix: '/projects' });
      await v1.register(approvalRoutes, { prefix: '/approvals' });
      await v1.register(claimRoutes, { prefix: '/claims' });
      await v1.register(oversightRoutes);
      await v1.register(dispatchRoutes, { prefix: '/dispatch' });
      await v1.register(regionRoutes, { prefix: '/regions' });
      await v1.register(occupationRoutes, { prefix: '/occupations' });
      await v1.register(catalogueRoutes, { prefix: '/catalogues' });
      await v1.register(trainingProviderRoutes, { prefix: '/training-providers' });
      await v1.register(evaluationBodyRoutes, { prefix: '/evaluation-bodies' });
      await v1.register(escalationRoutes, { prefix: '/escalations' });
      await v1.register(notificationRoutes, { prefix: '/notifications' });
      await v1.register(userRoutes, { prefix: '/users' });
      await v1.register(enterpriseRoutes, { prefix: '/enterprises' });
      await v1.register(targetRoutes, { prefix: '/targets' });
      await v1.register(qualityReviewRoutes, { prefix: '/quality-reviews' });
    },
    { prefix: '/api/v1' },
  );
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
