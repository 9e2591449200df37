// `npm run test:cluster`: the platform on the production topology — Temporal as a cluster of its
// own processes on PostgreSQL (frontend, two history, matching, internal worker), two worker
// processes, two API instances behind the reverse proxy — while cross-region projects run through
// the API over HTTP, one history process, one worker and one API instance are SIGKILLed and the
// PostgreSQL holding Temporal's data restarts. Every project must still close, with exactly one
// ledger line per claim part, no 5xx from an API instance, and every project findable by its
// search attributes.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Claim, TraineeInput } from '@qiancheng/contracts';
import { createDb, type Db, DEMO_API_KEY, DEMO_PASSWORD, demoRuns } from '@qiancheng/db';
import {
  type ClusterPlatform,
  freePort,
  type ManagedProcess,
  startClusterPlatform,
} from '@qiancheng/devstack';
import { PROJECT_STAGES, type ProjectStage, residentIdCheckDigit } from '@qiancheng/domain';
import { Client, Connection } from '@temporalio/client';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChain } from '../src/demo/chain.js';
import { DemoClient } from '../src/demo/http.js';
import type { DemoProjectSpec } from '../src/demo/plan.js';
import type { DemoWorld } from '../src/demo/world.js';

type LedgerLine = {
  claimId: string;
  kind: string;
  payerRegionCode: string | null;
  fundingSource: string;
  amountFen: number;
};

const PROJECTS = 4;
const TRAINEES = 4;
const run = Math.random().toString(36).slice(2, 8);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const auditor = { user: 'auditor' };

let dir: string;
let platform: ClusterPlatform;
let db: Db;
let appDatabase: { url: string; drop(): Promise<void> } | null = null;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qiancheng-cluster-test-'));
  // As root, embedded PostgreSQL runs as the `postgres` user, who must be able to enter the folder.
  chmodSync(dir, 0o755);
  if (process.env.DATABASE_URL) appDatabase = await createDatabase(process.env.DATABASE_URL);
  platform = await startClusterPlatform({
    dataDir: dir,
    apiPort: await freePort(),
    consolePort: null,
    temporalPort: 0,
    temporalUiPort: await freePort(),
    postgresPort: await freePort(),
    ...(appDatabase ? { databaseUrl: appDatabase.url } : {}),
    // Temporal's own PostgreSQL, so that restarting it is Temporal's outage, not the apps'.
    temporalPostgres: { dataDir: join(dir, 'temporal-postgres'), port: await freePort() },
    // A step whose activity was on the killed worker waits for the activity's retry, after its
    // 30-second start-to-close timeout (and the restarted history shard's recovery): the API
    // waits it out instead of answering 504.
    appEnv: { WORKFLOW_TIMEOUT_MS: '90000' },
    build: false,
    quiet: true,
  });
  db = createDb(platform.appEnv.APP_DATABASE_URL as string, { max: 2 });
});

