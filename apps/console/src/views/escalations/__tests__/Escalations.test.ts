import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { ElDatePicker } from 'element-plus';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EscalatedApproval } from '#/api/people';
import { ApiError } from '#/api/problem';
import { i18n } from '#/locales';
import EscalationsView from '../index.vue';

vi.mock('#/api/people', () => ({ escalations: vi.fn(), decideEscalation: vi.fn() }));
const api = await import('#/api/people');

const APPROVAL = '00000000-0000-4000-8000-0000000000c1';
const PROJECT = '00000000-0000-4000-8000-0000000000a1';

const escalated: EscalatedApproval = {
  approvalId: APPROVAL,
  projectId: PROJECT,
  projectName: '粤黔协作·工业机器人订单班',
  ownerRegionCode: '441900',
  round: 1,
  regionCode: '520300',
  regionName: '遵义市',
  role: 'labour_export',
  shareBp: 2000,
  deadline: '2026-11-30T01:00:00Z',
  remindersSent: 2,
  escalatedAt: '2026-11-30T01:00:05Z',
};

async function mountPage() {
  const wrapper = mount(EscalationsView, { global: { plugins: [i18n] } });
  await flushPromises();
  return wrapper;
}

async function choose(wrapper: VueWrapper, action: 'approve' | 'reject' | 'extend') {
  await wrapper.get(`[data-test="escalation-${action}"]`).trigger('click');
  await flushPromises();
}

/** Element Plus puts our attribute on the textarea itself or on its wrapper. */
const reasonBox = (wrapper: VueWrapper) =>
  wrapper.get('textarea[data-test="decision-reason"], [data-test="decision-reason"] textarea');

async function confirm(wrapper: VueWrapper) {
  await wrapper.get('[data-test="decision-confirm"]').trigger('click');
  await flushPromises();
}

describe('the escalated approvals page', () => {
  beforeEach(() => {
    i18n.global.locale.value = 'zh-CN';
    vi.mocked(api.escalations).mockReset().mockResolvedValue([escalated]);
    vi.mocked(api.decideEscalation).mockReset();
  });

  it('lists each escalated share with its project, region, share and deadline', async () => {
    const wrapper = await mountPage();
    const rows = wrapper.findAll('[data-test="escalations-table"] .el-table__body tr');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.text()).toContain('粤黔协作·工业机器人订单班');
    expect(rows[0]?.text()).toContain('遵义市');
    expect(rows[0]?.text()).toContain('20%');
  });

  it('approves in the partner’s place without a reason, and reloads the inbox', async () => {
    vi.mocked(api.decideEscalation).mockResolvedValue({
      applied: true,
      projectId: PROJECT,
      regionCode: '520300',
      round: 1,
      status: 'approved',
      deadline: escalated.deadline,
      roundComplete: true,
    });
    const wrapper = await mountPage();
    vi.mocked(api.escalations).mockResolvedValue([]);
    await choose(wrapper, 'approve');
    expect(wrapper.get('[data-test="decision-subject"]').text()).toContain('遵义市');
    await confirm(wrapper);
    expect(api.decideEscalation).toHaveBeenCalledWith(APPROVAL, { decision: 'approve' });
    expect(api.escalations).toHaveBeenCalledTimes(2);
    expect(wrapper.text()).toContain('没有待统筹决定的升级审批');
  });

  it('refuses to reject without a reason, then sends the reason with the rejection', async () => {
    const wrapper = await mountPage();
    await choose(wrapper, 'reject');
    await confirm(wrapper);
    expect(wrapper.get('[data-test="decision-error"]').text()).toContain('请填写理由');
    expect(api.decideEscalation).not.toHaveBeenCalled();

    await reasonBox(wrapper).setValue('  比例不符合协议  ');
    await confirm(wrapper);
    expect(api.decideEscalation).toHaveBeenCalledWith(APPROVAL, {
      decision: 'reject',
      reason: '比例不符合协议',
    });
  });

  it('extends only to a future deadline and with a reason', async () => {
    const wrapper = await mountPage();
    await choose(wrapper, 'extend');
    await reasonBox(wrapper).setValue('等待市局会议');
    await confirm(wrapper);
    expect(wrapper.get('[data-test="decision-error"]').text()).toContain('请选择新期限');

    const picker = wrapper.getComponent(ElDatePicker);
    picker.vm.$emit('update:modelValue', new Date(Date.now() - 60_000));
    await confirm(wrapper);
    expect(wrapper.get('[data-test="decision-error"]').text()).toContain('新期限须晚于现在');
    expect(api.decideEscalation).not.toHaveBeenCalled();

    const later = new Date(Date.now() + 3 * 24 * 3600 * 1000);
    picker.vm.$emit('update:modelValue', later);
    await reasonBox(wrapper).setValue('');
    await confirm(wrapper);
    expect(wrapper.get('[data-test="decision-error"]').text()).toContain('请填写理由');

    await reasonBox(wrapper).setValue('等待市局会议');
    await confirm(wrapper);
    expect(api.decideEscalation).toHaveBeenCalledWith(APPROVAL, {
      decision: 'extend',
      reason: '等待市局会议',
      deadline: later.toISOString(),
    });
  });

  it('shows the API’s refusal in the dialog by its code, in Chinese', async () => {
    vi.mocked(api.decideEscalation).mockRejectedValue(
      new ApiError({
        type: 'about:blank',
        title: 'not your province',
        status: 403,
        code: 'not_your_region',
        requestId: 'req',
      }),
    );
    const wrapper = await mountPage();
    await choose(wrapper, 'approve');
    await confirm(wrapper);
    const error = wrapper.get('[data-test="decision-error"]').text();
    expect(error).not.toContain('not your province');
    expect(error).not.toBe('');
    expect(wrapper.find('[data-test="decision-subject"]').exists()).toBe(true);
  });
});
