import { FastifyOtelInstrumentation } from '@fastify/otel';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * OpenTelemetry spans for requests (@fastify/otel), when `settings.tracing`: a span per request,
 * continuing the caller's `traceparent`, with the handler running inside it — so the workflow
 * client's interceptor makes the workflow start, update or query its child, and the worker's
 * interceptors carry the trace on into the workflow and its activities. Hook spans are left out:
 * a dozen hooks per request would bury the handler. The global tracer provider is server.ts's
 * (startTracing); with none registered this plugin is not registered either.
 */
export default fp(
  async (app: FastifyInstance) => {
    if (!app.settings.tracing) return;
    const instrumentation = new FastifyOtelInstrumentation({
      instrumentHooks: false,
      // Probes and the SSE stream would be noise, or spans that never end.
      ignorePaths: (route) => route.url === '/health' || route.url.endsWith('/events'),
    });
    await app.register(instrumentation.plugin());
  },
  { name: 'otel', dependencies: ['settings'] },
);
