import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { UserSummary } from '#/api/people';
import { ApiError } from '#/api/problem';
import { i18n } from '#/locales';
import UsersView from '../index.vue';

vi.mock('#/api/people', () => ({
  users: vi.fn(),
  createUser: vi.fn(),
  setDisabled: vi.fn(),
  rotateKeys: vi.fn(),
}));
const api = await import('#/api/people');

const COORDINATOR: UserSummary = {
  id: '00000000-0000-4000-8000-0000000000b1',
  username: 'coordinator.guizhou',
  displayName: '贵州省人社厅统筹协调员',
  role: 'provincial_coordinator',
  regionCode: '520000',
  active: true,
  createdAt: '2026-11-01T00:00:00Z',
};

/** Element Plus puts our attribute on the <input> itself or on its wrapper. */
const field = (wrapper: VueWrapper, id: string) =>
  wrapper.get(`input[data-test="${id}"], [data-test="${id}"] input`);

async function mountPage() {
  const wrapper = mount(UsersView, { global: { plugins: [i18n] } });
  await flushPromises();
  return wrapper;
}

describe('the users page', () => {
  beforeEach(() => {
    i18n.global.locale.value = 'zh-CN';
    vi.mocked(api.users).mockReset().mockResolvedValue([COORDINATOR]);
    vi.mocked(api.createUser).mockReset();
    vi.mocked(api.setDisabled).mockReset();
  });

  it('lists users with their role, region and status in Chinese', async () => {
    const wrapper = await mountPage();
    const row = wrapper.get('[data-test="users-table"] .el-table__body tr').text();
    expect(row).toContain('coordinator.guizhou');
    expect(row).toContain('省级统筹协调员');
    expect(row).toContain('贵州省');
    expect(row).toContain('启用');
    expect(row).not.toContain('provincial_coordinator');
  });

  it('creates a user from the form and lists them after', async () => {
    const created = {
      ...COORDINATOR,
      id: '00000000-0000-4000-8000-0000000000b2',
      username: 'coordinator.sichuan',
      displayName: '四川省统筹协调员',
      regionCode: '510000',
    };
    vi.mocked(api.createUser).mockResolvedValue(created);
    const wrapper = await mountPage();
    vi.mocked(api.users).mockResolvedValue([COORDINATOR, created]);
    await field(wrapper, 'user-username').setValue('coordinator.sichuan');
    await field(wrapper, 'user-display-name').setValue('四川省统筹协调员');
    await field(wrapper, 'user-region').setValue('510000');
    await field(wrapper, 'user-password').setValue('a-long-enough-password');
    await wrapper.get('[data-test="user-create"]').trigger('click');
    await flushPromises();
    expect(api.createUser).toHaveBeenCalledWith({
      username: 'coordinator.sichuan',
      displayName: '四川省统筹协调员',
      role: 'project_manager',
      regionCode: '510000',
      password: 'a-long-enough-password',
    });
    expect(wrapper.findAll('[data-test="users-table"] .el-table__body tr')).toHaveLength(2);
  });

  it('sends a national user with no region rather than an empty code, and keeps the list when refused', async () => {
    vi.mocked(api.createUser).mockRejectedValue(
      new ApiError({
        type: 'about:blank',
        title: 'exists',
        status: 409,
        code: 'username_taken',
        requestId: 'r',
      }),
    );
    const wrapper = await mountPage();
    await field(wrapper, 'user-username').setValue('auditor.two');
    await field(wrapper, 'user-display-name').setValue('审计员');
    await field(wrapper, 'user-password').setValue('a-long-enough-password');
    await wrapper.get('[data-test="user-create"]').trigger('click');
    await flushPromises();
    expect(vi.mocked(api.createUser).mock.calls[0]?.[0]).toMatchObject({ regionCode: null });
    // Refused: the list is not reloaded as if it had worked.
    expect(api.users).toHaveBeenCalledTimes(1);
  });

  it('disables an active user, and enables a disabled one', async () => {
    vi.mocked(api.setDisabled).mockResolvedValue({ ...COORDINATOR, active: false });
    const wrapper = await mountPage();
    vi.mocked(api.users).mockResolvedValue([{ ...COORDINATOR, active: false }]);
    const toggle = () => wrapper.get('[data-test="user-toggle"]');
    expect(toggle().text()).toBe('停用');
    await toggle().trigger('click');
    await flushPromises();
    expect(api.setDisabled).toHaveBeenCalledWith(COORDINATOR.id, true);
    expect(wrapper.get('[data-test="users-table"] .el-table__body tr').text()).toContain('已停用');
    expect(toggle().text()).toBe('启用');
    await toggle().trigger('click');
    await flushPromises();
    expect(api.setDisabled).toHaveBeenLastCalledWith(COORDINATOR.id, false);
  });
});
