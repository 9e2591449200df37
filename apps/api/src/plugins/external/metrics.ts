import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { poolStats } from '@qiancheng/db';
import type { FastifyInstance } from 'fastify';
import fastifyMetricsModule from 'fastify-metrics';
import fp from 'fastify-plugin';
import promClient from 'prom-client';

// A CommonJS module whose plugin is its `default` export (Node's ESM import gives the whole module).
const fastifyMetrics = fastifyMetricsModule.default;

/**
 * Request metrics in Prometheus' format (fastify-metrics over prom-client), when
 * `settings.metrics`: `http_request_duration_seconds{method,route,status_code}` (a histogram: its
 * `_count` by `status_code=~"5.."` is the 5xx rate), the Node process' own metrics (event-loop
 * lag, heap, GC) and the database pool's saturation. Served on a port of their own
 * (serveMetrics), never on the public listener.
 */
export default fp(
  async (app: FastifyInstance) => {
    if (!app.settings.metrics) return;
    await app.register(fastifyMetrics, {
      promClient,
      // Not a route of the public API: serveMetrics puts it on its own port.
      endpoint: null,
      // One registry a process; a second app in the same process (tests) starts it afresh.
      clearRegisterOnInit: true,
      routeMetrics: {
        // The histogram gives rates and quantiles; the summary would repeat it per instance.
        enabled: { histogram: true, summary: false },
        overrides: {
          histogram: { buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] },
        },
      },
    });
    const { db } = app.deps;
    new promClient.Gauge({
      name: 'qiancheng_db_pool_connections_in_use',
      help: 'connections of the pool running a query',
      collect() {
        const stats = poolStats(db);
        this.set(stats.total - stats.idle);
      },
    });
    new promClient.Gauge({
      name: 'qiancheng_db_pool_waiting_requests',
      help: 'queries waiting for a free connection (above zero for long: the pool is too small)',
      collect() {
        this.set(poolStats(db).waiting);
      },
    });
    new promClient.Gauge({
      name: 'qiancheng_db_pool_max',
      help: 'the pool size limit',
      collect() {
        this.set(poolStats(db).max);
      },
    });
  },
  { name: 'metrics', dependencies: ['settings'] },
);

export interface MetricsServer {
  /** `http://host:port/metrics`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the process' metrics at `GET /metrics` on a listener of its own. Who may scrape is decided
 * by who can reach the port (a NetworkPolicy in infra/k8s lets only the monitoring namespace in),
 * not by the API's authentication: Prometheus holds no API credentials.
 */
export async function serveMetrics(options: {
  host: string;
  port: number;
}): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    promClient.register.metrics().then(
      (text) => {
        response.writeHead(200, { 'content-type': promClient.register.contentType });
        response.end(text);
      },
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}/metrics`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
