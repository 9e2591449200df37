import { describe, expect, it } from 'vitest';
import { fieldProblems } from '#/api/problem';
import { pctToBp } from '#/utils/plan';
import { problemText } from '#/utils/problems';
import {
  emptyDraft,
  type LaunchDraft,
  stepOf,
  toProjectCreate,
  validateAll,
  validateStep,
} from '../validation';

/** The i-th item, which the test set up (fails loudly if it is missing). */
function nth<T>(items: readonly T[], i: number): T {
  const item = items[i];
  if (item === undefined) throw new Error(`no item ${i}`);
  return item;
}

const UUID = '00000000-0000-4000-8000-000000000001';
const OWNER = '441900';
const ctx = { national: false, ownerRegionCode: OWNER };

/** 东莞 60% (two funds), 毕节 30%, 遵义 10%: a complete cross-region draft. */
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
    parties: [
      {
        regionCode: '',
        role: 'labour_import',
        sharePct: 60,
        funding: [
          { source: 'employment_subsidy_fund', sharePct: 66.67 },
          { source: 'east_west_cooperation_fund', sharePct: 33.33 },
        ],
      },
      {
        regionCode: '520500',
        role: 'labour_export',
        sharePct: 30,
        funding: [{ source: 'employment_subsidy_fund', sharePct: 100 }],
      },
      {
        regionCode: '520300',
        role: 'labour_export',
        sharePct: 10,
        funding: [{ source: 'unemployment_insurance_fund', sharePct: 100 }],
      },
    ],
  };
}

/** The problem at `path`, worded as the wizard shows it (zh-CN). */
const shown = (problems: ReturnType<typeof validateAll>, path: string) =>
  problemText(problems[path]);

