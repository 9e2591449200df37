// The API of a benchmark's node, as deployed: apps/api's own entry (src/server.ts) in a process of
// its own on a free loopback port, against the bench's database and Temporal. The national bench's
// people take every human step through it over HTTP, signed in as the demo users, as the console
// and its users do: what they wait for includes the API (auth, validation, its reads and writes),
// not only the workflow update behind it.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD } from '@qiancheng/db';
import type { Harness } from '../test/harness.js';

/** Who acts for a region in the national mix: its project manager, or a partner's approver. */
export const REGION_USERS: Readonly<Record<string, string>> = {
  '441900': 'pm.dongguan',
  '440300': 'pm.shenzhen',
  '510100': 'pm.chengdu',
  '520500': 'approver.bijie',
  '520300': 'approver.zunyi',
};

/** How long the API may take to answer /health after its start (a bound, not a goal). */
const START_LIMIT_MS = 60_000;

export interface BenchApi {
  /** Calls the API as the user who acts for `regionCode`; the parsed answer, or throws naming it. */
  call<T>(regionCode: string, method: string, path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

export async function startBenchApi(h: Harness): Promise<BenchApi> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('../../apps/api/src/server.ts', import.meta.url))],
    {
      env: {
        ...process.env,
        NODE_ENV: 'development',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: h.databaseUrl,
        APP_DATABASE_URL: h.appDatabaseUrl,
        TASK_QUEUE: h.taskQueue,
        LOG_LEVEL: 'warn',
        DOCS_ENABLED: 'false',
        // People, not an attacker: the limits a deployment sets per caller would only slow the run.
        RATE_LIMIT_MAX: '1000000000',
        LOGIN_RATE_LIMIT_MAX: '1000',
        AUTH_TOKEN_TTL_SECONDS: '86400',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  let stopping = false;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      if (!stopping) {
        process.stderr.write(`the bench's API process ended (code ${code}, signal ${signal})\n`);
        process.exit(1);
      }
      resolve();
    }),
  );
  const deadline = Date.now() + START_LIMIT_MS;
  for (;;) {
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`the bench's API never answered ${url}/health`);
    await new Promise((r) => setTimeout(r, 250));
  }

  const request = async (method: string, path: string, headers: object, body?: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...headers,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text === '' ? null : JSON.parse(text);
  };
  const tokens = new Map<string, string>();
  for (const [regionCode, username] of Object.entries(REGION_USERS)) {
    const { token } = await request(
      'POST',
      '/api/v1/auth/login',
      {},
      {
        username,
        password: DEMO_PASSWORD,
      },
    );
    tokens.set(regionCode, token as string);
  }
  return {
    async call(regionCode, method, path, body) {
      const token = tokens.get(regionCode);
      if (!token) throw new Error(`no user acts for region ${regionCode} in the bench`);
      return request(method, path, { authorization: `Bearer ${token}` }, body);
    },
    async stop() {
      stopping = true;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
