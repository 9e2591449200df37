import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  createDb,
  type Db,
  DEMO_PASSWORD,
  migrateToLatest,
  projects,
  referenceData,
  seedDemoData,
} from '@qiancheng/db';
import { createTestDatabase, requireTestEnv, type TestDatabase } from '@qiancheng/testing';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The real processes as deployed — the API (src/server.ts) and the worker (the workflows package's
// built main.js) — with metrics, probes and tracing switched on by their environment variables, a
// project launched through the API, and what an operator would see: Prometheus text that moved,
// one trace from the HTTP request through the workflow into its activities, JSON log lines that
// name the request, the workflow and the trace.
const env = requireTestEnv();
const apiServer = fileURLToPath(new URL('../src/server.ts', import.meta.url));
const workerMain = fileURLToPath(
  new URL('../../../workflows/dist/worker/main.js', import.meta.url),
);
const taskQueue = `api-telemetry-${process.pid}-${Date.now()}`;

interface ExportedSpan {
  service: string;
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
}

let database: TestDatabase;
let db: Db;
let receiver: Server;
const spans: ExportedSpan[] = [];
const processes: { child: ChildProcess; lines: string[] }[] = [];
let api: { url: string; metrics: string; lines: string[] };
let worker: { metrics: string; health: string; lines: string[] };
let projectId: string;

async function freePort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** An OTLP/HTTP receiver (JSON encoding, what @opentelemetry/exporter-trace-otlp-http sends). */
async function startReceiver(): Promise<string> {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        for (const resourceSpans of body.resourceSpans ?? []) {
          const service = resourceSpans.resource.attributes.find(
            (a: { key: string }) => a.key === 'service.name',
          )?.value.stringValue;
          for (const scope of resourceSpans.scopeSpans ?? [])
            for (const span of scope.spans ?? [])
              spans.push({
                service,
                name: span.name,
                traceId: span.traceId,
                spanId: span.spanId,
                parentSpanId: span.parentSpanId ?? '',
              });
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
}

function start(args: string[], extraEnv: Record<string, string>, cwd?: string) {
  const lines: string[] = [];
  // As deployed: the apps know the least-privilege role only, not the tables' owner.
  const { DATABASE_URL: _owner, ...inherited } = process.env;
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...inherited, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let rest = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const text = rest + chunk.toString('utf8');
    const parts = text.split('\n');
    rest = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  processes.push({ child, lines });
  return lines;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const dead = processes.find(({ child }) => child.exitCode !== null);
    if (dead)
      throw new Error(`${dead.child.spawnargs.join(' ')} exited with ${dead.child.exitCode}`);
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Sum of a metric's samples whose labels contain every `labels` pair (0 when absent). */
async function sample(url: string, name: string, labels: Record<string, string> = {}) {
  const text = await (await fetch(url)).text();
  let total = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const set = match[2] ?? '';
    if (Object.entries(labels).every(([k, v]) => set.includes(`${k}="${v}"`)))
      total += Number(match[3]);
  }
  return total;
}

const jsonLines = (lines: string[]) =>
  lines.flatMap((line) => {
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });

beforeAll(async () => {
  database = await createTestDatabase('api_telemetry');
  db = createDb(database.url, { max: 2 });
  await migrateToLatest(db);
  await referenceData.sync(db);
  await seedDemoData(db);
  const local = (await projects.list(db)).find((p) => p.name.startsWith('成都市养老护理员'));
  if (!local) throw new Error('demo project missing');
  projectId = local.id;

  const otlp = await startReceiver();
  const [apiPort, apiMetricsPort, workerMetricsPort, workerHealthPort] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const common = {
    NODE_ENV: 'test',
    APP_DATABASE_URL: database.appUrl,
    TEMPORAL_ADDRESS: env.temporalAddress,
    TEMPORAL_NAMESPACE: env.temporalNamespace,
    TASK_QUEUE: taskQueue,
    OTEL_EXPORTER_OTLP_ENDPOINT: otlp,
    // Export within a fraction of a second, not the default 5 s.
    OTEL_BSP_SCHEDULE_DELAY: '200',
  };
  worker = {
    metrics: `http://127.0.0.1:${workerMetricsPort}/metrics`,
    health: `http://127.0.0.1:${workerHealthPort}`,
    lines: start([workerMain], {
      ...common,
      LOG_LEVEL: 'debug',
      WORKER_METRICS_ADDRESS: `127.0.0.1:${workerMetricsPort}`,
      WORKER_HEALTH_ADDRESS: `127.0.0.1:${workerHealthPort}`,
    }),
  };
  api = {
    url: `http://127.0.0.1:${apiPort}`,
    metrics: `http://127.0.0.1:${apiMetricsPort}/metrics`,
    lines: start(
      ['--import', 'tsx', apiServer],
      { ...common, PORT: String(apiPort), METRICS_PORT: String(apiMetricsPort), HOST: '127.0.0.1' },
      fileURLToPath(new URL('..', import.meta.url)),
    ),
  };
  await until('the API', async () => ((await fetch(`${api.url}/health`)).ok ? true : undefined));
  await until('the worker', async () =>
    (await fetch(`${worker.health}/ready`)).ok ? true : undefined,
  );
});

afterAll(async () => {
  const connection = await Connection.connect({ address: env.temporalAddress });
  await new Client({ connection, namespace: env.temporalNamespace }).workflow
    .getHandle(`project-${projectId}`)
    .terminate('test over')
    .catch(() => undefined);
  await connection.close();
  for (const { child } of processes) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  await new Promise((resolve) => receiver?.close(resolve));
  await db?.destroy();
  await database?.drop();
});

describe('an operator watching a launch', () => {
  it('sees request metrics, the SDK metrics, one trace from request to activity, and JSON logs that name them', async () => {
    const launchCount = {
      method: 'POST',
      route: '/api/v1/projects/:id/launch',
      status_code: '201',
    };
    const launchesBefore = await sample(
      api.metrics,
      'http_request_duration_seconds_count',
      launchCount,
    );
    const scheduledBefore = await sample(
      worker.metrics,
      'temporal_workflow_task_schedule_to_start_latency_seconds_count',
    );
    const activitiesBefore = await sample(
      worker.metrics,
      'temporal_activity_execution_latency_seconds_count',
    );

    const login = await fetch(`${api.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'pm.chengdu', password: DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    // The caller's own trace: everything below must continue it.
    const traceId = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
    const callerSpanId = '0123456789abcdef';
    const launched = await fetch(`${api.url}/api/v1/projects/${projectId}/launch`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        traceparent: `00-${traceId}-${callerSpanId}-01`,
      },
      body: '{}',
    });
    expect(launched.status, await launched.clone().text()).toBe(201);
    const requestId = launched.headers.get('x-request-id');

    // The trace: API request → workflow start (client) → workflow run → activity run (worker).
    const inTrace = () => spans.filter((s) => s.traceId === traceId);
    await until(
      'the worker’s activity spans',
      async () =>
        inTrace().some((s) => s.service === 'qiancheng-worker' && s.name.startsWith('RunActivity'))
          ? true
          : undefined,
      30_000,
    );
    // The workflow's own span ends with the workflow: cancel the project (another request, its
    // own trace) and the run's span arrives, a child of the launch's workflow start.
    for (let attempt = 0; ; attempt += 1) {
      const cancelled = await fetch(`${api.url}/api/v1/projects/${projectId}/cancel`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ reason: '测试结束' }),
      });
      if (cancelled.status === 200) break;
      if (attempt > 40) throw new Error(`cancel answered ${cancelled.status}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const run = await until(
      'the workflow’s span',
      async () =>
        inTrace().find(
          (s) => s.service === 'qiancheng-worker' && s.name === 'RunWorkflow:projectWorkflow',
        ),
      30_000,
    );
    const trace = inTrace();
    const of = (service: string, name: string) =>
      trace.filter((s) => s.service === service && s.name === name);
    const [request] = of('qiancheng-api', 'request');
    expect(request?.parentSpanId).toBe(callerSpanId);
    const [start] = of('qiancheng-api', 'StartWorkflow:projectWorkflow');
    expect(trace.find((s) => s.spanId === start?.parentSpanId)?.parentSpanId).toBe(request?.spanId);
    expect(run.parentSpanId).toBe(start?.spanId);
    // Each activity the workflow ran: scheduled inside the run, executed under that schedule.
    const started = of('qiancheng-worker', 'StartActivity:recordStage');
    expect(started.length).toBeGreaterThan(0);
    expect(started.every((s) => s.parentSpanId === run.spanId)).toBe(true);
    const ran = of('qiancheng-worker', 'RunActivity:recordStage');
    expect(ran.map((s) => s.parentSpanId).sort()).toEqual(started.map((s) => s.spanId).sort());

    // Request metrics on the API's metrics port (not on its public port).
    expect(await sample(api.metrics, 'http_request_duration_seconds_count', launchCount)).toBe(
      launchesBefore + 1,
    );
    expect(await sample(api.metrics, 'qiancheng_db_pool_max')).toBe(10);
    expect((await fetch(`${api.url}/metrics`)).status).toBe(404);
    // The SDK's metrics moved: workflow tasks were scheduled and picked up, activities ran.
    expect(
      await sample(
        worker.metrics,
        'temporal_workflow_task_schedule_to_start_latency_seconds_count',
      ),
    ).toBeGreaterThan(scheduledBefore);
    expect(
      await sample(worker.metrics, 'temporal_activity_execution_latency_seconds_count'),
    ).toBeGreaterThan(activitiesBefore);
    expect(await sample(worker.metrics, 'qiancheng_db_pool_max')).toBe(10);
    expect((await fetch(`${worker.health}/live`)).status).toBe(200);

    // JSON logs: the API's lines carry the request id and the trace; the worker's, the workflow.
    const apiLog = jsonLines(api.lines);
    expect(apiLog.some((l) => l.reqId === requestId && l.trace_id === traceId)).toBe(true);
    await until(
      'a worker log line naming the workflow',
      async () =>
        jsonLines(worker.lines).some(
          (l) => l.workflowId === `project-${projectId}` && typeof l.activityType === 'string',
        )
          ? true
          : undefined,
      10_000,
    );
    expect(jsonLines(worker.lines).length).toBe(worker.lines.filter((l) => l.trim()).length);
  });
});
