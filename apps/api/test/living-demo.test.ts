import type { AddressInfo } from 'node:net';
import type { Claim, ProjectDetail } from '@qiancheng/contracts';
import { createDb, type Db, demoRuns } from '@qiancheng/db';
import { type PlanParty, provinceCodeOf, splitClaim } from '@qiancheng/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PROJECTS, type DemoTarget, TARGET_STAGE } from '../src/demo/plan.js';
import { type LivingDemoResult, runLivingDemo } from '../src/demo/run.js';
import { createHarness, type Harness, type RunningWorker, startWorker } from './helpers.js';

// Issue 15: the living demo really runs here — the API listening on a port, a worker on this
// file's own task queue, the demo's people calling the API over HTTP — and leaves its projects
// in every stage it names, with an exact ledger and every workflow findable in Temporal.
const taskQueue = `api-demo-${Math.random().toString(36).slice(2, 10)}`;
let h: Harness;
let worker: RunningWorker;
let appDb: Db;
let apiUrl: string;
let first: LivingDemoResult;
const details = new Map<string, ProjectDetail>();

beforeAll(async () => {
  h = await createHarness('api_living_demo', { taskQueue, workflowTimeoutMs: 30_000 });
  worker = await startWorker(h, taskQueue);
  await h.app.listen({ host: '127.0.0.1', port: 0 });
  apiUrl = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
  // As npm start runs it: connected as the apps' role, not the owner.
  appDb = createDb(h.database.appUrl, { max: 4 });
  first = await runLivingDemo({ apiUrl, db: appDb, log: (line) => console.log(line) });
  for (const row of await demoRuns.list(h.db)) {
    if (!row.projectId) continue;
    const response = await h.app.inject({
      method: 'GET',
      url: `/api/v1/projects/${row.projectId}`,
      headers: await h.as('admin'),
    });
    details.set(row.key, response.json() as ProjectDetail);
  }
}, 600_000);

afterAll(async () => {
  // Every demo workflow ends with the test (closed projects wait years for fraud findings).
  for (const row of (await demoRuns.list(h.db).catch(() => [])) ?? []) {
    if (row.projectId) {
      await h.client.workflow
        .getHandle(`project-${row.projectId}`)
        .terminate('test over')
        .catch(() => undefined);
    }
  }
  await worker?.stop();
  await appDb?.destroy();
  await h?.close();
});

const detailOf = (target: DemoTarget) => {
  const spec = DEMO_PROJECTS.find((p) => p.target === target);
  const detail = spec ? details.get(spec.key) : undefined;
  if (!detail) throw new Error(`no demo project left ${target}`);
  return detail;
};

async function claimsOf(projectId: string): Promise<Claim[]> {
  const response = await h.app.inject({
    method: 'GET',
    url: `/api/v1/claims?projectId=${projectId}&pageSize=200`,
    headers: await h.as('auditor'),
  });
  return response.json().items as Claim[];
}

