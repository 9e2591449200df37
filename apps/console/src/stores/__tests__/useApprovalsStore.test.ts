import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApprovalInboxItem } from '#/api/types';
import { useApprovalsStore } from '../useApprovalsStore';

vi.mock('#/api/oversight', () => ({ approvalInbox: vi.fn() }));
vi.mock('#/api/projects', () => ({ decideShare: vi.fn() }));
const oversight = await import('#/api/oversight');
const projects = await import('#/api/projects');

const item = (id: string, deadline: string): ApprovalInboxItem => ({
  approvalId: id,
  projectId: `p-${id}`,
  projectName: `项目 ${id}`,
  ownerRegionCode: '441900',
  round: 1,
  regionCode: '520500',
  role: 'labour_export',
  shareBp: 2000,
  ceiling: null,
  deadline,
  overdue: false,
  remindersSent: 0,
  escalatedAt: null,
});

describe('useApprovalsStore', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.mocked(projects.decideShare).mockReset();
  });

  it('lists pending shares soonest deadline first', async () => {
    vi.mocked(oversight.approvalInbox).mockResolvedValue([
      item('b', '2026-12-05T00:00:00Z'),
      item('a', '2026-12-01T00:00:00Z'),
    ]);
    const store = useApprovalsStore();
    await store.fetch();
    expect(store.items.map((i) => i.approvalId)).toEqual(['a', 'b']);
  });

  it('shows an approval at once: the share leaves the inbox and the result is listed', async () => {
    vi.mocked(projects.decideShare).mockResolvedValue({
      applied: true,
      regionCode: '520500',
      round: 1,
      status: 'approved',
      roundComplete: false,
    });
    const store = useApprovalsStore();
    const first = item('a', '2026-12-01T00:00:00Z');
    store.items = [first, item('b', '2026-12-02T00:00:00Z')];
    await store.decide(first, 'approve');
    expect(projects.decideShare).toHaveBeenCalledWith('p-a', '520500', 'approve', 1, undefined);
    expect(store.items.map((i) => i.approvalId)).toEqual(['b']);
    expect(store.decided[0]).toMatchObject({ decision: 'approve', status: 'approved' });
    expect(store.busy).toEqual({});
  });

  it('refuses a rejection without a reason, and passes the reason on', async () => {
    const store = useApprovalsStore();
    const only = item('a', '2026-12-01T00:00:00Z');
    store.items = [only];
    await expect(store.decide(only, 'reject', '  ')).rejects.toThrow(/reason/);
    vi.mocked(projects.decideShare).mockResolvedValue({
      applied: true,
      regionCode: '520500',
      round: 1,
      status: 'rejected',
      roundComplete: true,
    });
    await store.decide(only, 'reject', ' 份额过高 ');
    expect(projects.decideShare).toHaveBeenCalledWith('p-a', '520500', 'reject', 1, '份额过高');
  });

  it('keeps the share in the inbox when the decision fails', async () => {
    vi.mocked(projects.decideShare).mockRejectedValue(new Error('conflict'));
    const store = useApprovalsStore();
    const only = item('a', '2026-12-01T00:00:00Z');
    store.items = [only];
    await expect(store.decide(only, 'approve')).rejects.toThrow('conflict');
    expect(store.items).toHaveLength(1);
    expect(store.busy).toEqual({});
  });
});