afterAll(async () => {
  await db?.destroy();
  await platform?.stop();
  await appDatabase?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the platform on a Temporal cluster', () => {
  it('closes every cross-region project through SIGKILLs and a Temporal database restart', async () => {
    // A step whose request died with the API instance serving it leaves its key claimed and
    // unanswered (nothing frees it: the instance is gone); the driver frees such a key once older
    // than any request runs, and the step runs again as the same workflow update.
    let freed = 0;
    const client = new DemoClient(platform.proxy.url, DEMO_PASSWORD, async (key) => {
      const released = await demoRuns.releaseStaleDemoKey(db, key, 30_000);
      if (released) freed += 1;
      return released;
    });
    const specs = Array.from({ length: PROJECTS }, (_, i) => projectSpec(i));
    const world = await setUpWorld(client, specs);
    const projectIds = new Map<string, string>();

    const anchorMs = Date.now();
    // The faults, once every project is launched and one is past its partner's approval.
    const faults: string[] = [];
    const chaos = (async () => {
      const rank = (stage: string) => PROJECT_STAGES.indexOf(stage as ProjectStage);
      await waitUntil('every project launched, one enrolling', 300_000, async () => {
        const rows = await db
          .selectFrom('projects')
          .select('stage')
          .where('id', 'in', [...projectIds.values(), '00000000-0000-0000-0000-000000000000'])
          .execute();
        return (
          rows.length === PROJECTS &&
          rows.every((r) => r.stage !== 'demand') &&
          rows.some((r) => rank(r.stage) >= rank('enrolment'))
        );
      });
      const began = Date.now();
      const at = (what: string) => {
        faults.push(`${what} at +${Date.now() - began} ms`);
        process.stdout.write(`[cluster test] ${what} at +${Date.now() - anchorMs} ms\n`);
      };
      await platform.temporal.kill('history-1');
      at('history-1 SIGKILL');
      await sleep(2_000);
      await platform.kill('worker-1');
      at('worker-1 SIGKILL');
      await sleep(2_000);
      await platform.kill('api-1');
      at('api-1 SIGKILL');
      await sleep(2_000);
      await platform.restartTemporalPostgres();
      at("Temporal's PostgreSQL restarted");
    })();
    // Awaited after the chains; when a chain fails first, its error is the one reported.
    chaos.catch(() => {});

    const chains = specs.map(async (spec, position) => {
      // Like the living demo: a step cut short is replayed by its Idempotency-Key, a few times.
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await runChain({
            client,
            world,
            spec,
            position,
            trainees: trainees(position),
            anchorMs,
            onProject: async (projectId) => {
              projectIds.set(spec.key, projectId);
            },
            onStep: async (step) => {
              process.stdout.write(
                `[cluster test] ${spec.key} ${step} +${Date.now() - anchorMs} ms\n`,
              );
            },
          });
        } catch (error) {
          process.stdout.write(`[cluster test] ${spec.key} attempt ${attempt}: ${error}\n`);
          if (attempt >= 3) throw error;
        }
      }
    });
    const ids = await Promise.all(chains);
    await chaos;
    expect(faults).toHaveLength(4);

    // Every project closed, its workflow completed.
    const temporal = await Connection.connect({ address: platform.temporal.address });
    try {
      const temporalClient = new Client({
        connection: temporal,
        namespace: platform.temporal.namespace,
      });
      const rows = await db
        .selectFrom('projects')
        .select(['id', 'stage', 'workflowId'])
        .where('id', 'in', ids)
        .execute();
      expect(rows.map((r) => r.stage)).toEqual(ids.map(() => 'closed'));
      for (const row of rows) {
        // It ends a second after closing (its audit window).
        const handle = temporalClient.workflow.getHandle(row.workflowId as string);
        const status = await waitUntil(`${row.workflowId} completed`, 60_000, async () => {
          const { name } = (await handle.describe()).status;
          return name === 'RUNNING' ? null : name;
        });
        expect(status).toBe('COMPLETED');
        // Findable by its search attributes (visibility on PostgreSQL catches up: bounded wait).
        const found = await waitUntil(`${row.id} in visibility`, 30_000, async () => {
          const matches: string[] = [];
          for await (const execution of temporalClient.workflow.list({
            query: `ProjectId = '${row.id}' AND Stage = 'closed' AND ExecutionStatus = 'Completed'`,
          })) {
            matches.push(execution.workflowId);
          }
          return matches.includes(row.workflowId as string) ? matches : null;
        });
        expect(found).toContain(row.workflowId);
      }

      // The Web UI reads the same cluster (its API proxies the frontend).
      const ui = await fetch(
        `${platform.temporal.uiUrl}/api/v1/namespaces/${platform.temporal.namespace}/workflows?query=${encodeURIComponent(`ProjectId = '${rows[0]?.id}'`)}`,
      );
      expect(ui.status).toBe(200);
      expect(JSON.stringify(await ui.json())).toContain(rows[0]?.workflowId as string);
    } finally {
      await temporal.close();
    }

    // Exactly one ledger line per claim part and fund: the claim, and its payment once paid.
    for (const projectId of ids) {
      const claims = await client.call<{ items: Claim[] }>(
        'GET',
        `/claims?projectId=${projectId}&pageSize=200`,
        auditor,
      );
      const ledger = await client.call<{ items: LedgerLine[] }>(
        'GET',
        `/ledger?projectId=${projectId}&pageSize=200`,
        auditor,
      );
      expect(claims.items.length).toBeGreaterThan(0);
      let expected = 0;
      for (const claim of claims.items) {
        for (const part of claim.parts) {
          for (const line of part.lines) {
            const entries = (kind: string) =>
              ledger.items.filter(
                (e) =>
                  e.claimId === claim.id &&
                  e.kind === kind &&
                  e.payerRegionCode === part.payerRegionCode &&
                  e.fundingSource === line.fundingSource,
              );
            expect(entries('claim').map((e) => e.amountFen)).toEqual([line.owedFen]);
            expected += 1;
            if (line.paidFen > 0) {
              expect(entries('payment').map((e) => e.amountFen)).toEqual([line.paidFen]);
              expected += 1;
            }
          }
        }
        expect(claim.parts.every((part) => part.status === 'paid')).toBe(true);
      }
      expect(ledger.items).toHaveLength(expected);
    }

    // No API instance answered 5xx; both served, and the survivor after the other died.
    const answers = platform.proxy.answers();
    console.log(
      `faults: ${faults.join('; ')}; answers by instance: ${JSON.stringify(answers)}; ` +
        `keys freed after their instance died: ${freed}`,
    );
    const fiveXX = Object.fromEntries(
      Object.entries(answers).map(([name, byStatus]) => [
        name,
        Object.entries(byStatus)
          .filter(([status]) => Number(status) >= 500)
          .reduce((n, [, count]) => n + count, 0),
      ]),
    );
    expect(fiveXX, JSON.stringify(answers)).toEqual({ 'api-1': 0, 'api-2': 0 });
    expect(Object.values(answers['api-1'] ?? {}).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(Object.values(answers['api-2'] ?? {}).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    // The cluster ran the rest with one history process, one worker and one API instance.
    const alive = (child: ManagedProcess) =>
      child.child.exitCode === null && child.child.signalCode === null;
    expect(
      platform.temporal
        .processes()
        .filter((p) => alive(p.process))
        .map((p) => p.name),
    ).toEqual(['frontend', 'history-2', 'matching', 'worker', 'ui']);
    expect([...platform.apps()].filter(([, child]) => alive(child)).map(([name]) => name)).toEqual([
      'worker-2',
      'api-2',
    ]);
  });
});

