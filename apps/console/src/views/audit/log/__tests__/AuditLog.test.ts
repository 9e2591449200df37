import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { AuditLogPage } from '#/api/types';
import { i18n } from '#/locales';
import AuditLogView from '../index.vue';

// The API at its HTTP boundary: the request client takes `fetch` when it is created, so the
// stand-in is in place before any import.
const server = vi.hoisted(() => {
  const state = { body: null as unknown, urls: [] as string[] };
  globalThis.fetch = async (input: RequestInfo | URL) => {
    state.urls.push(input instanceof Request ? input.url : String(input));
    return new Response(JSON.stringify(state.body), {
      headers: { 'content-type': 'application/json' },
    });
  };
  return state;
});

const PROJECT = '00000000-0000-4000-8000-0000000000a1';
const entry = (e: Partial<AuditLogPage['items'][number]>): AuditLogPage['items'][number] => ({
  id: 1,
  occurredAt: '2026-11-27T20:52:00Z',
  actor: 'system',
  actorName: null,
  action: 'project.stage_changed',
  subjectType: 'project',
  subjectId: PROJECT,
  reason: null,
  details: {},
  requestId: null,
  ...e,
});
const PAGE: AuditLogPage = {
  items: [
    entry({ id: 4, details: { stage: 'training' } }),
    entry({
      id: 3,
      action: 'project.created',
      actor: 'user:00000000-0000-4000-8000-0000000000b1',
      actorName: '东莞项目经理',
      details: { name: '粤黔协作·工业机器人订单班' },
    }),
    entry({
      id: 2,
      action: 'target.pace_reminder_sent',
      subjectType: 'region',
      subjectId: '520500',
    }),
    entry({ id: 1, action: 'mystery.happened', subjectType: 'platform', subjectId: 'demo' }),
  ],
  total: 4,
  page: 1,
  pageSize: 50,
};

async function mountPage() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { template: '<div />' } },
      { path: '/projects/:id', name: 'project', component: { template: '<div />' } },
    ],
  });
  const wrapper = mount(AuditLogView, { global: { plugins: [i18n, router] } });
  await flushPromises();
  const rows = wrapper
    .findAll('[data-test="audit-table"] .el-table__body tr')
    .map((r) => r.findAll('td').map((td) => td.text()));
  return { wrapper, rows };
}

describe('the audit log page', () => {
  afterEach(() => {
    i18n.global.locale.value = 'zh-CN';
  });

  it('shows each action in words, with the stage a project entered, never its code', async () => {
    server.body = PAGE;
    const { wrapper, rows } = await mountPage();
    expect(server.urls.at(-1)).toContain('/api/v1/audit-log');
    expect(rows.map((r) => r[2])).toEqual([
      '项目阶段变更 · 技能培训',
      '创建项目',
      '发送进度提醒',
      // An action the console has no words for stays visible as its code.
      'mystery.happened',
    ]);
    expect(wrapper.text()).not.toContain('project.stage_changed');
    expect(wrapper.text()).not.toContain('project.created');
  });

  it('names the subject: a project by the name its entry gives, a region by its name, else a short id', async () => {
    server.body = PAGE;
    const { wrapper, rows } = await mountPage();
    expect(rows.map((r) => r[3])).toEqual([
      `项目 ${PROJECT.slice(0, 8)}`,
      '项目 粤黔协作·工业机器人订单班',
      '地区 毕节市',
      '平台 demo',
    ]);
    const links = wrapper.findAll('[data-test="audit-table"] a');
    expect(links.map((a) => a.attributes('href'))).toEqual([
      `/projects/${PROJECT}`,
      `/projects/${PROJECT}`,
    ]);
    expect(rows[1]?.[1]).toBe('东莞项目经理');
  });

  it('dates each entry in Asia/Shanghai', async () => {
    server.body = PAGE;
    const { rows } = await mountPage();
    expect(rows[0]?.[0]).toBe('2026/11/28 04:52');
  });

  it('speaks English when English is chosen', async () => {
    i18n.global.locale.value = 'en';
    server.body = PAGE;
    const { rows } = await mountPage();
    expect(rows.map((r) => r[2])).toEqual([
      'Stage changed · Training',
      'Project created',
      'Pace reminder sent',
      'mystery.happened',
    ]);
    expect(rows[2]?.[3]).toBe('Region Bijie');
  });
});