describe('the living demo', () => {
  it('takes every planned project to its target through the API', async () => {
    expect(first).toMatchObject({ skipped: null, failed: 0, total: DEMO_PROJECTS.length });
    expect(first.ready).toBe(DEMO_PROJECTS.length);
    for (const spec of DEMO_PROJECTS) {
      const detail = details.get(spec.key);
      expect(detail?.project.stage, spec.key).toBe(TARGET_STAGE[spec.target]);
      expect(detail?.project.workflowId, spec.key).toBe(`project-${detail?.project.id}`);
    }
  });

  it('spans the country: 12+ projects, 5+ provinces, 4+ sectors, a third cross-region, hundreds of trainees', async () => {
    const projects = [...details.values()].map((d) => d.project);
    expect(projects.length).toBeGreaterThanOrEqual(12);
    expect(
      new Set(projects.map((p) => provinceCodeOf(p.ownerRegionCode))).size,
    ).toBeGreaterThanOrEqual(5);
    expect(new Set(projects.map((p) => p.sector)).size).toBeGreaterThanOrEqual(4);
    const cross = projects.filter((p) => p.partnerRegions.length > 0);
    expect(cross.length * 3).toBeGreaterThanOrEqual(projects.length);
    const { n } = await h.db
      .selectFrom('enrolments')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBeGreaterThanOrEqual(200);
  });

  it('leaves one awaiting approval, and one past its deadline escalated to the coordinator', async () => {
    const awaiting = detailOf('awaiting_approval');
    expect(awaiting.live?.pending.map((p) => p.kind)).toContain('approve_share');
    expect(awaiting.costSharing.rounds.at(-1)?.parties.some((p) => p.status === 'pending')).toBe(
      true,
    );
    const inbox = await h.app.inject({
      method: 'GET',
      url: '/api/v1/approvals/inbox',
      headers: await h.as('approver.bijie'),
    });
    expect(inbox.json().items.map((i: { projectId: string }) => i.projectId)).toContain(
      awaiting.project.id,
    );

    const escalated = detailOf('escalated');
    const partner = escalated.costSharing.rounds[0]?.parties.find((p) => p.regionCode === '520500');
    expect(partner?.escalatedAt).not.toBeNull();
    const coordinator = await h.app.inject({
      method: 'GET',
      url: '/api/v1/escalations',
      headers: await h.as('coordinator.guizhou'),
    });
    expect(coordinator.json().items.map((i: { projectId: string }) => i.projectId)).toContain(
      escalated.project.id,
    );
  });

  it('leaves one rejected and revised, then approved in round 2', () => {
    const revised = detailOf('revised');
    expect(revised.costSharing.approvedRound).toBe(2);
    expect(revised.costSharing.rounds.map((r) => r.status)).toEqual(['rejected', 'approved']);
    expect(revised.enrolments.enrolled).toBeGreaterThan(0);
  });

  it('leaves projects enrolling, training, evaluating and employing, with their records', () => {
    expect(detailOf('enrolling').enrolments.enrolled).toBeGreaterThan(0);
    expect(detailOf('training').live?.counts.attendanceRecords).toBeGreaterThan(0);
    const evaluating = detailOf('evaluating').live?.counts;
    expect(evaluating?.assessed).toBeGreaterThan(0);
    expect(evaluating?.assessed).toBeLessThan(evaluating?.enrolled ?? 0);
    expect(detailOf('employing').live?.counts.placed).toBeGreaterThan(0);
  });

  it('leaves one cancelled with compensation: places released, enrolments void', () => {
    const cancelled = detailOf('cancelled');
    expect(cancelled.live?.cancelled?.reason).toMatch(/撤回/);
    expect(cancelled.reservations.every((r) => r.held === 0)).toBe(true);
    expect(cancelled.enrolments.enrolled ?? 0).toBe(0);
    expect(cancelled.enrolments.void).toBeGreaterThan(0);
  });

  it('settles and closes projects with their follow-ups answered, and claws one back', async () => {
    const settled = detailOf('settled');
    expect(settled.live?.counts.claims).toBeGreaterThan(0);
    expect((await claimsOf(settled.project.id)).every((c) => c.status === 'paid')).toBe(true);

    for (const spec of DEMO_PROJECTS.filter((p) => p.target === 'closed')) {
      const closed = details.get(spec.key) as ProjectDetail;
      const unanswered = await h.db
        .selectFrom('followUps')
        .innerJoin('placements', 'placements.id', 'followUps.placementId')
        .innerJoin('enrolments', 'enrolments.id', 'placements.enrolmentId')
        .select('followUps.id')
        .where('enrolments.projectId', '=', closed.project.id)
        .where((eb) => eb.or([eb('outcome', 'is', null), eb('outcome', '=', 'unknown')]))
        .execute();
      expect(unanswered, spec.key).toEqual([]);
    }

    const fraud = detailOf('fraud_clawback');
    const claims = await claimsOf(fraud.project.id);
    expect(claims.filter((c) => c.status === 'clawed_back')).toHaveLength(3);
  });

  it('books every claim to the fen: each payer owes its approved share, the ledger adds up', async () => {
    const owedByPayer = new Map<string, number>();
    let claimsChecked = 0;
    for (const detail of details.values()) {
      const approved = detail.costSharing.rounds.find(
        (r) => r.round === detail.costSharing.approvedRound,
      );
      for (const claim of await claimsOf(detail.project.id)) {
        if (claim.status === 'clawed_back' || claim.status === 'rejected') continue;
        if (!approved) throw new Error(`${detail.project.name} has claims but no approved round`);
        // The approved round's parties as the API lists them (the order settlement splits in).
        const expected = splitClaim(claim.amountFen, approved.parties as PlanParty[]);
        expect(
          Object.fromEntries(claim.parts.map((p) => [p.payerRegionCode, p.owedFen])),
          claim.id,
        ).toEqual(Object.fromEntries(expected.map((p) => [p.regionCode, p.amount])));
        for (const part of claim.parts) {
          const lines = expected.find((p) => p.regionCode === part.payerRegionCode)?.lines ?? [];
          expect(Object.fromEntries(part.lines.map((l) => [l.fundingSource, l.owedFen]))).toEqual(
            Object.fromEntries(lines.filter((l) => l.amount > 0).map((l) => [l.source, l.amount])),
          );
          owedByPayer.set(
            part.payerRegionCode,
            (owedByPayer.get(part.payerRegionCode) ?? 0) + part.owedFen,
          );
        }
        claimsChecked += 1;
      }
    }
    expect(claimsChecked).toBeGreaterThan(50);
    const ledger = await h.app.inject({
      method: 'GET',
      url: '/api/v1/ledger?pageSize=1',
      headers: await h.as('auditor'),
    });
    const byPayer = ledger.json().totals.byPayerRegion as {
      payerRegionCode: string;
      owedFen: number;
      approvedFen: number;
      paidFen: number;
    }[];
    expect(Object.fromEntries(byPayer.map((r) => [r.payerRegionCode, r.owedFen]))).toEqual(
      Object.fromEntries(owedByPayer),
    );
    // Real money moved: some regions approved and paid, some only approved (遵义, 汉中).
    expect(byPayer.find((r) => r.payerRegionCode === '441900')?.paidFen).toBeGreaterThan(0);
    const zunyi = byPayer.find((r) => r.payerRegionCode === '520300');
    expect(zunyi?.approvedFen).toBeGreaterThan(0);
    expect(zunyi?.paidFen).toBe(0);
    const hanzhong = byPayer.find((r) => r.payerRegionCode === '610700');
    expect(hanzhong?.owedFen).toBeGreaterThan(0);
    expect(hanzhong?.approvedFen).toBe(0);
  });

  it('gives the dispatch dashboard real actuals: some regions ahead of their targets, some behind', async () => {
    const dispatch = await h.app.inject({
      method: 'GET',
      url: '/api/v1/dispatch',
      headers: await h.as('admin'),
    });
    const rows = dispatch.json().items as { regionCode: string; actual: number; pace: string }[];
    expect(rows.filter((r) => r.actual > 0).length).toBeGreaterThanOrEqual(8);
    expect(rows.some((r) => r.pace === 'ahead')).toBe(true);
    expect(rows.some((r) => r.pace === 'behind')).toBe(true);
  });

  it('finds every project’s workflow in Temporal by its search attributes', async () => {
    for (const detail of details.values()) {
      const { id, stage, ownerRegionCode } = detail.project;
      const query = `ProjectId = "${id}" AND Stage = "${stage}" AND RegionCode = "${ownerRegionCode}"`;
      // Visibility trails the workflow by a moment.
      let found: string[] = [];
      for (let tries = 0; tries < 40 && found.length === 0; tries += 1) {
        found = [];
        for await (const execution of h.client.workflow.list({ query })) {
          found.push(execution.workflowId);
        }
        if (found.length === 0) await new Promise((r) => setTimeout(r, 250));
      }
      expect(found, query).toEqual([`project-${id}`]);
    }
  });

  it('shows its progress on the health route, and a second run finds it done', async () => {
    const health = await h.app.inject({ method: 'GET', url: '/health' });
    expect(health.json().demo).toEqual({
      ready: DEMO_PROJECTS.length,
      total: DEMO_PROJECTS.length,
      failed: 0,
      finished: true,
    });
    const again = await runLivingDemo({ apiUrl, db: appDb });
    expect(again).toMatchObject({ skipped: 'already done', ready: DEMO_PROJECTS.length });
  });

  it('resumes an interrupted run without writing anything twice', async () => {
    const count = async () => {
      const [ledger, audit, attendance, placements] = await Promise.all(
        (['ledgerEntries', 'auditLog', 'attendance', 'placements'] as const).map(async (table) =>
          Number(
            (
              await h.db
                .selectFrom(table)
                .select((eb) => eb.fn.countAll<string>().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          ),
        ),
      );
      return { ledger, audit, attendance, placements };
    };
    const before = await count();
    // As if the start had stopped half-way: the closed cross-region project runs again, and the
    // API was stopped in the middle of a few of its requests (their keys claimed, never answered).
    const spec = DEMO_PROJECTS.find((p) => p.target === 'closed');
    const key = spec?.key ?? '';
    await demoRuns.update(h.db, key, { status: 'pending', step: 'launch' });
    const orphaned = await sql<{ key: string }>`
      update idempotency_keys set response_status = null, response_body = null,
             completed_at = null, created_at = now() - interval '10 minutes'
       where key in (
         (select key from idempotency_keys where key like ${`demo:${key}:claim:%`} limit 3)
         union (select key from idempotency_keys where key like ${`demo:${key}:follow-up:%`} limit 2)
         union (select key from idempotency_keys where key = ${`demo:${key}:launch`}))
      returning key`.execute(h.db);
    expect(orphaned.rows).toHaveLength(6);
    const resumed = await runLivingDemo({ apiUrl, db: appDb });
    expect(resumed).toMatchObject({ skipped: null, ready: DEMO_PROJECTS.length, failed: 0 });
    expect(await count()).toEqual(before);
  }, 300_000);
});