/** A cross-region order project of 东莞 trained in 毕节 (the seed's partners), run to its end. */
function projectSpec(i: number): DemoProjectSpec {
  const fund = [{ source: 'employment_subsidy_fund' as const, shareBp: 10_000 }];
  return {
    key: `cluster-${run}-${i}`,
    target: 'closed',
    manager: 'pm.dongguan',
    create: {
      name: `集群演练·东莞精密智造工业机器人订单培训班（${run}-${i + 1}）`,
      type: 'order',
      sector: 'advanced_manufacturing',
      sectorField: 'intelligent_equipment',
      trainingRegionCode: '520500',
      targetLevel: 'intermediate',
      provider: '毕节职业技术学院',
      evaluationBody: '东莞精密智造科技有限公司（企业自主评价）',
      plannedHeadcount: TRAINEES,
      occupationCodes: ['6-30-99-00'],
      orders: [{ externalRef: `CLUSTER-${run}-${i}`, headcount: TRAINEES }],
      coursePlan: {
        modules: [
          { title: '安全生产与职业素养', theoryHours: 8, practiceHours: 0, mode: 'online' },
          { title: '工业机器人基础与编程', theoryHours: 8, practiceHours: 8, mode: 'blended' },
        ],
      },
      parties: [
        { regionCode: '441900', role: 'labour_import', shareBp: 7_000, funding: fund },
        { regionCode: '520500', role: 'labour_export', shareBp: 3_000, funding: fund },
      ],
      reason: '集群拓扑演练',
    },
    partners: [{ regionCode: '520500', approver: 'approver.bijie' }],
    // Follow-ups in seconds, and an audit window (fraud findings after closing) of a second so
    // that the workflow completes: the run is about the topology, not the months.
    timings: {
      auditWindowMs: 1_000,
      followUp3MonthMs: 2_000,
      followUp6MonthMs: 4_000,
      followUpAnswerWindowMs: 15 * 60_000,
      followUpPollMs: 1_000,
    },
    trainees: [],
    outcome: { absent: 0, failed: 0, unplaced: 0, leftAt3: 0, leftAt6: 0 },
    trainingBeganDaysAgo: 30,
    placement: { monthlyWageFen: 680_000, workRegionCode: '441900' },
    claims: { approve: ['441900', '520500'], pay: ['441900', '520500'] },
  };
}

