import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { LedgerPage } from '#/api/types';
import { i18n } from '#/locales';
import LedgerView from '../index.vue';

// The API at its HTTP boundary: the request client takes `fetch` when it is created, so the
// stand-in is in place before any import.
const server = vi.hoisted(() => {
  const state = { body: null as unknown };
  globalThis.fetch = async () =>
    new Response(JSON.stringify(state.body), { headers: { 'content-type': 'application/json' } });
  return state;
});

const PROJECT = '00000000-0000-4000-8000-0000000000a1';
const PAGE: LedgerPage = {
  items: [
    {
      id: '00000000-0000-4000-8000-0000000000e1',
      seq: 1,
      projectId: PROJECT,
      projectName: '深圳低空经济无人机驾驶员培训项目',
      claimId: '00000000-0000-4000-8000-0000000000c1',
      kind: 'claim',
      direction: 1,
      fundingSource: 'employment_subsidy_fund',
      payerRegionCode: '440300',
      amountFen: 180_000,
      reversesEntryId: null,
      recordedAt: '2026-11-27T20:52:00Z',
      recordedBy: 'workflow:project-1',
      recordedByName: null,
      reason: null,
    },
  ],
  total: 1,
  page: 1,
  pageSize: 50,
  totals: {
    owedFen: 180_000,
    approvedFen: 0,
    paidFen: 0,
    byFundingSource: [],
    byPayerRegion: [],
  },
};

describe('the ledger page', () => {
  it('shows each entry’s project by its name, linked to the project', async () => {
    server.body = PAGE;
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/', component: { template: '<div />' } },
        { path: '/projects/:id', name: 'project', component: { template: '<div />' } },
      ],
    });
    const wrapper = mount(LedgerView, { global: { plugins: [i18n, router] } });
    await flushPromises();
    const link = wrapper.get('[data-test="ledger-project"]');
    expect(link.text()).toBe('深圳低空经济无人机驾驶员培训项目');
    expect(link.attributes('href')).toBe(`/projects/${PROJECT}`);
    const row = wrapper.get('[data-test="ledger-table"] .el-table__body tr').text();
    expect(row).not.toContain(PROJECT.slice(0, 8));
    expect(row).toContain('2026/11/28 04:52');
  });
});
