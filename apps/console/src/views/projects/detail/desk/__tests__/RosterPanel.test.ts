import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { RosterTrainee } from '#/api/desk';
import type { ProjectDetail } from '#/api/types';
import { i18n } from '#/locales';
import { useAuthStore } from '#/stores/useAuthStore';
import RosterPanel from '../RosterPanel.vue';

vi.mock('#/api/desk', () => ({
  listTrainees: vi.fn(),
  recordAttendance: vi.fn(),
  submitAssessments: vi.fn(),
  recordPlacements: vi.fn(),
  answerFollowUp: vi.fn(),
  explainClaim: vi.fn(),
  approveClaim: vi.fn(),
  payClaim: vi.fn(),
}));
vi.mock('#/api/demand-orders', () => ({ getDemandOrder: vi.fn() }));
const api = await import('#/api/desk');
const ID = '00000000-0000-4000-8000-0000000000c1';
const MODULE = '00000000-0000-4000-8000-0000000000c2';

const person = (n: number, extra: Partial<RosterTrainee> = {}): RosterTrainee => ({
  traineeId: `00000000-0000-4000-8000-00000000010${n}`,
  enrolmentId: `00000000-0000-4000-8000-00000000020${n}`,
  name: `学员${n}`,
  maskedResidentId: `440305********00${n}X`,
  homeRegionCode: '440300',
  keyGroups: ['unemployed_youth'],
  status: 'enrolled',
  enrolledAt: '2027-04-01T00:00:00Z',
  attendance: { attendedMinutes: 240, plannedMinutes: 240, rateBp: 10000 },
  assessment: null,
  certificate: null,
  placement: null,
  followUps: [],
  claim: null,
  ...extra,
});

const detail = (stage: string) =>
  ({
    project: {
      id: ID,
      stage,
      workflowId: `project-${ID}`,
      demandOrders: [],
      ownerRegionCode: '440300',
    },
    live: { stage },
    coursePlan: [
      {
        id: MODULE,
        title: '安全操作',
        theoryHours: 8,
        practiceHours: 8,
        mode: 'offline',
        position: 1,
      },
    ],
    reservations: [],
    costSharing: { approvedRound: 1, rounds: [{ round: 1, parties: [{ regionCode: '440300' }] }] },
  }) as unknown as ProjectDetail;

async function mountRoster(stage = 'training', path = '/p') {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/p', component: { template: '<div />' } }],
  });
  await router.push(path);
  const wrapper = mount(RosterPanel, {
    props: { detail: detail(stage), revision: 0 },
    global: { plugins: [i18n, router] },
    attachTo: document.body,
  });
  await flushPromises();
  return { wrapper, router };
}

function signIn(role: 'project_manager' | 'auditor') {
  useAuthStore().session = {
    token: 't',
    expiresAt: new Date(Date.now() + 60_000).toISOString(),
    user: {
      id: ID,
      username: 'u',
      displayName: 'u',
      role,
      regionCode: role === 'auditor' ? null : '440300',
    },
  };
}

enableAutoUnmount(afterEach);
afterEach(() => {
  document.body.innerHTML = '';
});

