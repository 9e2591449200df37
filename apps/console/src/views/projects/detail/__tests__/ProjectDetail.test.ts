import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { ApiError } from '#/api/problem';
import type { ProjectDetail } from '#/api/types';
import { i18n } from '#/locales';
import { useAuthStore } from '#/stores/useAuthStore';
import ProjectView from '../index.vue';

const ID = '00000000-0000-4000-8000-0000000000a1';
const ORDER = '00000000-0000-4000-8000-0000000000aa';

vi.mock('#/api/events', () => ({ followProjectStages: () => () => {} }));
vi.mock('#/api/desk', () => ({
  listTrainees: vi.fn().mockResolvedValue({ items: [], total: 0, page: 1, pageSize: 20 }),
}));
vi.mock('#/api/projects', () => ({ getProject: vi.fn(), reviseShares: vi.fn() }));
// The page's other panels ask the API too: answered here, so no test waits on a closed port.
vi.mock('#/api/quality-reviews', () => ({
  qualityReviews: vi.fn().mockResolvedValue([]),
  recordQualityReview: vi.fn(),
}));
const api = await import('#/api/projects');

/** 东莞 70% / 毕节 30%, round 1 put to 毕节, which rejected it; the workflow waits for a revision. */
function rejected(pending = ['revise_shares']): ProjectDetail {
  return {
    project: {
      id: ID,
      name: '粤黔协作·工业机器人订单班',
      type: 'order',
      sector: 'advanced_manufacturing',
      sectorField: null,
      ownerRegionCode: '441900',
      trainingRegionCode: '441900',
      targetLevel: 'intermediate',
      providerId: ORDER,
      evaluationBodyId: ORDER,
      plannedHeadcount: 40,
      stage: 'cost_sharing',
      workflowId: `project-${ID}`,
      partnerRegions: [],
      demandOrders: [{ demandOrderId: ORDER, headcount: 40 }],
      occupationCodes: ['6-30-99-00'],
      attendanceThresholdBp: 8000,
      employmentLinked: true,
      catalogueVersionId: null,
      approvedOn: null,
      createdAt: '2026-11-28T00:00:00Z',
      createdBy: 'pm.dongguan',
      updatedAt: '2026-11-28T00:00:00Z',
    },
    coursePlan: [],
    costSharing: {
      agreementStatus: 'revising',
      approvedRound: null,
      rounds: [
        {
          round: 1,
          status: 'rejected',
          deadline: '2026-12-05T00:00:00Z',
          createdBy: 'pm.dongguan',
          reason: null,
          parties: [
            {
              regionCode: '441900',
              regionName: '东莞市',
              role: 'labour_import',
              shareBp: 7000,
              funding: [
                { source: 'employment_subsidy_fund', shareBp: 6000 },
                { source: 'east_west_cooperation_fund', shareBp: 4000 },
              ],
              status: 'approved',
              decidedBy: 'pm.dongguan',
              decidedAt: '2026-11-28T00:00:00Z',
              reason: 'owning region: approved when the project was launched',
              remindersSent: 0,
              escalatedAt: null,
            },
            {
              regionCode: '520500',
              regionName: '毕节市',
              role: 'labour_export',
              shareBp: 3000,
              funding: [{ source: 'employment_subsidy_fund', shareBp: 10_000 }],
              status: 'rejected',
              decidedBy: 'approver.bijie',
              decidedAt: '2026-11-29T00:00:00Z',
              reason: '比例过高',
              remindersSent: 1,
              escalatedAt: null,
            },
          ],
        },
      ],
    },
    reservations: [
      {
        demandOrderId: ORDER,
        headcount: 40,
        held: 37,
        filled: 3,
        externalRef: 'DGJM-2026-HR-031',
        enterpriseId: ORDER,
        enterpriseName: '东莞精密智造科技有限公司',
        occupationCode: '6-30-99-00',
        occupationName: '工业机器人系统操作员',
      },
    ],
    enrolments: {},
    live: {
      stage: 'cost_sharing',
      round: 1,
      parties: [],
      counts: {},
      pending: pending.map((kind) => ({ kind, regionCode: '441900', deadline: null })),
      decisions: [],
      cancelled: null,
    },
    liveError: null,
  } as unknown as ProjectDetail;
}

/** Types into an Element Plus number input as a person would (input, then change). */
async function setNumber(wrapper: VueWrapper, id: string, value: string) {
  const input = wrapper.get(`[data-test="${id}"] input`);
  await input.setValue(value);
  await input.trigger('change');
}

