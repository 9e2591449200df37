import { describe, expect, it } from 'vitest';
import { fieldErrors } from '#/api/problem';
import {
  emptyDraft,
  type LaunchDraft,
  ownerShareBp,
  pctToBp,
  stepOf,
  toProjectCreate,
  validateAll,
  validateFunding,
} from '../validation';

const UUID = '00000000-0000-4000-8000-000000000001';
const ctx = { national: false, ownerRegionCode: '441900' };

function valid(): LaunchDraft {
  return {
    ...emptyDraft(),
    name: '粤黔协作·测试班',
    trainingRegionCode: '520500',
    occupationCodes: ['6-30-99-00'],
    demandOrders: [{ demandOrderId: UUID, headcount: 20 }],
    plannedHeadcount: 20,
    providerId: UUID,
    evaluationBodyId: UUID,
    modules: [{ title: '工业机器人基础', theoryHours: 8, practiceHours: 16, mode: 'offline' }],
    fundingShares: [
      { source: 'employment_subsidy_fund', payerRegionCode: '441900', sharePct: 66.67 },
      { source: 'east_west_cooperation_fund', payerRegionCode: '440000', sharePct: 33.33 },
    ],
    partners: [
      { regionCode: '520500', role: 'labour_export', sharePct: 20 },
      { regionCode: '520300', role: 'labour_export', sharePct: 10 },
    ],
  };
}

describe('the launch wizard validation', () => {
  it('accepts a complete cross-region draft', () => {
    expect(validateAll(valid(), ctx)).toEqual({});
  });

  it('converts percentages to basis points without float drift', () => {
    expect(pctToBp(33.33)).toBe(3333);
    expect(pctToBp(0.07)).toBe(7);
    expect(pctToBp(100)).toBe(10_000);
  });

  it('requires funding shares to add up to exactly 100%', () => {
    const d = valid();
    d.fundingShares = [
      { source: 'employment_subsidy_fund', payerRegionCode: '441900', sharePct: 66.67 },
      { source: 'east_west_cooperation_fund', payerRegionCode: '440000', sharePct: 33.32 },
    ];
    expect(validateFunding(d, '441900')['fundingPlan.shares']).toMatch(/100%.*99\.99%/);
  });

  it('flags a funding source and payer that appear twice', () => {
    const d = valid();
    d.fundingShares = [
      { source: 'employment_subsidy_fund', payerRegionCode: '441900', sharePct: 50 },
      { source: 'employment_subsidy_fund', payerRegionCode: '441900', sharePct: 50 },
    ];
    expect(validateFunding(d, '441900')).toHaveProperty('fundingPlan.shares.1');
  });

  it('refuses partner shares over 100%, duplicates, and the owner as its own partner', () => {
    const d = valid();
    d.partners = [
      { regionCode: '441900', role: 'labour_export', sharePct: 60 },
      { regionCode: '520500', role: 'labour_export', sharePct: 30 },
      { regionCode: '520500', role: 'labour_export', sharePct: 20 },
    ];
    const e = validateFunding(d, '441900');
    expect(e['costSharing.partners.0.regionCode']).toMatch(/所属地区/);
    expect(e['costSharing.partners.2.regionCode']).toMatch(/重复/);
    expect(e['costSharing.partners']).toMatch(/110%/);
  });

  it('gives the owner what the partners leave', () => {
    expect(ownerShareBp(valid())).toBe(7000);
  });

  it('requires a demand order for an order project and a positive headcount on each', () => {
    const d = valid();
    d.demandOrders = [{ demandOrderId: UUID, headcount: 0 }];
    expect(validateAll(d, ctx)).toHaveProperty(['demandOrders.0.headcount']);
    d.demandOrders = [];
    expect(validateAll(d, ctx)).toHaveProperty('demandOrders');
  });

  it('needs a named module with some hours', () => {
    const d = valid();
    d.modules = [{ title: ' ', theoryHours: 0, practiceHours: 0, mode: 'online' }];
    const e = validateAll(d, ctx);
    expect(e).toHaveProperty(['coursePlan.modules.0.title']);
    expect(e).toHaveProperty(['coursePlan.modules.0.theoryHours']);
  });

  it('asks national users for the owning region only', () => {
    expect(validateAll(valid(), { national: true, ownerRegionCode: null })).toHaveProperty(
      'ownerRegionCode',
    );
    expect(validateAll(valid(), ctx)).not.toHaveProperty('ownerRegionCode');
  });

  it('builds the API body in basis points with short timings when asked', () => {
    const d = valid();
    d.approvalDeadlineMinutes = 10;
    const body = toProjectCreate(d);
    expect(body.fundingPlan?.shares.map((s) => s.shareBp)).toEqual([6667, 3333]);
    expect(body.costSharing?.partners).toEqual([
      { regionCode: '520500', role: 'labour_export', shareBp: 2000 },
      { regionCode: '520300', role: 'labour_export', shareBp: 1000 },
    ]);
    expect(body.attendanceThresholdBp).toBe(8000);
    expect(body.timings).toEqual({
      approvalDeadlineMs: 600_000,
      reminderLeadMs: 120_000,
      reminderIntervalMs: 60_000,
    });
    expect(body).not.toHaveProperty('ownerRegionCode');
  });

  it('sends an API field error back to the step that owns the field', () => {
    const fields = fieldErrors({
      type: 'about:blank',
      title: 'Unprocessable',
      status: 422,
      code: 'demand_order_short',
      requestId: 'r',
      errors: [{ path: 'body.demandOrders.0.headcount', message: 'at most 40' }],
    });
    expect(fields).toEqual({ 'demandOrders.0.headcount': 'at most 40' });
    expect(stepOf('demandOrders.0.headcount')).toBe(0);
    expect(stepOf('providerId')).toBe(1);
    expect(stepOf('coursePlan.modules.2.title')).toBe(2);
    expect(stepOf('fundingPlan.shares')).toBe(3);
    expect(stepOf('costSharing.partners.1.shareBp')).toBe(3);
    expect(stepOf('somethingElse')).toBe(4);
  });
});
