import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProjectDetail } from '#/api/types';
import { i18n } from '#/locales';
import { useAuthStore } from '#/stores/useAuthStore';
import ProjectActions from '../ProjectActions.vue';

vi.mock('#/api/desk', () => ({ closeStage: vi.fn(), cancelProject: vi.fn(), retryStep: vi.fn() }));
const api = await import('#/api/desk');
const ID = '00000000-0000-4000-8000-0000000000b1';

function detail(
  stage: string,
  extra: Record<string, unknown> = {},
  launched = true,
): ProjectDetail {
  return {
    project: {
      id: ID,
      ownerRegionCode: '441900',
      stage,
      workflowId: launched ? `project-${ID}` : null,
    },
    live: launched
      ? {
          stage,
          round: 1,
          parties: [],
          counts: {},
          pending: [],
          decisions: [],
          cancelled: null,
          failures: [],
          ...extra,
        }
      : null,
  } as unknown as ProjectDetail;
}

function signIn(role: 'project_manager' | 'auditor', regionCode: string | null = '441900') {
  useAuthStore().session = {
    token: 't',
    expiresAt: new Date(Date.now() + 60_000).toISOString(),
    user: { id: ID, username: 'u', displayName: 'u', role, regionCode },
  };
}

const mountDesk = async (d: ProjectDetail) => {
  const wrapper = mount(ProjectActions, {
    props: { detail: d },
    global: { plugins: [i18n] },
    attachTo: document.body,
  });
  await flushPromises();
  return wrapper;
};
const dialogText = () => document.body.textContent ?? '';
enableAutoUnmount(afterEach);
afterEach(() => {
  document.body.innerHTML = '';
});

describe('the manager’s desk', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    i18n.global.locale.value = 'zh-CN';
    vi.mocked(api.closeStage).mockReset();
    vi.mocked(api.cancelProject).mockReset();
    signIn('project_manager');
  });

  it('offers a draft to be continued in the wizard, and nothing else', async () => {
    const wrapper = await mountDesk(detail('demand', {}, false));
    expect(wrapper.findAll('[data-test^="action-"]').map((b) => b.attributes('data-test'))).toEqual(
      ['action-continue'],
    );
    await wrapper.get('[data-test="action-continue"]').trigger('click');
    expect(wrapper.emitted('done')?.[0]).toEqual(['continue']);
  });

  it('keeps enrolment open, saying why, until someone is enrolled', async () => {
    const empty = await mountDesk(detail('enrolment'));
    expect(empty.get('[data-test="action-enrolment-close"]').attributes('disabled')).toBeDefined();
    expect(empty.text()).toContain('尚无学员报名');
    empty.unmount();
    const ready = await mountDesk(detail('enrolment', { counts: { enrolled: 3 } }));
    expect(
      ready.get('[data-test="action-enrolment-close"]').attributes('disabled'),
    ).toBeUndefined();
  });

  it('confirms closing a stage as irreversible and sends the optional reason', async () => {
    vi.mocked(api.closeStage).mockResolvedValue({ applied: true, result: {} });
    const wrapper = await mountDesk(detail('training'));
    await wrapper.get('[data-test="action-training-complete"]').trigger('click');
    await flushPromises();
    expect(dialogText()).toContain('此操作不可撤销');
    (document.querySelector('[data-test="action-confirm"]') as HTMLElement).click();
    await flushPromises();
    expect(api.closeStage).toHaveBeenCalledWith(ID, 'training/complete', undefined);
    expect(wrapper.emitted('done')?.[0]).toEqual(['training/complete']);
    wrapper.unmount();
  });

  it('cancels only with a reason', async () => {
    vi.mocked(api.cancelProject).mockResolvedValue({ stage: 'cancelled' });
    const wrapper = await mountDesk(detail('training'));
    await wrapper.get('[data-test="action-cancel"]').trigger('click');
    await flushPromises();
    (document.querySelector('[data-test="action-confirm"]') as HTMLElement).click();
    await flushPromises();
    expect(api.cancelProject).not.toHaveBeenCalled();
    expect(dialogText()).toContain('请填写理由');
    const reason = document.querySelector('[data-test="action-reason"]') as HTMLTextAreaElement;
    reason.value = '合作企业撤单';
    reason.dispatchEvent(new Event('input'));
    await flushPromises();
    (document.querySelector('[data-test="action-confirm"]') as HTMLElement).click();
    await flushPromises();
    expect(api.cancelProject).toHaveBeenCalledWith(ID, '合作企业撤单');
    wrapper.unmount();
  });

  it('shows a failed step and offers its retry, blocking the stage’s close meanwhile', async () => {
    const wrapper = await mountDesk(
      detail('employment', {
        pending: [{ kind: 'retry_step', regionCode: '441900', deadline: null }],
        failures: [
          {
            step: 'record_placements',
            type: 'ConstraintViolated',
            message: 'x',
            at: '',
            by: null,
            resolvedAt: null,
          },
        ],
      }),
    );
    // The step and its cause in words, not the workflow's names for them.
    const failure = wrapper.get('[data-test="failure"]').text();
    expect(failure).toContain('步骤「登记就业」执行失败');
    expect(failure).toContain('数据与已有记录冲突');
    expect(failure).not.toContain('record_placements');
    expect(wrapper.get('[data-test="action-retry"]').attributes('disabled')).toBeUndefined();
    expect(
      wrapper.get('[data-test="action-employment-close"]').attributes('disabled'),
    ).toBeDefined();
    expect(wrapper.text()).toContain('请先重试');
  });

  it('lets auditors, not managers, file a fraud finding once the project settles', async () => {
    const manager = await mountDesk(detail('settlement'));
    expect(manager.get('[data-test="action-fraud"]').attributes('disabled')).toBeDefined();
    expect(manager.text()).toContain('仅审计监督人员可登记');
    manager.unmount();
    signIn('auditor', null);
    const auditor = await mountDesk(detail('settlement'));
    expect(auditor.get('[data-test="action-fraud"]').attributes('disabled')).toBeUndefined();
    expect(auditor.find('[data-test="action-cancel"]').exists()).toBe(false);
  });
});
