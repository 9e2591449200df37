import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DispatchRow } from '#/api/types';
import { i18n } from '#/locales';
import { useAuthStore } from '#/stores/useAuthStore';
import TargetsView from '../index.vue';

vi.mock('#/api/oversight', () => ({ dispatchReport: vi.fn() }));
vi.mock('#/api/targets', () => ({ setTarget: vi.fn(), sendPaceReminder: vi.fn() }));
const oversight = await import('#/api/oversight');
const api = await import('#/api/targets');

const BIJIE: DispatchRow = {
  targetId: '00000000-0000-4000-8000-0000000000d1',
  regionCode: '520500',
  regionName: '毕节市',
  measure: 'enrolments',
  sector: 'advanced_manufacturing',
  keyGroup: null,
  periodStart: '2026-01-01',
  periodEnd: '2026-12-31',
  target: 4000,
  expected: 3600,
  actual: 1200,
  pace: 'behind',
  flagged: true,
};
const ZUNYI: DispatchRow = {
  ...BIJIE,
  targetId: '00000000-0000-4000-8000-0000000000d2',
  regionCode: '520300',
  regionName: '遵义市',
  sector: null,
  keyGroup: 'rural_migrant',
  actual: 3900,
  pace: 'ahead',
  flagged: false,
};

async function mountPage() {
  const wrapper = mount(TargetsView, { global: { plugins: [i18n] } });
  await flushPromises();
  return wrapper;
}
const rows = (wrapper: VueWrapper) =>
  wrapper.findAll('[data-test="targets-table"] .el-table__body tr');
const textarea = (wrapper: VueWrapper, id: string) =>
  wrapper.get(`textarea[data-test="${id}"], [data-test="${id}"] textarea`);

describe('the regional targets page', () => {
  beforeEach(() => {
    i18n.global.locale.value = 'zh-CN';
    setActivePinia(createPinia());
    useAuthStore().session = {
      token: 't',
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
      user: {
        id: '00000000-0000-4000-8000-0000000000b1',
        username: 'coordinator.guizhou',
        displayName: '贵州省人社厅统筹协调员',
        role: 'provincial_coordinator',
        regionCode: '520000',
      },
    };
    vi.mocked(oversight.dispatchReport)
      .mockReset()
      .mockResolvedValue({ asOf: '2026-11-30', items: [BIJIE, ZUNYI], behindRegions: ['520500'] });
    vi.mocked(api.setTarget).mockReset();
    vi.mocked(api.sendPaceReminder).mockReset();
  });

  it('shows each target by region, sector and key group with its pace, in Chinese', async () => {
    const wrapper = await mountPage();
    const [bijie, zunyi] = rows(wrapper).map((r) => r.text());
    expect(bijie).toContain('毕节市');
    expect(bijie).toContain('培训人次');
    expect(bijie).toContain('先进制造业');
    expect(bijie).toContain('滞后');
    expect(zunyi).toContain('遵义市');
    expect(zunyi).toContain('超前');
    expect(wrapper.text()).not.toContain('advanced_manufacturing');
  });

  it('offers a 督促提醒 only to a region behind pace', async () => {
    const wrapper = await mountPage();
    expect(rows(wrapper)[0]?.find('[data-test="target-remind"]').exists()).toBe(true);
    expect(rows(wrapper)[1]?.find('[data-test="target-remind"]').exists()).toBe(false);
  });

  it('asks for confirmation with an editable message, then sends the reminder to that region', async () => {
    vi.mocked(api.sendPaceReminder).mockResolvedValue({
      notificationId: '00000000-0000-4000-8000-0000000000f1',
      regionCode: '520500',
    });
    const wrapper = await mountPage();
    await rows(wrapper)[0]?.get('[data-test="target-remind"]').trigger('click');
    await flushPromises();
    expect(api.sendPaceReminder).not.toHaveBeenCalled();
    const message = textarea(wrapper, 'remind-message');
    expect((message.element as HTMLTextAreaElement).value).toContain('毕节市');
    expect((message.element as HTMLTextAreaElement).value).toContain('1200');

    await message.setValue('  ');
    await wrapper.get('[data-test="remind-confirm"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-test="remind-error"]').text()).toContain('请填写提醒内容');
    expect(api.sendPaceReminder).not.toHaveBeenCalled();

    await message.setValue('请毕节市加快培训进度');
    await wrapper.get('[data-test="remind-confirm"]').trigger('click');
    await flushPromises();
    expect(api.sendPaceReminder).toHaveBeenCalledWith({
      regionCode: '520500',
      message: '请毕节市加快培训进度',
    });
  });

  it('adjusts a target with a reason, keeping its region, period, measure and sector', async () => {
    vi.mocked(api.setTarget).mockResolvedValue({
      id: BIJIE.targetId,
      regionCode: '520500',
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      measure: 'enrolments',
      sector: 'advanced_manufacturing',
      keyGroup: null,
      target: 3000,
    });
    const wrapper = await mountPage();
    await rows(wrapper)[0]?.get('[data-test="target-edit"]').trigger('click');
    await flushPromises();
    const value = wrapper.get('[data-test="target-value"] input');
    await value.setValue('3000');
    await value.trigger('change');
    await textarea(wrapper, 'target-reason').setValue('省级下调');
    await wrapper.get('[data-test="target-save"]').trigger('click');
    await flushPromises();
    expect(api.setTarget).toHaveBeenCalledWith({
      regionCode: '520500',
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      measure: 'enrolments',
      sector: 'advanced_manufacturing',
      keyGroup: null,
      target: 3000,
      reason: '省级下调',
    });
    expect(oversight.dispatchReport).toHaveBeenCalledTimes(2);
  });

  it('offers a coordinator only the regions of their own province', async () => {
    const wrapper = await mountPage();
    await wrapper.get('[data-test="target-create"]').trigger('click');
    await flushPromises();
    const vm = wrapper.vm as unknown as { regions: { value: string }[] };
    expect(vm.regions.length).toBeGreaterThan(0);
    expect(vm.regions.every((r) => r.value.startsWith('52'))).toBe(true);
  });
});
