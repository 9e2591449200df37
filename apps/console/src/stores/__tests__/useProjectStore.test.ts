import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { StageEvent, StreamOptions } from '#/api/events';
import { ApiError } from '#/api/problem';
import type { ProjectDetail } from '#/api/types';
import { useProjectStore } from '../useProjectStore';

let streamOptions: StreamOptions | null = null;
const stop = vi.fn();
vi.mock('#/api/events', () => ({
  followProjectStages: (_id: string, options: StreamOptions) => {
    streamOptions = options;
    return stop;
  },
}));
vi.mock('#/api/projects', () => ({ getProject: vi.fn() }));
const api = await import('#/api/projects');

const detail = (stage: string): ProjectDetail =>
  ({
    project: { id: 'p1', name: '项目', stage, partnerRegions: [], demandOrders: [] },
    coursePlan: [],
    costSharing: { agreementStatus: null, approvedRound: null, rounds: [] },
    reservations: [],
    enrolments: {},
    live: { stage, round: 1, parties: [], counts: {}, pending: [], decisions: [], cancelled: null },
    liveError: null,
  }) as unknown as ProjectDetail;

describe('useProjectStore', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    streamOptions = null;
    stop.mockReset();
    vi.mocked(api.getProject).mockReset();
  });

  it('loads the project and follows its stage stream', async () => {
    vi.mocked(api.getProject).mockResolvedValue(detail('cost_sharing'));
    const store = useProjectStore();
    await store.open('p1');
    expect(store.stage).toBe('cost_sharing');
    expect(streamOptions).not.toBeNull();
    streamOptions?.onStatus?.('open');
    expect(store.streamStatus).toBe('open');
  });

  it('moves to the streamed stage at once and fetches the records behind it', async () => {
    vi.mocked(api.getProject).mockResolvedValueOnce(detail('cost_sharing'));
    const store = useProjectStore();
    await store.open('p1');
    vi.mocked(api.getProject).mockResolvedValueOnce(detail('enrolment'));
    const event: StageEvent = { projectId: 'p1', stage: 'enrolment', at: '2026-11-28T00:00:00Z' };
    streamOptions?.onStage(event);
    expect(store.stage).toBe('enrolment');
    expect(store.stageHistory).toEqual([event]);
    await vi.waitFor(() => expect(api.getProject).toHaveBeenCalledTimes(2));
  });

  it('fetches again until the records show a decision the live state already has', async () => {
    const round = (status: string) => ({
      round: 1,
      status: status === 'pending' ? 'open' : status,
      parties: [{ regionCode: '520500', status }],
    });
    const at = (recorded: string) => {
      const value = detail('cost_sharing');
      value.costSharing.rounds = [round(recorded)] as ProjectDetail['costSharing']['rounds'];
      value.live = {
        ...(value.live as NonNullable<ProjectDetail['live']>),
        parties: [{ regionCode: '520500', status: 'rejected' }],
      } as NonNullable<ProjectDetail['live']>;
      return value;
    };
    vi.mocked(api.getProject)
      .mockResolvedValueOnce(at('pending'))
      .mockResolvedValueOnce(at('pending'))
      .mockResolvedValueOnce(at('rejected'))
      .mockResolvedValue(at('rejected'));
    const store = useProjectStore();
    await store.open('p1');
    // Shown at once, not behind a spinner, and followed live while the records catch up.
    expect(store.loading).toBe(false);
    expect(streamOptions).not.toBeNull();
    expect(store.detail?.costSharing.rounds[0]?.status).toBe('open');
    await vi.waitFor(() => expect(store.detail?.costSharing.rounds[0]?.status).toBe('rejected'), {
      timeout: 5_000,
    });
    expect(api.getProject).toHaveBeenCalledTimes(3);
  });

  it("ignores another project's events and stops streaming on close", async () => {
    vi.mocked(api.getProject).mockResolvedValue(detail('cost_sharing'));
    const store = useProjectStore();
    await store.open('p1');
    store.applyStage({ projectId: 'p2', stage: 'closed', at: '2026-11-28T00:00:00Z' });
    expect(store.stage).toBe('cost_sharing');
    store.close();
    expect(stop).toHaveBeenCalled();
    expect(store.streamStatus).toBe('idle');
  });

  it('shows the error by its code in Chinese, and opens no stream, when the project cannot be loaded', async () => {
    vi.mocked(api.getProject).mockRejectedValue(
      new ApiError({
        type: 'about:blank',
        title: 'Not Found',
        status: 404,
        code: 'not_found',
        detail: 'project not found',
        requestId: 'r',
      }),
    );
    const store = useProjectStore();
    await store.open('p1');
    expect(store.error).toBe('未找到该记录，或您无权查看');
    expect(store.error).not.toContain('project not found');
    expect(store.loading).toBe(false);
    expect(store.streamStatus).toBe('idle');
  });
});
