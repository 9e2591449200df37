// Benchmark (not a test): POST /api/v1/demand-orders through the whole stack (validation, API-key
// auth, idempotency, audit, one transaction) against a bare Fastify route doing the same single
// insert, on the same database in the same run. Needs DATABASE_URL and TEMPORAL_ADDRESS
// (`node infra/bootstrap.mjs with-services pnpm --filter @qiancheng/api run bench`).
import { randomUUID } from 'node:crypto';
import {
  createDb,
  DEMO_API_KEY,
  demandOrders,
  enterprises,
  migrateToLatest,
  referenceData,
  seedDemoData,
} from '@qiancheng/db';
import { createTestDatabase } from '@qiancheng/testing';
import { Client, Connection } from '@temporalio/client';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { buildApp } from '../src/app.js';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);

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

  // Warm both paths (JIT, pool), then measure.
  await run('warm-up', `${bareUrl}/bare/demand-orders`, {});
  const full = await run('API', `${apiUrl}/api/v1/demand-orders`, { 'x-api-key': DEMO_API_KEY });
  const baseline = await run('bare', `${bareUrl}/bare/demand-orders`, {});

  const line = (r: typeof full) =>
    `${r.title.padEnd(6)} ${r.rps.toFixed(0).padStart(7)} req/s  p50 ${String(r.p50).padStart(4)} ms  p99 ${String(r.p99).padStart(4)} ms  (${r.requests} requests, ${r.non2xx} not 2xx)`;
  console.log(`\nPOST demand orders, ${CONNECTIONS} connections, ${DURATION_S} s each`);
  console.log(line(full));
  console.log(line(baseline));
  console.log(
    `ratio  API/bare throughput ${(full.rps / baseline.rps).toFixed(2)}, p99 latency ${(full.p99 / Math.max(baseline.p99, 1)).toFixed(2)}x`,
  );
  await api.close();
  await bare.close();
} finally {
  await db.destroy();
  await temporal.close();
  await database.drop();
}
