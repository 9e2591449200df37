// Benchmark (not a test): POST /api/v1/demand-orders through the whole stack (validation, API-key
// auth, idempotency, audit, one statement) against a bare Fastify route doing the same single
// insert, on the same database in the same run; then the route again at half its peak rate, for
// its latency when not saturated. Needs DATABASE_URL and TEMPORAL_ADDRESS
// (`node infra/bootstrap.mjs with-services pnpm --filter @qiancheng/api run bench`). Writes the
// figures to bench-results/api-….json.
//
// Profile the route: BENCH_ONLY=api node --cpu-prof --cpu-prof-dir=prof --import tsx
// bench/demand-orders.bench.ts, then open the .cpuprofile in Chrome DevTools (Performance).
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import {
  createDb,
  DEMO_API_KEY,
  demandOrders,
  enterprises,
  migrateToLatest,
  referenceData,
  seedDemoData,
} from '@qiancheng/db';
import { createTestDatabase, formatTable, writeBenchResults } from '@qiancheng/testing';
import { Client, Connection } from '@temporalio/client';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { buildApp } from '../src/app.js';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
/** `api`: the full route only (for a profile of it alone). */
const ONLY = process.env.BENCH_ONLY;

const database = await createTestDatabase('bench_api');
const db = createDb(database.url, { max: 16 });
const temporal = Connection.lazy({ address: process.env.TEMPORAL_ADDRESS ?? 'localhost:7233' });
const client = new Client({ connection: temporal });
try {
  await migrateToLatest(db);
  await referenceData.sync(db);
  await seedDemoData(db);
  const enterprise = (await enterprises.list(db)).find((e) => e.name.startsWith('东莞精密'));
  if (!enterprise) throw new Error('demo enterprise missing');

  const deadline = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
  const body = (ref: string) =>
    JSON.stringify({
      externalRef: ref,
      occupationCode: '6-30-99-00',
      headcount: 30,
      requiredLevel: 'intermediate',
      wageOfferFen: 680_000,
      workRegionCode: '441900',
      deadline,
    });

  const api = await buildApp(
    { db, temporal, client },
    { settings: { rateLimitMax: 10_000_000 }, logger: false },
  );
  const bare = Fastify({ logger: false });
  bare.post('/bare/demand-orders', async (request, reply) => {
    const b = request.body as Record<string, string | number>;
    const row = await demandOrders.insert(db, {
      enterpriseId: enterprise.id,
      externalRef: String(b.externalRef),
      occupationCode: String(b.occupationCode),
      headcount: Number(b.headcount),
      requiredLevel: 'intermediate',
      wageOfferFen: Number(b.wageOfferFen),
      workRegionCode: String(b.workRegionCode),
      deadline: String(b.deadline),
    });
    return reply.status(201).send(row);
  });
  const apiUrl = await api.listen({ port: 0, host: '127.0.0.1' });
  const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });

  const run = async (title: string, url: string, headers: Record<string, string>) => {
    const result = await autocannon({
      title,
      url,
      method: 'POST',
      connections: CONNECTIONS,
      duration: DURATION_S,

      headers: { 'content-type': 'application/json', ...headers },
      requests: [
        {
          // Every request a new order with its own idempotency key (the realistic case).
          setupRequest: (request) => {
            const id = randomUUID();
            return {
              ...request,
              headers: { ...request.headers, 'idempotency-key': id },
              body: body(id),
            };
          },
        },
      ],
    });
    const non2xx = result.non2xx + result.errors;
    return {
      title,
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      requests: result.requests.total,
      non2xx,
    };
  };

  // node:http with kept-alive sockets: far cheaper per request than fetch, which shares the CPU.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const post = (url: string, key: string, payload: string) =>
    new Promise<number>((resolve, reject) => {
      const request = http.request(
        url,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
            'x-api-key': DEMO_API_KEY,
            'idempotency-key': key,
          },
        },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
        },
      );
      request.on('error', reject);
      request.end(payload);
    });

  /**
   * Open-loop load at a fixed rate: requests start on a 10 ms clock whether or not earlier ones
   * have answered (autocannon's rate limit sends each second's share in one burst, which measures
   * the burst, not the rate).
   */
  const paced = async (title: string, url: string, rate: number) => {
    const latencies: number[] = [];
    let non2xx = 0;
    const inFlight = new Set<Promise<void>>();
    const started = performance.now();
    let sent = 0;
    while (performance.now() - started < DURATION_S * 1000) {
      const due = Math.floor(((performance.now() - started) / 1000) * rate);
      for (; sent < due; sent += 1) {
        const id = randomUUID();
        const t = performance.now();
        const request = post(url, id, body(id))
          .then((status) => {
            if (status < 200 || status >= 300) non2xx += 1;
            latencies.push(performance.now() - t);
          })
          .catch(() => {
            non2xx += 1;
          })
          .finally(() => inFlight.delete(request));
        inFlight.add(request);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    await Promise.all(inFlight);
    latencies.sort((a, b) => a - b);
    const at = (p: number) =>
      Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0);
    return {
      title,
      rps: latencies.length / DURATION_S,
      p50: at(0.5),
      p99: at(0.99),
      requests: sent,
      non2xx,
    };
  };

  // Warm both paths (JIT, pool), then measure.
  await run('warm-up', `${apiUrl}/api/v1/demand-orders`, { 'x-api-key': DEMO_API_KEY });
  const full = await run('API', `${apiUrl}/api/v1/demand-orders`, { 'x-api-key': DEMO_API_KEY });
  if (ONLY !== 'api') {
    await run('warm-up', `${bareUrl}/bare/demand-orders`, {});
    const baseline = await run('bare', `${bareUrl}/bare/demand-orders`, {});
    // The goal's latency is at half the route's peak: a busy service, not a saturated one.
    const halfRate = Math.max(1, Math.round(full.rps / 2));
    const half = await paced('API ½', `${apiUrl}/api/v1/demand-orders`, halfRate);
    const ratio = full.rps / baseline.rps;
    console.log(`\nPOST demand orders, ${CONNECTIONS} connections, ${DURATION_S} s each`);
    console.log(
      formatTable([
        ['run', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'not 2xx'],
        ...[full, baseline, half].map((r) => [
          r.title,
          Math.round(r.rps),
          r.p50,
          r.p99,
          r.requests,
          r.non2xx,
        ]),
      ]),
    );
    console.log(
      `ratio  API/bare throughput ${ratio.toFixed(2)}, p99 latency ${(full.p99 / Math.max(baseline.p99, 1)).toFixed(2)}x; ` +
        `at half the peak (${halfRate} req/s) p99 ${half.p99} ms`,
    );
    const { path, run: header } = writeBenchResults('api', {
      connections: CONNECTIONS,
      durationS: DURATION_S,
      api: full,
      bare: baseline,
      halfPeak: { ...half, rate: halfRate },
      ratio: Number(ratio.toFixed(3)),
    });
    console.log(
      `commit ${header.commit}${header.dirty ? ' (with uncommitted changes)' : ''}, load average ${header.machine.loadAverage1m.toFixed(1)} on ${header.machine.cpus} cores; figures: ${path}`,
    );
  } else {
    console.log(`API only: ${full.rps.toFixed(0)} req/s, p50 ${full.p50} ms, p99 ${full.p99} ms`);
  }
  await api.close();
  await bare.close();
} finally {
  await db.destroy();
  await temporal.close();
  await database.drop();
}
