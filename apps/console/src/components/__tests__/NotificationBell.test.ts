import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { NotificationList } from '#/api/people';
import { i18n } from '#/locales';
import NotificationBell from '../NotificationBell.vue';

vi.mock('#/api/people', () => ({ notifications: vi.fn(), markRead: vi.fn() }));
const api = await import('#/api/people');

const ESCALATION = '00000000-0000-4000-8000-0000000000e1';
const REMINDER = '00000000-0000-4000-8000-0000000000e2';

function list(readIds: string[] = []): NotificationList {
  const items = [
    {
      id: ESCALATION,
      kind: 'approval_escalation' as const,
      projectId: '00000000-0000-4000-8000-0000000000a1',
      projectName: '粤黔协作·工业机器人订单班',
      recipientRegionCode: '520000',
      payload: {},
      createdAt: '2026-11-30T02:00:00Z',
      read: readIds.includes(ESCALATION),
    },
    {
      id: REMINDER,
      kind: 'pace_reminder' as const,
      projectId: null,
      projectName: null,
      recipientRegionCode: '520500',
      payload: { message: '请加快培训进度' },
      createdAt: '2026-11-30T01:00:00Z',
      read: readIds.includes(REMINDER),
    },
  ];
  return { items, unread: items.filter((i) => !i.read).length };
}

async function mountBell() {
  const wrapper = mount(NotificationBell, { global: { plugins: [i18n] } });
  await flushPromises();
  return wrapper;
}

describe('the notification bell', () => {
  beforeEach(() => {
    i18n.global.locale.value = 'zh-CN';
    vi.mocked(api.notifications).mockReset();
    vi.mocked(api.markRead).mockReset();
  });

  it('shows how many notifications are unread, and none when all are read', async () => {
    vi.mocked(api.notifications).mockResolvedValue(list());
    const wrapper = await mountBell();
    expect(wrapper.get('[data-test="bell-count"] .el-badge__content').text()).toBe('2');
    wrapper.unmount();

    vi.mocked(api.notifications).mockResolvedValue(list([ESCALATION, REMINDER]));
    const quiet = await mountBell();
    const badge = quiet.find('[data-test="bell-count"] .el-badge__content');
    expect(badge.exists() && badge.isVisible()).toBe(false);
  });

  it('opens a drawer listing each notification by kind in Chinese, with its project or region', async () => {
    vi.mocked(api.notifications).mockResolvedValue(list());
    const wrapper = await mountBell();
    await wrapper.get('[data-test="bell"]').trigger('click');
    await flushPromises();
    const notes = wrapper.findAll('[data-test="notification"]');
    expect(notes).toHaveLength(2);
    expect(notes[0]?.text()).toContain('超期升级');
    expect(notes[0]?.text()).toContain('粤黔协作·工业机器人订单班');
    expect(notes[1]?.text()).toContain('督促提醒');
    expect(notes[1]?.text()).toContain('毕节市');
    expect(notes[0]?.classes()).toContain('unread');
    expect(wrapper.text()).toContain('2 条未读');
    expect(wrapper.text()).not.toContain('approval_escalation');
  });

  it('marks an unread notification read when it is opened, and counts again', async () => {
    // Unread on mount and when the drawer opens; read after it is marked.
    vi.mocked(api.notifications)
      .mockResolvedValueOnce(list())
      .mockResolvedValueOnce(list())
      .mockResolvedValue(list([ESCALATION]));
    vi.mocked(api.markRead).mockResolvedValue({ id: ESCALATION, read: true });
    const wrapper = await mountBell();
    await wrapper.get('[data-test="bell"]').trigger('click');
    await flushPromises();
    await wrapper.findAll('[data-test="notification"]')[0]?.trigger('click');
    await flushPromises();
    expect(api.markRead).toHaveBeenCalledWith(ESCALATION);
    expect(wrapper.get('[data-test="bell-count"] .el-badge__content').text()).toBe('1');
    expect(wrapper.findAll('[data-test="notification"]')[0]?.classes()).not.toContain('unread');

    // A read notification is not marked again.
    await wrapper.findAll('[data-test="notification"]')[0]?.trigger('click');
    await flushPromises();
    expect(api.markRead).toHaveBeenCalledTimes(1);
  });
});
