// Benchmark (not a test): POST /api/v1/demand-orders through the whole stack (validation, API-key
// auth, idempotency, audit, one statement) against a bare Fastify route doing the same single
// insert, on the same database in the same run; then the route and the bare insert at half the
// route's peak rate, for their latency when not saturated. Needs DATABASE_URL and TEMPORAL_ADDRESS
// (`node infra/bootstrap.mjs with-services pnpm --filter @qiancheng/api run bench`). Writes the
// figures to bench-results/api-….json. The load comes from a child process (load-client.ts), as
// from another machine: this process' event loop serves requests and nothing else.
//
// Profile the route: BENCH_ONLY=api node --cpu-prof --cpu-prof-dir=prof --import tsx
// bench/demand-orders.bench.ts, then open the .cpuprofile in Chrome DevTools (Performance); the
// largest profile is this process (the server's), the others the load clients'.

import { monitorEventLoopDelay } from 'node:perf_hooks';
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
import Fastify from 'fastify';
import { buildApp } from '../src/app.js';
import { type LoadResult, runLoad } from './load-client.js';

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
  // The server's own view of the paced runs: each request's time in its handler chain (from its
  // first hook to its answer) and how late this process' event loop ran, beside what the client
  // measured. What the client sees beyond these is the machine's (scheduling, sockets, the client).
  const serverSide = { on: false, ms: [] as number[] };
  for (const server of [api, bare])
    server.addHook('onResponse', async (_request, reply) => {
      if (serverSide.on) serverSide.ms.push(reply.elapsedTime);
    });
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  /** Runs a paced load, returning the client's figures with the server's. */
  const observed = async (load: () => Promise<LoadResult>) => {
    serverSide.ms = [];
    serverSide.on = true;
    loopDelay.reset();
    loopDelay.enable();
    const result = await load();
    loopDelay.disable();
    serverSide.on = false;
    const sorted = serverSide.ms.sort((a, b) => a - b);
    const at = (p: number) =>
      sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
    return {
      ...result,
      server: {
        handlerP50: Number(at(0.5).toFixed(1)),
        handlerP99: Number(at(0.99).toFixed(1)),
        loopDelayP99: Number((loopDelay.percentile(99) / 1e6).toFixed(1)),
        loopDelayMax: Number((loopDelay.max / 1e6).toFixed(1)),
      },
    };
  };
  const apiUrl = await api.listen({ port: 0, host: '127.0.0.1' });
  const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });

  const shared = { connections: CONNECTIONS, durationS: DURATION_S, deadline };
  const run = (title: string, url: string, headers: Record<string, string>) =>
    runLoad({ ...shared, title, url, headers, mode: 'closed' });
  const paced = (title: string, url: string, rate: number, headers: Record<string, string>) =>
    runLoad({ ...shared, title, url, headers, mode: 'paced', rate });

  // Warm both paths (JIT, pool), then measure.
  await run('warm-up', `${apiUrl}/api/v1/demand-orders`, { 'x-api-key': DEMO_API_KEY });
  const full = await run('API', `${apiUrl}/api/v1/demand-orders`, { 'x-api-key': DEMO_API_KEY });
  if (ONLY !== 'api') {
    await run('warm-up', `${bareUrl}/bare/demand-orders`, {});
    const baseline = await run('bare', `${bareUrl}/bare/demand-orders`, {});
    // The goal's latency is at half the route's peak: a busy service, not a saturated one.
    const halfRate = Math.max(1, Math.round(full.rps / 2));
    const half = await observed(() =>
      paced('API ½', `${apiUrl}/api/v1/demand-orders`, halfRate, { 'x-api-key': DEMO_API_KEY }),
    );
    // The same rate on the bare insert: the tail this machine gives one insert and its commit
    // (PostgreSQL, the client's process, the scheduler), apart from what the route adds.
    const bareHalf = await observed(() =>
      paced('bare ½', `${bareUrl}/bare/demand-orders`, halfRate, {}),
    );
    const ratio = full.rps / baseline.rps;
    console.log(`\nPOST demand orders, ${CONNECTIONS} connections, ${DURATION_S} s each`);
    console.log(
      formatTable([
        ['run', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'not 2xx'],
        ...[full, baseline, half, bareHalf].map((r) => [
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
      formatTable([
        [
          'paced run',
          'client p99 ms',
          'server handler p50 / p99 ms',
          'event loop delay p99 / max ms',
        ],
        ...[half, bareHalf].map((r) => [
          r.title,
          r.p99,
          `${r.server.handlerP50} / ${r.server.handlerP99}`,
          `${r.server.loopDelayP99} / ${r.server.loopDelayMax}`,
        ]),
      ]),
    );
    console.log(
      `ratio  API/bare throughput ${ratio.toFixed(2)}, p99 latency ${(full.p99 / Math.max(baseline.p99, 1)).toFixed(2)}x; ` +
        `at half the peak (${halfRate} req/s) p99 ${half.p99} ms (the bare insert's at that rate: ${bareHalf.p99} ms)`,
    );
    const { path, run: header } = writeBenchResults('api', {
      connections: CONNECTIONS,
      durationS: DURATION_S,
      api: full,
      bare: baseline,
      halfPeak: { ...half, rate: halfRate },
      bareAtHalfPeak: { ...bareHalf, rate: halfRate },
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