describe('the roster', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    i18n.global.locale.value = 'zh-CN';
    for (const fn of Object.values(api)) if (vi.isMockFunction(fn)) fn.mockReset();
    signIn('project_manager');
  });

  it('shows each person by masked ID with key group, attendance rate, placement, follow-ups and claim in Chinese', async () => {
    vi.mocked(api.listTrainees).mockResolvedValue({
      items: [
        person(1, {
          placement: {
            enterpriseId: ID,
            enterpriseName: '东莞精密智造',
            demandOrderId: null,
            startedOn: '2027-06-01',
            contractType: 'fixed_term',
            monthlyWageFen: 820_000,
            workRegionCode: '440300',
          },
          followUps: [
            { milestoneMonths: 3, dueOn: '2027-09-01', outcome: 'retained', recordedAt: null },
          ],
          claim: { id: ID, status: 'approved', amountFen: 150_000 },
        }),
      ],
      total: 1234,
      page: 1,
      pageSize: 20,
    });
    const { wrapper } = await mountRoster();
    const row = wrapper.get('[data-test="roster-table"] .el-table__body tr').text();
    expect(row).toContain('440305********001X');
    expect(row).toContain('100%');
    expect(row).toContain('东莞精密智造');
    expect(row).toContain('¥8,200.00');
    expect(row).toContain('在岗');
    expect(row).toContain('已核准');
    expect(row).not.toContain('unemployed_youth');
    expect(wrapper.text()).toContain('共 1,234 人');
  });

  it('keeps its filters and page in the URL and asks the API with them', async () => {
    vi.mocked(api.listTrainees).mockResolvedValue({ items: [], total: 0, page: 1, pageSize: 20 });
    const { wrapper, router } = await mountRoster('training', '/p?rstatus=withdrawn&rq=%E5%BC%A0');
    expect(api.listTrainees).toHaveBeenLastCalledWith(ID, {
      page: 1,
      pageSize: 20,
      status: 'withdrawn',
      q: '张',
    });
    await wrapper.get('input[data-test="roster-q"]').setValue('李');
    await wrapper.get('[data-test="roster-search"]').trigger('submit');
    await flushPromises();
    expect(router.currentRoute.value.query).toMatchObject({ rstatus: 'withdrawn', rq: '李' });
  });

  it('records a session for the whole roster at once, refusing one with nobody present', async () => {
    const people = [person(1), person(2)];
    vi.mocked(api.listTrainees).mockResolvedValue({
      items: people,
      total: 2,
      page: 1,
      pageSize: 200,
    });
    vi.mocked(api.recordAttendance).mockResolvedValue({ accepted: true });
    const { wrapper } = await mountRoster('training');
    await wrapper.get('[data-test="open-attendance"]').trigger('click');
    await flushPromises();
    // Everyone is ticked present at first.
    expect(
      document.querySelectorAll('[data-test="att-present"] input[type="checkbox"]'),
    ).toHaveLength(2);
    // Untick everyone (as the checkbox group reports it), then tick the first back.
    const group = wrapper.findComponent({ name: 'ElCheckboxGroup' });
    group.vm.$emit('update:modelValue', []);
    await flushPromises();
    (document.querySelector('[data-test="att-submit"]') as HTMLElement).click();
    await flushPromises();
    expect(api.recordAttendance).not.toHaveBeenCalled();
    expect(document.body.textContent).toContain('至少选择一名出勤学员');
    group.vm.$emit('update:modelValue', [people[0]?.traineeId]);
    await flushPromises();
    (document.querySelector('[data-test="att-submit"]') as HTMLElement).click();
    await flushPromises();
    expect(api.recordAttendance).toHaveBeenCalledWith(
      ID,
      expect.objectContaining({
        moduleId: MODULE,
        minutes: 240,
        presentTraineeIds: [people[0]?.traineeId],
      }),
    );
  });

  it('asks a pass for its certificate number before sending assessments', async () => {
    vi.mocked(api.listTrainees).mockResolvedValue({
      items: [person(1)],
      total: 1,
      page: 1,
      pageSize: 200,
    });
    const { wrapper } = await mountRoster('evaluation');
    expect(wrapper.find('[data-test="open-attendance"]').exists()).toBe(false);
    await wrapper.get('[data-test="open-assessments"]').trigger('click');
    await flushPromises();
    (document.querySelector('[data-test="ass-submit"]') as HTMLElement).click();
    await flushPromises();
    expect(api.submitAssessments).not.toHaveBeenCalled();
    expect(document.body.textContent).toContain('通过者须填写证书编号');
  });

  it('lets an auditor approve a pending claim for each paying region', async () => {
    signIn('auditor');
    vi.mocked(api.listTrainees).mockResolvedValue({
      items: [person(1, { claim: { id: ID, status: 'pending', amountFen: 150_000 } })],
      total: 1,
      page: 1,
      pageSize: 20,
    });
    vi.mocked(api.approveClaim).mockResolvedValue({} as never);
    const { wrapper } = await mountRoster('closed');
    await wrapper.get('[data-test="claim-approve"]').trigger('click');
    await flushPromises();
    expect(api.approveClaim).toHaveBeenCalledWith(ID, '440300');
    expect(wrapper.find('[data-test="open-placements"]').exists()).toBe(false);
  });
});
