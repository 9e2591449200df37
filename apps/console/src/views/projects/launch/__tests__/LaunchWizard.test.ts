import type { VueWrapper } from '@vue/test-utils';
import { flushPromises, mount } from '@vue/test-utils';
import { ElFormItem } from 'element-plus';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { ApiError } from '#/api/problem';
import { i18n } from '#/locales';
import { useAuthStore } from '#/stores/useAuthStore';
import { useLaunchStore } from '#/stores/useLaunchStore';
import LaunchView from '../index.vue';

/** The i-th item, which the test set up (fails loudly if it is missing). */
function nth<T>(items: readonly T[], i: number): T {
  const item = items[i];
  if (item === undefined) throw new Error(`no item ${i}`);
  return item;
}

const ORDER = '00000000-0000-4000-8000-0000000000aa';
const BODY = '00000000-0000-4000-8000-0000000000bb';

vi.mock('#/api/demand-orders', () => ({
  listDemandOrders: vi.fn(async ({ status }: { status: string }) => ({
    items:
      status === 'open'
        ? [
            {
              id: ORDER,
              enterpriseId: BODY,
              externalRef: 'DGJM-2026-HR-031',
              occupationCode: '6-30-99-00',
              headcount: 120,
              reservedHeadcount: 80,
              filledHeadcount: 0,
              requiredLevel: 'intermediate',
              wageOfferFen: 680_000,
              workRegionCode: '441900',
              deadline: '2027-04-30',
              status: 'open',
              description: '工业机器人系统操作员',
              postedAt: '2026-11-03T02:00:00Z',
              updatedAt: '2026-11-03T02:00:00Z',
            },
          ]
        : [],
    total: 1,
    page: 1,
    pageSize: 200,
  })),
}));
vi.mock('#/api/projects', () => ({
  listProjects: vi.fn(async () => ({ items: [], total: 0, page: 1, pageSize: 200 })),
  createProject: vi.fn(),
  launchProject: vi.fn(),
}));
const projectsApi = await import('#/api/projects');

/** The error Element Plus shows under the form item labelled `label` (its `error` prop). */
function errorOf(wrapper: VueWrapper, label: string): string {
  const item = wrapper
    .findAllComponents(ElFormItem)
    .find((i) => i.find('.el-form-item__label').text() === label);
  if (!item) throw new Error(`no form item ${label}`);
  expect(item.classes()).toContain('is-error');
  return String(item.props('error'));
}

async function mountWizard() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { template: '<div />' } },
      { path: '/projects/:id', name: 'project', component: { template: '<div />' } },
    ],
  });
  const wrapper = mount(LaunchView, {
    global: {
      plugins: [i18n, router],
    },
  });
  await flushPromises();
  return wrapper;
}