describe('the launch wizard validation', () => {
  it('accepts a complete cross-region draft', () => {
    expect(validateAll(valid(), ctx)).toEqual({});
  });

  it("starts a local project as the owner's alone, paid 100% from 就业补助资金", () => {
    const d = { ...valid(), parties: emptyDraft().parties };
    expect(validateAll(d, ctx)).toEqual({});
    expect(toProjectCreate(d, OWNER).parties).toEqual([
      {
        regionCode: OWNER,
        role: 'labour_import',
        shareBp: 10_000,
        funding: [{ source: 'employment_subsidy_fund', shareBp: 10_000 }],
      },
    ]);
  });

  it('converts percentages to basis points without float drift', () => {
    expect(pctToBp(33.33)).toBe(3333);
    expect(pctToBp(0.07)).toBe(7);
    expect(pctToBp(100)).toBe(10_000);
    expect(pctToBp(null)).toBeNaN();
  });

  it('says in Chinese, at the parties, when the shares do not make 100%', () => {
    const d = valid();
    nth(d.parties, 0).sharePct = 50;
    const problems = validateStep(3, d, ctx);
    expect(problems.parties?.code).toBe('shares_not_whole');
    expect(shown(problems, 'parties')).toBe('各方份额合计须为 100%，当前 90%');
  });

  it("says at one party's funds when they do not make 100% of its part", () => {
    const d = valid();
    nth(nth(d.parties, 0).funding, 1).sharePct = 33.32;
    const problems = validateStep(3, d, ctx);
    expect(Object.keys(problems)).toEqual(['parties.0.funding']);
    expect(shown(problems, 'parties.0.funding')).toBe(
      '资金来源合计须为本方份额的 100%，当前 99.99%',
    );
  });

  it('names the repeated region and fund, and asks for a partner share above 0', () => {
    const d = valid();
    nth(d.parties, 2).regionCode = '520500';
    nth(d.parties, 1).funding.push({ source: 'employment_subsidy_fund', sharePct: 0 });
    d.parties.push({
      regionCode: '520100',
      role: 'training_host',
      sharePct: 0,
      funding: [],
    });
    const problems = validateStep(3, d, ctx);
    expect(shown(problems, 'parties.2.regionCode')).toBe('地区毕节市重复');
    expect(shown(problems, 'parties.1.funding.1.source')).toBe('资金来源「就业补助资金」重复');
    expect(shown(problems, 'parties.1.funding.1.shareBp')).toBe('份额应在 0–100% 之间');
    expect(shown(problems, 'parties.3.shareBp')).toBe('协作地区的份额须大于 0');
  });

  it('asks for a fund for a party that pays, and for a region and fund left empty', () => {
    const d = valid();
    nth(d.parties, 1).funding = [];
    nth(d.parties, 2).regionCode = '';
    nth(nth(d.parties, 2).funding, 0).source = '';
    const problems = validateStep(3, d, ctx);
    expect(shown(problems, 'parties.1.funding')).toBe('请至少填写一个资金来源');
    expect(shown(problems, 'parties.2.regionCode')).toBe('请选择地区');
    expect(shown(problems, 'parties.2.funding.0.source')).toBe('请选择资金来源');
  });

  it("puts each problem on the step that owns its field, and none on another step's", () => {
    const d = valid();
    nth(d.parties, 0).sharePct = 10;
    d.demandOrders = [{ demandOrderId: UUID, headcount: 0 }];
    d.modules = [{ title: ' ', theoryHours: 0, practiceHours: 0, mode: 'online' }];
    expect(Object.keys(validateStep(0, d, ctx))).toEqual(['demandOrders.0.headcount']);
    expect(Object.keys(validateStep(2, d, ctx)).sort()).toEqual([
      'coursePlan.modules.0.theoryHours',
      'coursePlan.modules.0.title',
    ]);
    expect(Object.keys(validateStep(3, d, ctx))).toEqual(['parties']);
    expect(shown(validateStep(0, d, ctx), 'demandOrders.0.headcount')).toBe('至少 1 人');
    expect(shown(validateStep(2, d, ctx), 'coursePlan.modules.0.title')).toBe('请填写模块名称');
  });

  it('refuses reservations beyond the planned headcount', () => {
    const d = valid();
    d.plannedHeadcount = 10;
    expect(shown(validateStep(0, d, ctx), 'demandOrders')).toBe('订单人数合计 20 超过计划人数 10');
  });

  it('requires a demand order for an order project', () => {
    const d = valid();
    d.demandOrders = [];
    expect(shown(validateAll(d, ctx), 'demandOrders')).toBe('订单培训至少关联一个岗位需求订单');
  });

  it('asks national users for the owning region, which the owner party then takes', () => {
    const national = { national: true, ownerRegionCode: null };
    const problems = validateAll(valid(), national);
    expect(shown(problems, 'ownerRegionCode')).toBe('请选择所属地区');
    // Until it is chosen, the owner party has no region either.
    expect(shown(problems, 'parties.0.regionCode')).toBe('请选择地区');
    const d = { ...valid(), ownerRegionCode: '520500' };
    d.parties = [nth(d.parties, 0), nth(d.parties, 2)];
    nth(d.parties, 0).sharePct = 90;
    expect(validateAll(d, { national: true, ownerRegionCode: '520500' })).toEqual({});
    expect(toProjectCreate(d, '520500').parties?.map((p) => p.regionCode)).toEqual([
      '520500',
      '520300',
    ]);
    expect(validateAll(valid(), ctx)).not.toHaveProperty('ownerRegionCode');
  });

  it('builds the API body with the parties in basis points and short timings when asked', () => {
    const d = valid();
    d.approvalDeadlineMinutes = 10;
    const body = toProjectCreate(d, OWNER);
    expect(body.parties).toEqual([
      {
        regionCode: OWNER,
        role: 'labour_import',
        shareBp: 6000,
        funding: [
          { source: 'employment_subsidy_fund', shareBp: 6667 },
          { source: 'east_west_cooperation_fund', shareBp: 3333 },
        ],
      },
      {
        regionCode: '520500',
        role: 'labour_export',
        shareBp: 3000,
        funding: [{ source: 'employment_subsidy_fund', shareBp: 10_000 }],
      },
      {
        regionCode: '520300',
        role: 'labour_export',
        shareBp: 1000,
        funding: [{ source: 'unemployment_insurance_fund', shareBp: 10_000 }],
      },
    ]);
    expect(body).not.toHaveProperty('fundingPlan');
    expect(body).not.toHaveProperty('costSharing');
    expect(body.attendanceThresholdBp).toBe(8000);
    expect(body.timings).toEqual({
      approvalDeadlineMs: 600_000,
      reminderLeadMs: 120_000,
      reminderIntervalMs: 60_000,
    });
    expect(body).not.toHaveProperty('ownerRegionCode');
  });

  it("words the API's plan problems by code at the field the API names", () => {
    const fields = fieldProblems({
      type: 'about:blank',
      title: 'Unprocessable',
      status: 422,
      code: 'plan_invalid',
      requestId: 'r',
      errors: [
        {
          path: 'body.parties',
          message: 'shares_not_whole',
          code: 'shares_not_whole',
          params: { total: 9500, whole: 10_000 },
        },
        {
          path: 'body.demandOrders.0.headcount',
          message: 'at most 40',
          code: 'demand_order_short',
          params: { free: 40 },
        },
        {
          path: 'body.name',
          message: 'must NOT have more than 200 characters',
          keyword: 'maxLength',
        },
        { path: 'body.sector', message: 'something the console has no words for' },
      ],
    });
    expect(problemText(fields.parties)).toBe('各方份额合计须为 100%，当前 95%');
    expect(problemText(fields['demandOrders.0.headcount'])).toBe('该订单最多还可预留 40 人');
    // A schema error is worded by its keyword; never by the API's English text.
    expect(problemText(fields.name)).toBe('过长');
    expect(problemText(fields.sector)).toBe('内容不符合要求');
    expect(stepOf('demandOrders.0.headcount')).toBe(0);
    expect(stepOf('providerId')).toBe(1);
    expect(stepOf('coursePlan.modules.2.title')).toBe(2);
    expect(stepOf('parties.1.funding.0.shareBp')).toBe(3);
    expect(stepOf('timings.approvalDeadlineMs')).toBe(4);
    expect(stepOf('somethingElse')).toBe(4);
  });
});
