import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as demandOrders from '../src/repositories/demand-orders.repository.js';
import * as plans from '../src/repositories/plan.repository.js';
import * as projects from '../src/repositories/projects.repository.js';
import {
  makeDemandOrder,
  makeEnterprise,
  makeEvaluationBody,
  makeProvider,
  projectConfig,
} from './fixtures.js';
import { freshDatabase } from './fresh-database.js';

let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let refs: { enterpriseId: string; providerId: string; evaluationBodyId: string };

beforeAll(async () => {
  fresh = await freshDatabase('plan');
  const enterprise = await makeEnterprise(fresh.db);
  refs = {
    enterpriseId: enterprise.id,
    providerId: (await makeProvider(fresh.db)).id,
    evaluationBodyId: (await makeEvaluationBody(fresh.db)).id,
  };
});
afterAll(async () => {
  await fresh.close();
});

const owner = {
  regionCode: '441900',
  role: 'labour_import' as const,
  shareBp: 10_000,
  funding: [{ source: 'employment_subsidy_fund' as const, shareBp: 10_000 }],
};

type Party = Parameters<typeof projects.insert>[1]['parties'][number];

async function projectOn(orderId: string | null, places: number, parties: Party[] = [owner]) {
  return projects.insert(fresh.db, {
    name: `预留测试${places}`,
    type: 'order',
    sector: 'advanced_manufacturing',
    sectorField: null,
    ownerRegionCode: '441900',
    trainingRegionCode: '441900',
    targetLevel: 'intermediate',
    providerId: refs.providerId,
    evaluationBodyId: refs.evaluationBodyId,
    plannedHeadcount: places,
    config: projectConfig,
    createdBy: 'user:pm',
    parties,
    demandOrders: orderId ? [{ demandOrderId: orderId, headcount: places }] : [],
    occupationCodes: ['6-30-99-00'],
  });
}

const placesOf = async (orderId: string) => {
  const order = await demandOrders.find(fresh.db, orderId);
  return { reserved: order?.reservedHeadcount, filled: order?.filledHeadcount };
};

describe('reservations of demand-order places', () => {
  it('moves exactly one held place to filled per placement, up to the last one', async () => {
    const order = await makeDemandOrder(fresh.db, refs.enterpriseId, 20);
    const project = await projectOn(order.id, 12);
    expect(await plans.reserve(fresh.db, project.id)).toBe(12);
    for (let i = 0; i < 6; i += 1) await plans.fillPlace(fresh.db, project.id, order.id);
    // Before the fix each placement took two places: 12 reserved, 6 placed → 0 reserved.
    expect(await placesOf(order.id)).toEqual({ reserved: 6, filled: 6 });
    for (let i = 0; i < 6; i += 1) {
      expect(await plans.fillPlace(fresh.db, project.id, order.id)).toBe(true);
    }
    expect(await placesOf(order.id)).toEqual({ reserved: 0, filled: 12 });
    expect(await plans.fillPlace(fresh.db, project.id, order.id)).toBe(false);
    expect(await plans.reservations(fresh.db, project.id)).toEqual([
      { demandOrderId: order.id, headcount: 12, held: 0, filled: 12 },
    ]);
  });

  it('releases on cancel exactly what this project holds, never another project’s places', async () => {
    const order = await makeDemandOrder(fresh.db, refs.enterpriseId, 30);
    const mine = await projectOn(order.id, 10);
    const theirs = await projectOn(order.id, 15);
    await plans.reserve(fresh.db, mine.id);
    await plans.reserve(fresh.db, theirs.id);
    await plans.fillPlace(fresh.db, mine.id, order.id);
    expect(await placesOf(order.id)).toEqual({ reserved: 24, filled: 1 });
    // Before the fix: min(planned 10, order reserved 25) = 10 released, one of them the other's.
    expect(await plans.release(fresh.db, mine.id)).toBe(9);
    expect(await placesOf(order.id)).toEqual({ reserved: 15, filled: 1 });
    expect(await plans.release(fresh.db, mine.id)).toBe(0);
    expect((await demandOrders.find(fresh.db, order.id))?.status).toBe('reserved');
    await plans.release(fresh.db, theirs.id);
    expect((await demandOrders.find(fresh.db, order.id))?.status).toBe('open');
  });

  it('holds only the places still free, and reserving again changes nothing', async () => {
    const order = await makeDemandOrder(fresh.db, refs.enterpriseId, 10);
    const first = await projectOn(order.id, 8);
    const second = await projectOn(order.id, 8);
    expect(await plans.reserve(fresh.db, first.id)).toBe(8);
    expect(await plans.reserve(fresh.db, second.id)).toBe(2);
    expect(await plans.reserve(fresh.db, second.id)).toBe(2);
    expect(await placesOf(order.id)).toEqual({ reserved: 10, filled: 0 });
  });
  it('settles the order’s status with its places, and takes nothing from a closed order', async () => {
    const order = await makeDemandOrder(fresh.db, refs.enterpriseId, 4);
    const project = await projectOn(order.id, 4);
    const statusOf = async (id: string) => (await demandOrders.find(fresh.db, id))?.status;
    expect(await statusOf(order.id)).toBe('open');
    // Each move is one statement: the places trigger sums the places and settles the status.
    const statements: unknown[] = [];
    const logged = fresh.db.withPlugin({
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        statements.push(args.queryId);
        return args.result;
      },
    });
    expect(await plans.reserve(logged, project.id)).toBe(4);
    expect(statements).toHaveLength(1);
    expect(await statusOf(order.id)).toBe('reserved');
    await plans.fillPlaces(fresh.db, project.id, new Map([[order.id, 4]]));
    expect(await statusOf(order.id)).toBe('fulfilled');
    expect(await placesOf(order.id)).toEqual({ reserved: 0, filled: 4 });

    const closed = await makeDemandOrder(fresh.db, refs.enterpriseId, 6);
    const late = await projectOn(closed.id, 3);
    await demandOrders.setStatus(fresh.db, closed.id, 'closed', { from: ['open'] });
    expect(await plans.reserve(fresh.db, late.id)).toBe(0);
    expect(await statusOf(closed.id)).toBe('closed');
    expect(await placesOf(closed.id)).toEqual({ reserved: 0, filled: 0 });
    statements.length = 0;
    expect(await plans.release(logged, late.id)).toBe(0);
    expect(statements).toHaveLength(1);
  });
  it('approves a project and reserves its places once, in one statement', async () => {
    const order = await makeDemandOrder(fresh.db, refs.enterpriseId, 10);
    const project = await projectOn(order.id, 6);
    const audit = {
      idempotencyKey: `project-${project.id}:reserve-demand`,
      actor: 'system',
      action: 'project.demand_reserved',
      subjectType: 'project',
      subjectId: project.id,
      details: {},
    };
    const approval = { approvedOn: '2026-12-01', catalogueVersionId: null };
    let statements = 0;
    const counted = fresh.db.withPlugin({
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        statements += 1;
        return args.result;
      },
    });
    expect(await plans.approveAndReserve(counted, project.id, approval, audit)).toEqual({
      created: true,
      reserved: 6,
    });
    expect(statements).toBe(1);
    expect(await placesOf(order.id)).toEqual({ reserved: 6, filled: 0 });
    expect((await demandOrders.find(fresh.db, order.id))?.status).toBe('reserved');
    // A retry: the entry found, nothing reserved again, and the first approval date kept.
    expect(
      await plans.approveAndReserve(
        fresh.db,
        project.id,
        { ...approval, approvedOn: '2026-12-02' },
        audit,
      ),
    ).toEqual({ created: false, reserved: 0 });
    expect(await placesOf(order.id)).toEqual({ reserved: 6, filled: 0 });
    expect(await projects.find(fresh.db, project.id)).toMatchObject({ approvedOn: '2026-12-01' });
    expect(
      await fresh.db
        .selectFrom('auditLog')
        .select('action')
        .where('idempotencyKey', '=', audit.idempotencyKey)
        .execute(),
    ).toEqual([{ action: 'project.demand_reserved' }]);
  });
});