describe('the launch wizard', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    useAuthStore().session = {
      token: 't',
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
      user: {
        id: BODY,
        username: 'pm.dongguan',
        displayName: '东莞项目经理',
        role: 'project_manager',
        regionCode: '441900',
      },
    };
  });

  it('shows the field errors of a step instead of moving on', async () => {
    const wrapper = await mountWizard();
    await wrapper.get('[data-test="wizard-next"]').trigger('click');
    await flushPromises();
    expect(errorOf(wrapper, '项目名称')).toBe('请填写项目名称');
    expect(errorOf(wrapper, '岗位需求订单')).toBe('订单培训至少关联一个岗位需求订单');
    expect(useLaunchStore().step).toBe(0);
  });

  it('picks a demand order, fills in its occupation and region, and shows the free places', async () => {
    const wrapper = await mountWizard();
    expect(wrapper.text()).toContain('40/120');
    await wrapper.get('[data-test="order-DGJM-2026-HR-031"] input').setValue(true);
    const store = useLaunchStore();
    expect(store.draft.demandOrders).toEqual([{ demandOrderId: ORDER, headcount: 40 }]);
    expect(store.draft.occupationCodes).toEqual(['6-30-99-00']);
    expect(store.draft.trainingRegionCode).toBe('441900');
  });

  it("edits the owner and partners' shares and funds, showing the domain's problems at each field", async () => {
    const store = useLaunchStore();
    store.goTo(3);
    const wrapper = await mountWizard();
    // A local project to begin with: the owner, fixed to its region, pays 100% from 就业补助资金.
    expect(wrapper.get('[data-test="party-owner"]').text()).toBe('东莞市');
    expect(wrapper.get('[data-test="shares-total"]').text()).toContain('100%');
    expect(store.draft.parties).toHaveLength(1);
    expect(store.draft.parties[0]?.funding).toEqual([
      { source: 'employment_subsidy_fund', sharePct: 100 },
    ]);

    await wrapper.get('[data-test="add-partner"]').trigger('click');
    expect(wrapper.find('[data-test="party-region-1"]').exists()).toBe(true);
    const partner = nth(store.draft.parties, 1);
    partner.regionCode = '520500';
    partner.sharePct = 30;
    nth(partner.funding, 0).sharePct = 80;
    await flushPromises();
    expect(wrapper.get('[data-test="shares-total"]').text()).toContain('130%');

    await wrapper.get('[data-test="wizard-next"]').trigger('click');
    await flushPromises();
    expect(store.step).toBe(3);
    expect(wrapper.get('[data-path="parties"]').text()).toBe('各方份额合计须为 100%，当前 130%');
    expect(wrapper.get('[data-path="parties.1.funding"]').text()).toBe(
      '资金来源合计须为本方份额的 100%，当前 80%',
    );

    await wrapper.get('[data-test="owner-takes-rest"]').trigger('click');
    nth(partner.funding, 0).sharePct = 100;
    await flushPromises();
    expect(store.draft.parties[0]?.sharePct).toBe(70);
    await wrapper.get('[data-test="wizard-next"]').trigger('click');
    await flushPromises();
    expect(wrapper.findAll('[data-test="field-error"]')).toHaveLength(0);
    expect(store.step).toBe(4);
    expect(wrapper.findAll('[data-test="review-party"]').map((w) => w.text())).toEqual([
      '东莞市（劳务输入地）70%： 就业补助资金 100%',
      '毕节市（劳务输出地）30%： 就业补助资金 100%',
    ]);
  });

  it('previews what a sample claim costs each party and fund, to the fen', async () => {
    const store = useLaunchStore();
    store.draft.parties.push({
      regionCode: '520500',
      role: 'labour_export',
      sharePct: 33.33,
      funding: [{ source: 'employment_subsidy_fund', sharePct: 100 }],
    });
    nth(store.draft.parties, 0).sharePct = 66.67;
    store.goTo(3);
    const wrapper = await mountWizard();
    await wrapper.get('input[data-test="sample-claim"]').setValue('1000');
    await flushPromises();
    expect(wrapper.get('[data-test="party-amount-0"]').text()).toBe('≈ ¥666.70');
    expect(wrapper.get('[data-test="party-amount-1"]').text()).toBe('≈ ¥333.30');
  });

  it("puts the API's field error next to the demand order's headcount", async () => {
    vi.mocked(projectsApi.createProject).mockRejectedValue(
      new ApiError({
        type: 'about:blank',
        title: 'only 40 places are free on the demand order',
        status: 422,
        code: 'demand_order_short',
        requestId: 'req',
        errors: [
          {
            path: 'body.demandOrders.0.headcount',
            message: 'at most 40',
            code: 'demand_order_short',
            params: { free: 40 },
          },
        ],
      }),
    );
    const store = useLaunchStore();
    Object.assign(store.draft, {
      name: '测试班',
      trainingRegionCode: '520500',
      occupationCodes: ['6-30-99-00'],
      demandOrders: [{ demandOrderId: ORDER, headcount: 90 }],
      plannedHeadcount: 90,
      providerId: BODY,
      evaluationBodyId: BODY,
      modules: [{ title: '模块', theoryHours: 8, practiceHours: 8, mode: 'offline' }],
    });
    store.goTo(4);
    const wrapper = await mountWizard();
    await wrapper.get('[data-test="wizard-launch"]').trigger('click');
    await flushPromises();
    expect(store.step).toBe(0);
    expect(wrapper.get('[data-test="field-error"]').text()).toBe('该订单最多还可预留 40 人');
  });

  it("takes the API's plan problem back to the parties step, worded by its code", async () => {
    vi.mocked(projectsApi.createProject).mockRejectedValue(
      new ApiError({
        type: 'about:blank',
        title: 'the plan has 1 problem(s): partner_share_zero',
        status: 422,
        code: 'plan_invalid',
        requestId: 'req',
        errors: [
          {
            path: 'body.parties.1.shareBp',
            message: 'partner_share_zero',
            code: 'partner_share_zero',
            params: {},
          },
        ],
      }),
    );
    const store = useLaunchStore();
    Object.assign(store.draft, {
      name: '测试班',
      trainingRegionCode: '520500',
      occupationCodes: ['6-30-99-00'],
      demandOrders: [{ demandOrderId: ORDER, headcount: 10 }],
      plannedHeadcount: 10,
      providerId: BODY,
      evaluationBodyId: BODY,
      modules: [{ title: '模块', theoryHours: 8, practiceHours: 8, mode: 'offline' }],
    });
    nth(store.draft.parties, 0).sharePct = 80;
    store.draft.parties.push({
      regionCode: '520500',
      role: 'labour_export',
      sharePct: 20,
      funding: [{ source: 'employment_subsidy_fund', sharePct: 100 }],
    });
    store.goTo(4);
    const wrapper = await mountWizard();
    await wrapper.get('[data-test="wizard-launch"]').trigger('click');
    await flushPromises();
    expect(store.step).toBe(3);
    expect(wrapper.get('[data-path="parties.1.shareBp"]').text()).toBe('协作地区的份额须大于 0');
    expect(wrapper.text()).not.toContain('partner_share_zero');
  });
});
