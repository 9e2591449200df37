// The load generator of demand-orders.bench.ts, run in a process of its own (`runLoad`): a real
// client is another machine, so its work (building bodies, parsing answers, its garbage) must
// not run on the event loop of the API it measures, nor count as the API's latency.
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

export interface LoadSpec {
  title: string;
  url: string;
  /** `closed`: autocannon, as fast as `connections` allow; `paced`: `rate` req/s, open loop. */
  mode: 'closed' | 'paced';
  /** Kept-alive connections of a `closed` load (a paced one opens what its rate needs). */
  connections: number;
  /** Requests a second of a `paced` load. */
  rate?: number;
  durationS: number;
  headers: Record<string, string>;
  /** The order's deadline (YYYY-MM-DD); every request is a new order with its own key. */
  deadline: string;
}

export interface LoadResult {
  title: string;
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
}

/** Marks the child process that generates the load (argv), so importing this file runs nothing. */
const CHILD_FLAG = '--load-client';

/**
 * Runs one load in a new child process (a worker thread would do, but tsx's loader does not reach
 * one in Node 20); resolves with its figures when it is done. The child inherits node's flags:
 * under `--cpu-prof` it writes a profile of its own, apart from the API's.
 */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [CHILD_FLAG]);
    child.once('message', (result) => resolve(result as LoadResult));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the load client exited (${code}) unanswered`)));
    child.send(spec);
  });
}

const body = (spec: LoadSpec, ref: string) =>
  JSON.stringify({
    externalRef: ref,
    occupationCode: '6-30-99-00',
    headcount: 30,
    requiredLevel: 'intermediate',
    wageOfferFen: 680_000,
    workRegionCode: '441900',
    deadline: spec.deadline,
  });

async function closed(spec: LoadSpec): Promise<LoadResult> {
  const result = await autocannon({
    title: spec.title,
    url: spec.url,
    method: 'POST',
    connections: spec.connections,
    duration: spec.durationS,
    headers: { 'content-type': 'application/json', ...spec.headers },
    requests: [
      {
        // Every request a new order with its own idempotency key (the realistic case).
        setupRequest: (request) => {
          const id = randomUUID();
          return {
            ...request,
            headers: { ...request.headers, 'idempotency-key': id },
            body: body(spec, id),
          };
        },
      },
    ],
  });
  return {
    title: spec.title,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx + result.errors,
  };
}

/**
 * Open-loop load at a fixed rate: requests start on a 10 ms clock whether or not earlier ones
 * have answered (autocannon's rate limit sends each second's share in one burst, which measures
 * the burst, not the rate).
 */
async function paced(spec: LoadSpec): Promise<LoadResult> {
  const rate = spec.rate ?? 1;
  // node:http with kept-alive sockets: far cheaper per request than fetch, which shares the CPU.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const post = (key: string, payload: string) =>
    new Promise<number>((resolve, reject) => {
      const request = http.request(
        spec.url,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
            ...spec.headers,
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

  const latencies: number[] = [];
  let non2xx = 0;
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  let sent = 0;
  while (performance.now() - started < spec.durationS * 1000) {
    const due = Math.floor(((performance.now() - started) / 1000) * rate);
    for (; sent < due; sent += 1) {
      const id = randomUUID();
      const t = performance.now();
      const request = post(id, body(spec, id))
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
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (p: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0);
  return {
    title: spec.title,
    rps: latencies.length / spec.durationS,
    p50: at(0.5),
    p99: at(0.99),
    requests: sent,
    non2xx,
  };
}

if (process.argv.includes(CHILD_FLAG)) {
  process.once('message', async (spec: LoadSpec) => {
    const result = await (spec.mode === 'paced' ? paced(spec) : closed(spec));
    // Exits rather than waits for sockets or timers it left open (and writes its profile).
    process.send?.(result, () => process.exit(0));
  });
}