describe('the parties of a plan, stored once', () => {
  it('gives a partner added by a revision its place among the partner regions', async () => {
    const project = await projectOn(null, 5, [
      { ...owner, shareBp: 7_000 },
      {
        regionCode: '520500',
        role: 'labour_export',
        shareBp: 3_000,
        funding: [{ source: 'employment_subsidy_fund', shareBp: 10_000 }],
      },
    ]);
    await plans.openRound(fresh.db, {
      projectId: project.id,
      round: 1,
      deadline: new Date('2027-01-01T00:00:00Z'),
      ownerRegionCode: '441900',
      ownerApprovedBy: 'user:pm',
    });
    await fresh.db
      .updateTable('costSharingRounds')
      .set({ status: 'rejected', closedAt: new Date() })
      .where('status', '=', 'open')
      .execute();
    await plans.addRevision(fresh.db, {
      projectId: project.id,
      round: 2,
      parties: [
        { ...owner, shareBp: 6_000 },
        {
          regionCode: '520500',
          role: 'labour_export',
          shareBp: 2_000,
          funding: [{ source: 'employment_subsidy_fund', shareBp: 10_000 }],
        },
        {
          regionCode: '520300',
          role: 'labour_export',
          shareBp: 2_000,
          funding: [{ source: 'east_west_cooperation_fund', shareBp: 10_000 }],
        },
      ],
      createdBy: 'user:pm',
      reason: '遵义加入分担',
    });
    // Before: a revision never wrote its new partner, whose approver then got 404 on its step.
    expect((await projects.find(fresh.db, project.id))?.partnerRegions).toEqual([
      { regionCode: '520300', role: 'labour_export' },
      { regionCode: '520500', role: 'labour_export' },
    ]);
    const rounds = await plans.listRounds(fresh.db, project.id);
    expect(rounds.map((r) => [r.round, r.status, r.parties.map((p) => p.shareBp)])).toEqual([
      [1, 'rejected', [7_000, 3_000]],
      [2, 'draft', [6_000, 2_000, 2_000]],
    ]);
    // A retried revision writes nothing twice.
    expect(
      (
        await plans.addRevision(fresh.db, {
          projectId: project.id,
          round: 2,
          parties: [owner],
          createdBy: 'user:pm',
          reason: 'retry',
        })
      ).created,
    ).toBe(false);
  });
});
