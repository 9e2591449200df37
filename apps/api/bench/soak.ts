// Soak run (not a test): mixed traffic for BENCH_SOAK_MINUTES (default 10) against the whole API
// on loopback, as every kind of caller, workflow steps included, with a worker running the
// projects. Prints requests, answers by status, errors and p50/p99 latency. Needs DATABASE_URL and
// TEMPORAL_ADDRESS (`npm run bench:soak` starts them: node infra/bootstrap.mjs with-services …).
import type { AddressInfo } from 'node:net';
import {
  createDb,
  DEMO_API_KEY,
  DEMO_PASSWORD,
  migrateToLatest,
  projects,
  referenceData,
  seedDemoData,
} from '@qiancheng/db';
import { residentIdCheckDigit } from '@qiancheng/domain';
import { createTestDatabase } from '@qiancheng/testing';
import { createWorker } from '@qiancheng/workflows/worker';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { buildApp } from '../src/app.js';

const MINUTES = Number(process.env.BENCH_SOAK_MINUTES ?? 10);
const CONNECTIONS = Number(process.env.BENCH_SOAK_CONNECTIONS ?? 8);
const address = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
const taskQueue = `soak-${Math.random().toString(36).slice(2, 10)}`;

const database = await createTestDatabase('bench_soak');
const db = createDb(database.url, { max: 16 });
const temporal = await Connection.connect({ address });
const client = new Client({ connection: temporal });
const native = await NativeConnection.connect({ address });
const worker = await createWorker({ connection: native, taskQueue, deps: { db, client } });
const workerRun = worker.run();
const app = await buildApp(
  { db, temporal, client },
  {
    settings: { taskQueue, rateLimitMax: 100_000_000, loginRateLimitMax: 100_000_000 },
    // Errors only: a 5xx is logged with its cause, so a soak that finds one says why.
    logger: { level: 'error' },
  },
);
const started: string[] = [];

try {
  await migrateToLatest(db);
  await referenceData.sync(db);
  await seedDemoData(db);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  const call = async (
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: unknown,
  ) => {
    const t0 = performance.now();
    const response = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, ms: performance.now() - t0, text };
  };
  const login = async (username: string) => {
    const r = await call('POST', '/api/v1/auth/login', {}, { username, password: DEMO_PASSWORD });
    return { authorization: `Bearer ${JSON.parse(r.text).token as string}` };
  };
  const pmChengdu = await login('pm.chengdu');
  const pmDongguan = await login('pm.dongguan');
  const approver = await login('approver.bijie');
  const auditor = await login('auditor');
  const admin = await login('admin');
  const enterprise = { 'x-api-key': DEMO_API_KEY };

  const all = await projects.list(db);
  const local = all.find((p) => p.name.startsWith('成都市养老护理员'));
  const cross = all.find((p) => p.partnerRegions.length > 0);
  if (!local || !cross) throw new Error('demo projects missing');
  const launch = await call('POST', `/api/v1/projects/${local.id}/launch`, pmChengdu, {});
  if (launch.status >= 300) throw new Error(`launch: ${launch.status} ${launch.text}`);
  started.push(`project-${local.id}`);

  const deadline = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
  let seq = 0;
  const residentId = (n: number) => {
    const first17 = `510104199${String(n % 10)}0101${String(n % 1000).padStart(3, '0')}`;
    return `${first17}${residentIdCheckDigit(first17)}`;
  };
  // One of these per request, round robin per connection: every role, steps included.
  const mix: (() => Promise<{ status: number; ms: number }>)[] = [
    () =>
      call(
        'POST',
        '/api/v1/demand-orders',
        { ...enterprise, 'idempotency-key': `soak-${seq % 50}` },
        {
          externalRef: `SOAK-${seq % 50}`,
          occupationCode: '6-30-99-00',
          headcount: 5,
          requiredLevel: 'intermediate',
          wageOfferFen: 600_000,
          workRegionCode: '441900',
          deadline,
        },
      ),
    () => call('GET', '/api/v1/demand-orders?page=1&pageSize=20', enterprise),
    () => call('GET', '/api/v1/projects?pageSize=20', pmDongguan),
    () => call('GET', `/api/v1/projects/${local.id}`, pmChengdu),
    () => {
      seq += 1;
      return call('POST', `/api/v1/projects/${local.id}/enrolments`, pmChengdu, {
        trainees: [
          {
            name: `浸泡学员${seq}`,
            residentId: residentId(seq),
            homeRegionCode: '510100',
            keyGroups: ['migrant_worker'],
          },
        ],
      });
    },
    () => call('GET', '/api/v1/approvals/inbox', approver),
    () =>
      call('POST', `/api/v1/projects/${cross.id}/cost-shares/520500/approve`, approver, {
        round: 1,
      }),
    () => call('GET', '/api/v1/ledger?pageSize=20', auditor),
    () => call('GET', '/api/v1/audit-log?pageSize=20', admin),
    () =>
      call('POST', `/api/v1/projects/${local.id}/enrolment/close`, pmChengdu, {
        reason: 'x\u0000',
      }),
    () => call('GET', '/api/v1/projects?page=1000000000000000000', pmDongguan),
    () => call('GET', '/api/v1/projects', {}),
    () => call('GET', '/health', {}),
  ];

  const until = Date.now() + MINUTES * 60_000;
  const latencies: number[] = [];
  const byStatus = new Map<number, number>();
  let failures = 0;
  console.log(`soak: ${MINUTES} min, ${CONNECTIONS} connections, ${mix.length} kinds of request`);
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, c) => {
      for (let i = c; Date.now() < until; i += 1) {
        const request = mix[i % mix.length] as (typeof mix)[number];
        try {
          const { status, ms } = await request();
          latencies.push(ms);
          byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
        } catch {
          failures += 1;
        }
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  const fiveXX = [...byStatus].filter(([s]) => s >= 500).reduce((n, [, k]) => n + k, 0);
  console.log(
    `requests: ${latencies.length} (${(latencies.length / (MINUTES * 60)).toFixed(1)}/s)`,
  );
  console.log(
    `by status: ${JSON.stringify(Object.fromEntries([...byStatus].sort(([a], [b]) => a - b)))}`,
  );
  console.log(`5xx: ${fiveXX}; transport errors: ${failures}`);
  console.log(
    `latency ms: p50 ${pct(0.5).toFixed(1)}, p99 ${pct(0.99).toFixed(1)}, max ${(latencies.at(-1) ?? 0).toFixed(1)}`,
  );
  process.exitCode = fiveXX > 0 || failures > 0 ? 1 : 0;
} finally {
  for (const id of started) {
    await client.workflow
      .getHandle(id)
      .terminate('soak over')
      .catch(() => undefined);
  }
  await app.close();
  worker.shutdown();
  await workerRun.catch(() => undefined);
  await native.close();
  await temporal.close();
  await db.destroy();
  await database.drop();
}
