import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { QualityReview } from '#/api/quality-reviews';
import type { UserRole } from '#/api/types';
import { i18n } from '#/locales';
import { useAuthStore } from '#/stores/useAuthStore';
import QualityReviews from '../QualityReviews.vue';

vi.mock('#/api/quality-reviews', () => ({ qualityReviews: vi.fn(), recordQualityReview: vi.fn() }));
const api = await import('#/api/quality-reviews');

const PROJECT = '00000000-0000-4000-8000-0000000000a1';
const SELF: QualityReview = {
  id: '00000000-0000-4000-8000-0000000000r1',
  projectId: PROJECT,
  method: 'self',
  reviewer: '毕节职业技术学院',
  reviewedOn: '2026-10-01',
  metrics: {},
  providerGrade: 'A',
  findings: null,
  recordedAt: '2026-10-01T02:00:00Z',
  recordedBy: 'user:x',
  recordedByName: '毕节项目经理',
};
const SPOT: QualityReview = {
  ...SELF,
  id: '00000000-0000-4000-8000-0000000000r2',
  method: 'spot_check',
  reviewer: '贵州省人社厅抽查组',
  reviewedOn: '2026-11-20',
  providerGrade: 'C',
  findings: '实操课时不足',
  recordedByName: '审计员',
};

function signIn(role: UserRole) {
  useAuthStore().session = {
    token: 't',
    expiresAt: new Date(Date.now() + 60_000).toISOString(),
    user: {
      id: '00000000-0000-4000-8000-0000000000b1',
      username: role,
      displayName: role,
      role,
      regionCode: null,
    },
  };
}

async function mountPanel() {
  const wrapper = mount(QualityReviews, {
    props: { projectId: PROJECT },
    global: { plugins: [i18n] },
  });
  await flushPromises();
  return wrapper;
}
const input = (wrapper: VueWrapper, id: string) =>
  wrapper.get(`input[data-test="${id}"], [data-test="${id}"] input`);
const textarea = (wrapper: VueWrapper, id: string) =>
  wrapper.get(`textarea[data-test="${id}"], [data-test="${id}"] textarea`);

describe("the project's quality reviews", () => {
  beforeEach(() => {
    i18n.global.locale.value = 'zh-CN';
    setActivePinia(createPinia());
    vi.mocked(api.qualityReviews).mockReset().mockResolvedValue([SELF, SPOT]);
    vi.mocked(api.recordQualityReview).mockReset();
  });

  it('lists each review with its method in Chinese, reviewer, grade, findings and recorder', async () => {
    signIn('project_manager');
    const wrapper = await mountPanel();
    expect(api.qualityReviews).toHaveBeenCalledWith(PROJECT);
    const rows = wrapper
      .findAll('[data-test="reviews-table"] .el-table__body tr')
      .map((r) => r.text());
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('自评');
    expect(rows[1]).toContain('政府抽查');
    expect(rows[1]).toContain('贵州省人社厅抽查组');
    expect(rows[1]).toContain('实操课时不足');
    expect(rows[1]).toContain('审计员');
    expect(wrapper.text()).not.toContain('spot_check');
  });

  it('is read-only for a project manager', async () => {
    signIn('project_manager');
    const wrapper = await mountPanel();
    expect(wrapper.find('[data-test="review-open"]').exists()).toBe(false);
  });

  it('lets an auditor record a spot check with findings, and needs a method and reviewer first', async () => {
    signIn('auditor');
    vi.mocked(api.recordQualityReview).mockResolvedValue({
      review: { ...SPOT, id: '00000000-0000-4000-8000-0000000000r3' },
      providerId: '00000000-0000-4000-8000-0000000000p1',
      providerGrade: 'D',
      unfit: true,
    });
    const wrapper = await mountPanel();
    await wrapper.get('[data-test="review-open"]').trigger('click');
    await flushPromises();
    await wrapper.get('[data-test="review-submit"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-test="review-error"]').text()).toContain('请填写评价方式');
    expect(api.recordQualityReview).not.toHaveBeenCalled();

    await wrapper.get('[data-test="review-method-spot_check"] input').setValue(true);
    await input(wrapper, 'review-reviewer').setValue('贵州省人社厅抽查组');
    await textarea(wrapper, 'review-findings').setValue('签到记录与实际不符');
    await wrapper.get('[data-test="review-submit"]').trigger('click');
    await flushPromises();
    expect(api.recordQualityReview).toHaveBeenCalledWith(PROJECT, {
      method: 'spot_check',
      reviewer: '贵州省人社厅抽查组',
      reviewedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      providerGrade: null,
      findings: '签到记录与实际不符',
    });
    expect(api.qualityReviews).toHaveBeenCalledTimes(2);
  });
});
