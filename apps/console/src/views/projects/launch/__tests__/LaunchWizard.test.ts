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

describe('the launch wizard', { timeout: 30_000 }, () => {
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

  it('totals the funding shares live and blocks the step until they make 100%', async () => {
    const store = useLaunchStore();
    store.goTo(3);
    store.draft.fundingShares = [
      { source: 'employment_subsidy_fund', payerRegionCode: '441900', sharePct: 60 },
      { source: 'east_west_cooperation_fund', payerRegionCode: '440000', sharePct: 30 },
    ];
    const wrapper = await mountWizard();
    expect(wrapper.get('[data-test="funding-total"]').text()).toContain('90%');
    await wrapper.get('[data-test="wizard-next"]').trigger('click');
    await flushPromises();
    expect(errorOf(wrapper, '资金计划')).toBe('资金份额合计须为 100%，当前 90%');
    expect(store.step).toBe(3);
  });

  it("puts the API's field error next to the demand order's headcount", async () => {
    vi.mocked(projectsApi.createProject).mockRejectedValue(
      new ApiError({
        type: 'about:blank',
        title: 'only 40 places are free on the demand order',
        status: 422,
        code: 'demand_order_short',
        requestId: 'req',
        errors: [{ path: 'body.demandOrders.0.headcount', message: 'at most 40' }],
      }),
    );
    const store = useLaunchStore();
    Object.assign(store.draft, {
      name: '测试班',
      trainingRegionCode: '520500',
      occupationCodes: ['6-30-99-00'],
      demandOrders: [{ demandOrderId: ORDER, headcount: 90 }],
      providerId: BODY,
      evaluationBodyId: BODY,
      modules: [{ title: '模块', theoryHours: 8, practiceHours: 8, mode: 'offline' }],
    });
    store.goTo(4);
    const wrapper = await mountWizard();
    await wrapper.get('[data-test="wizard-launch"]').trigger('click');
    await flushPromises();
    expect(store.step).toBe(0);
    expect(wrapper.get('[data-test="field-error"]').text()).toBe('at most 40');
  });
});
