import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '#/api/problem';
import { problemText } from '#/utils/problems';
import { useAuthStore } from '../useAuthStore';
import { useLaunchStore } from '../useLaunchStore';

/** The i-th item, which the test set up (fails loudly if it is missing). */
function nth<T>(items: readonly T[], i: number): T {
  const item = items[i];
  if (item === undefined) throw new Error(`no item ${i}`);
  return item;
}

vi.mock('#/api/projects', () => ({
  createProject: vi.fn(),
  launchProject: vi.fn(),
  setParties: vi.fn(),
}));
const api = await import('#/api/projects');
const UUID = '00000000-0000-4000-8000-000000000001';

function fill(store: ReturnType<typeof useLaunchStore>) {
  Object.assign(store.draft, {
    name: '测试班',
    trainingRegionCode: '520500',
    occupationCodes: ['6-30-99-00'],
    demandOrders: [{ demandOrderId: UUID, headcount: 500 }],
    plannedHeadcount: 500,
    providerId: UUID,
    evaluationBodyId: UUID,
    modules: [{ title: '模块一', theoryHours: 8, practiceHours: 8, mode: 'offline' }],
    parties: [
      {
        regionCode: '',
        role: 'labour_import',
        sharePct: 70,
        funding: [{ source: 'employment_subsidy_fund', sharePct: 100 }],
      },
      {
        regionCode: '520500',
        role: 'labour_export',
        sharePct: 30,
        funding: [{ source: 'east_west_cooperation_fund', sharePct: 100 }],
      },
    ],
  });
}

describe('useLaunchStore', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.mocked(api.createProject).mockReset();
    vi.mocked(api.launchProject).mockReset();
    vi.mocked(api.setParties).mockReset();
    useAuthStore().session = {
      token: 't',
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
      user: {
        id: UUID,
        username: 'pm.dongguan',
        displayName: '东莞项目经理',
        role: 'project_manager',
        regionCode: '441900',
      },
    };
  });

  it('does not leave a step while it has errors', () => {
    const store = useLaunchStore();
    expect(store.next()).toBe(false);
    expect(store.step).toBe(0);
    expect(store.errors.name).toBeTruthy();
  });

  it('moves on once the step is valid', () => {
    const store = useLaunchStore();
    fill(store);
    expect(store.next()).toBe(true);
    expect(store.step).toBe(1);
  });

  it('checks every step before calling the API and opens the first failing one', async () => {
    const store = useLaunchStore();
    fill(store);
    nth(store.draft.parties, 0).sharePct = 60;
    store.goTo(4);
    expect(await store.submit()).toBe(false);
    expect(store.step).toBe(3);
    expect(problemText(store.errors.parties)).toBe('各方份额合计须为 100%，当前 90%');
    expect(api.createProject).not.toHaveBeenCalled();
  });

  it("shows the API's field error on the right field and step", async () => {
    vi.mocked(api.createProject).mockRejectedValue(
      new ApiError({
        type: 'https://qiancheng.dev/problems/demand_order_short',
        title: 'only 40 places are free on the demand order',
        status: 422,
        code: 'demand_order_short',
        requestId: 'req-1',
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
    fill(store);
    store.goTo(4);
    expect(await store.submit()).toBe(false);
    expect(store.step).toBe(0);
    expect(problemText(store.errors['demandOrders.0.headcount'])).toBe('该订单最多还可预留 40 人');
    expect(store.failure).toBe('未通过校验，请按标出的提示修改');
    expect(store.phase).toBe('failed');
  });

  it('creates the project with its parties, the owner first, in basis points', async () => {
    vi.mocked(api.createProject).mockResolvedValue({ id: UUID, name: '测试班' } as never);
    vi.mocked(api.launchProject).mockResolvedValue({
      projectId: UUID,
      workflowId: `project-${UUID}`,
      runId: 'r',
      alreadyLaunched: false,
    });
    const store = useLaunchStore();
    fill(store);
    expect(await store.submit()).toBe(true);
    expect(vi.mocked(api.createProject).mock.calls[0]?.[0].parties).toEqual([
      {
        regionCode: '441900',
        role: 'labour_import',
        shareBp: 7000,
        funding: [{ source: 'employment_subsidy_fund', shareBp: 10_000 }],
      },
      {
        regionCode: '520500',
        role: 'labour_export',
        shareBp: 3000,
        funding: [{ source: 'east_west_cooperation_fund', shareBp: 10_000 }],
      },
    ]);
    expect(api.setParties).not.toHaveBeenCalled();
  });

  it("replaces the created draft's parties before retrying a launch, once they were edited", async () => {
    vi.mocked(api.createProject).mockResolvedValue({ id: UUID, name: '测试班' } as never);
    vi.mocked(api.launchProject)
      .mockRejectedValueOnce(new Error('temporal unavailable'))
      .mockResolvedValueOnce({
        projectId: UUID,
        workflowId: `project-${UUID}`,
        runId: 'r',
        alreadyLaunched: false,
      });
    const store = useLaunchStore();
    fill(store);
    expect(await store.submit()).toBe(false);
    nth(store.draft.parties, 0).sharePct = 80;
    nth(store.draft.parties, 1).sharePct = 20;
    expect(await store.submit()).toBe(true);
    expect(api.createProject).toHaveBeenCalledTimes(1);
    expect(api.setParties).toHaveBeenCalledTimes(1);
    expect(
      vi.mocked(api.setParties).mock.calls[0]?.[1].parties.map((p) => [p.regionCode, p.shareBp]),
    ).toEqual([
      ['441900', 8000],
      ['520500', 2000],
    ]);
  });

  it('creates, then launches with the short timings, and retries only the launch', async () => {
    vi.mocked(api.createProject).mockResolvedValue({ id: UUID, name: '测试班' } as never);
    vi.mocked(api.launchProject)
      .mockRejectedValueOnce(new Error('temporal unavailable'))
      .mockResolvedValueOnce({
        projectId: UUID,
        workflowId: `project-${UUID}`,
        runId: 'r',
        alreadyLaunched: false,
      });
    const store = useLaunchStore();
    fill(store);
    store.draft.approvalDeadlineMinutes = 5;
    expect(await store.submit()).toBe(false);
    // A failure without a problem document: the console says it cannot reach the server.
    expect(store.failure).toBe('无法连接服务器，请稍后重试');
    expect(await store.submit()).toBe(true);
    expect(api.createProject).toHaveBeenCalledTimes(1);
    expect(api.setParties).not.toHaveBeenCalled();
    expect(api.launchProject).toHaveBeenLastCalledWith(UUID, {
      approvalDeadlineMs: 300_000,
      reminderLeadMs: 60_000,
      reminderIntervalMs: 30_000,
    });
    expect(store.phase).toBe('launched');
  });
});