/** People of 毕节 with valid resident IDs, distinct per project and per run. */
function trainees(project: number): TraineeInput[] {
  return Array.from({ length: TRAINEES }, (_, j) => {
    const born = new Date(Date.UTC(1990, 0, 1) + (project * TRAINEES + j) * 86_400_000);
    const sequence = String(100 + (Number.parseInt(run, 36) % 800)).padStart(3, '0');
    const first17 = `520502${born.toISOString().slice(0, 10).replaceAll('-', '')}${sequence}`;
    return {
      name: `集群学员${project + 1}-${j + 1}`,
      residentId: `${first17}${residentIdCheckDigit(first17)}`,
      homeRegionCode: '520500',
      keyGroups: ['migrant_worker'],
    };
  });
}

/** What the projects refer to: the seed's provider and evaluation body, and an order each. */
async function setUpWorld(client: DemoClient, specs: DemoProjectSpec[]): Promise<DemoWorld> {
  const operator = { user: 'operator' };
  const deadline = new Date(Date.now() + 180 * 86_400_000).toISOString().slice(0, 10);
  for (const spec of specs) {
    const ref = spec.create?.orders[0]?.externalRef as string;
    await client.call(
      'POST',
      '/demand-orders',
      { apiKey: DEMO_API_KEY },
      {
        body: {
          externalRef: ref,
          occupationCode: '6-30-99-00',
          headcount: TRAINEES,
          requiredLevel: 'intermediate',
          wageOfferFen: 650_000,
          workRegionCode: '441900',
          deadline,
        },
        idempotencyKey: `cluster:order:${ref}`,
      },
    );
  }
  const byName = async (path: string) => {
    const page = await client.call<{ items: { id: string; name: string }[] }>(
      'GET',
      `${path}?pageSize=200`,
      operator,
    );
    return new Map(page.items.map((item) => [item.name, item.id]));
  };
  const orders = await client.call<{
    items: { id: string; enterpriseId: string; externalRef: string | null }[];
  }>('GET', '/demand-orders?pageSize=200', { user: 'admin' });
  return {
    enterprises: new Map(),
    providers: await byName('/training-providers'),
    evaluationBodies: await byName('/evaluation-bodies'),
    orders: new Map(
      orders.items
        .filter((o) => o.externalRef !== null)
        .map((o) => [o.externalRef as string, { id: o.id, enterpriseId: o.enterpriseId }]),
    ),
  };
}

/** Polls `probe` until it answers something truthy; its answer. */
async function waitUntil<T>(what: string, timeoutMs: number, probe: () => Promise<T>) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await sleep(500);
  }
}

/** A database of this run's own on the server of DATABASE_URL (dropped afterwards). */
async function createDatabase(serverUrl: string) {
  const name = `qc_cluster_${run}`;
  const admin = async (statement: string) => {
    const server = createDb(serverUrl, { max: 1 });
    try {
      await sql.raw(statement).execute(server);
    } finally {
      await server.destroy();
    }
  };
  await admin(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin(`drop database if exists "${name}" with (force)`),
  };
}