async function mountPage() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { template: '<div />' } },
      { path: '/demand-orders/:id', name: 'demand-order', component: { template: '<div />' } },
    ],
  });
  const wrapper = mount(ProjectView, { props: { id: ID }, global: { plugins: [i18n, router] } });
  mounted.push(wrapper);
  await flushPromises();
  return wrapper;
}
/** Every page a test mounted: unmounted after it, so none keeps working under the next test. */
const mounted: VueWrapper[] = [];
afterEach(() => {
  for (const wrapper of mounted.splice(0)) wrapper.unmount();
});

describe('the project page', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.mocked(api.getProject).mockReset();
    vi.mocked(api.reviseShares).mockReset();
    useAuthStore().session = {
      token: 't',
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
      user: {
        id: ORDER,
        username: 'pm.dongguan',
        displayName: '东莞项目经理',
        role: 'project_manager',
        regionCode: '441900',
      },
    };
  });

  it('shows each party by name and role, with its share, funds and decision in Chinese', async () => {
    vi.mocked(api.getProject).mockResolvedValue(rejected());
    const wrapper = await mountPage();
    const round = wrapper.get('[data-test="round-1"]');
    expect(round.get('[data-test="round-status"]').text()).toBe('已驳回');
    const rows = round.findAll('.el-table__body tr').map((r) => r.text());
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('东莞市');
    expect(rows[0]).toContain('劳务输入地');
    expect(rows[0]).toContain('70%');
    expect(rows[0]).toContain('就业补助资金 60%');
    expect(rows[0]).toContain('东西部协作资金 40%');
    expect(rows[0]).toContain('已同意');
    expect(rows[0]).not.toContain('owning region');
    expect(rows[1]).toContain('毕节市');
    expect(rows[1]).toContain('劳务输出地');
    expect(rows[1]).toContain('30%');
    expect(rows[1]).toContain('已驳回');
    expect(rows[1]).toContain('比例过高');
    expect(wrapper.text()).not.toContain('labour_export');
    expect(wrapper.text()).not.toContain('employment_subsidy_fund');
  });

  it('shows people by name, never by their ids, in the decisions and the parties table', async () => {
    const APPROVER = 'user:00000000-0000-4000-8000-0000000000b2';
    const detail = rejected();
    const partner = detail.costSharing.rounds[0]?.parties[1];
    if (partner) Object.assign(partner, { decidedBy: APPROVER, decidedByName: '毕节审批人' });
    detail.live = {
      ...(detail.live as NonNullable<ProjectDetail['live']>),
      decisions: [
        {
          at: '2026-11-29T00:00:00Z',
          by: APPROVER,
          byName: '毕节审批人',
          action: 'reject_share:520500',
          reason: '比例过高',
        },
        {
          at: '2026-11-29T00:01:00Z',
          by: 'workflow:project-1',
          byName: '系统',
          action: 'retry:settle_claims',
          reason: null,
        },
      ],
    };
    vi.mocked(api.getProject).mockResolvedValue(detail);
    const wrapper = await mountPage();
    const decisions = wrapper.get('[data-test="decisions"]').text();
    expect(decisions).toContain('驳回分担：毕节市 · 毕节审批人');
    expect(decisions).toContain('重试步骤：补贴结算 · 系统');
    expect(wrapper.get('[data-test="decided-by"]').text()).toBe('毕节审批人');
    expect(wrapper.text()).not.toContain('user:');
    expect(wrapper.text()).not.toContain('520500');
  });

  it('shows the places each demand order holds and has filled', async () => {
    vi.mocked(api.getProject).mockResolvedValue(rejected());
    const wrapper = await mountPage();
    const row = wrapper.get('[data-test="reservations"] .el-table__body tr').text();
    expect(row).toContain('DGJM-2026-HR-031');
    expect(row).toMatch(/40\s*37\s*3/);
  });

  it('names each demand order by its reference, enterprise and occupation, never by its id', async () => {
    vi.mocked(api.getProject).mockResolvedValue(rejected());
    const wrapper = await mountPage();
    expect(wrapper.get('[data-test="demand-order"]').text()).toBe(
      'DGJM-2026-HR-031（40人）东莞精密智造科技有限公司 · 工业机器人系统操作员',
    );
    const row = wrapper.get('[data-test="reservations"] .el-table__body tr').text();
    expect(row).toContain('东莞精密智造科技有限公司 · 工业机器人系统操作员');
    expect(wrapper.text()).not.toContain(ORDER.slice(0, 8));

    // An order without a reference of its own reads by a short id; an occupation the registry
    // lacks, by its code.
    const detail = rejected();
    Object.assign(detail.reservations[0] ?? {}, { externalRef: null, occupationName: null });
    vi.mocked(api.getProject).mockResolvedValue(detail);
    wrapper.unmount();
    const bare = await mountPage();
    expect(bare.get('[data-test="demand-order"]').text()).toBe(
      `${ORDER.slice(0, 8)}（40人）东莞精密智造科技有限公司 · 6-30-99-00`,
    );
  });

  it('offers a revision only while the workflow waits for one', async () => {
    vi.mocked(api.getProject).mockResolvedValue(rejected(['approve_share']));
    const waiting = await mountPage();
    expect(waiting.find('[data-test="revise-open"]').exists()).toBe(false);
    waiting.unmount();

    vi.mocked(api.getProject).mockResolvedValue(rejected());
    const wrapper = await mountPage();
    await wrapper.get('[data-test="revise-open"]').trigger('click');
    expect(wrapper.find('[data-test="revise-form"]').exists()).toBe(true);
  });

  it('checks a revision with the domain rule and asks for a reason before sending it', async () => {
    vi.mocked(api.getProject).mockResolvedValue(rejected());
    const wrapper = await mountPage();
    await wrapper.get('[data-test="revise-open"]').trigger('click');
    // Prefilled from the last round, the owner first and fixed.
    expect(wrapper.get('[data-test="revise-form"] [data-test="party-owner"]').text()).toBe(
      '东莞市',
    );
    expect(wrapper.get('[data-test="revise-form"] [data-test="shares-total"]').text()).toContain(
      '100%',
    );
    await wrapper.get('[data-test="revise-submit"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-test="revise-form"]').text()).toContain('请填写理由');
    expect(api.reviseShares).not.toHaveBeenCalled();

    await setNumber(wrapper, 'party-share-1', '20');
    await wrapper.get('[data-test="revise-reason"]').setValue('毕节份额降至 20%');
    await wrapper.get('[data-test="revise-submit"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-path="parties"]').text()).toBe('各方份额合计须为 100%，当前 90%');
    expect(api.reviseShares).not.toHaveBeenCalled();
  });

  it('sends the whole new set of parties with the reason, and reloads the page', async () => {
    vi.mocked(api.getProject).mockResolvedValue(rejected());
    vi.mocked(api.reviseShares).mockResolvedValue({ applied: true, round: 2 });
    const wrapper = await mountPage();
    await wrapper.get('[data-test="revise-open"]').trigger('click');
    await setNumber(wrapper, 'party-share-0', '80');
    await setNumber(wrapper, 'party-share-1', '20');
    await wrapper.get('[data-test="revise-reason"]').setValue('毕节份额降至 20%');
    await wrapper.get('[data-test="revise-submit"]').trigger('click');
    await flushPromises();
    expect(api.reviseShares).toHaveBeenCalledWith(ID, {
      reason: '毕节份额降至 20%',
      parties: [
        {
          regionCode: '441900',
          role: 'labour_import',
          shareBp: 8000,
          funding: [
            { source: 'employment_subsidy_fund', shareBp: 6000 },
            { source: 'east_west_cooperation_fund', shareBp: 4000 },
          ],
        },
        {
          regionCode: '520500',
          role: 'labour_export',
          shareBp: 2000,
          funding: [{ source: 'employment_subsidy_fund', shareBp: 10_000 }],
        },
      ],
    });
    expect(api.getProject).toHaveBeenCalledTimes(2);
    expect(wrapper.find('[data-test="revise-form"]').exists()).toBe(false);
  });

  it("shows the API's refusal of a revision by code, at the field it names", async () => {
    vi.mocked(api.getProject).mockResolvedValue(rejected());
    vi.mocked(api.reviseShares).mockRejectedValue(
      new ApiError({
        type: 'about:blank',
        title: 'the plan has 1 problem(s): funding_source_duplicate',
        status: 422,
        code: 'plan_invalid',
        requestId: 'req',
        errors: [
          {
            path: 'body.parties.1.funding.0.source',
            message: 'funding_source_duplicate',
            code: 'funding_source_duplicate',
            params: { source: 'employment_subsidy_fund' },
          },
        ],
      }),
    );
    const wrapper = await mountPage();
    await wrapper.get('[data-test="revise-open"]').trigger('click');
    await wrapper.get('[data-test="revise-reason"]').setValue('再次提交');
    await wrapper.get('[data-test="revise-submit"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-path="parties.1.funding.0.source"]').text()).toBe(
      '资金来源「就业补助资金」重复',
    );
    expect(wrapper.get('[data-test="revise-error"]').text()).toContain('请按标出的提示修改');
    expect(wrapper.text()).not.toContain('funding_source_duplicate');
  });
});
