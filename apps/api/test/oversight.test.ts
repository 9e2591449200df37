import { projects } from '@qiancheng/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness('api_oversight');
});
afterAll(async () => {
  await h?.close();
});

describe('the ledger and the audit log', () => {
  it('gives auditors the ledger with totals by source and paying region', async () => {
    const response = await h.app.inject({
      method: 'GET',
      url: '/api/v1/ledger?fundingSource=employment_subsidy_fund&pageSize=10',
      headers: await h.as('auditor'),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      items: [],
      total: 0,
      page: 1,
      pageSize: 10,
      totals: { owedFen: 0, paidFen: 0, byFundingSource: [], byPayerRegion: [] },
    });
  });

  it('pages the audit log newest first, filtered by action', async () => {
    const response = await h.app.inject({
      method: 'GET',
      url: '/api/v1/audit-log?action=demo.seeded',
      headers: await h.as('auditor'),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().items[0]).toMatchObject({ actor: 'system', subjectType: 'platform' });
  });

  it('keeps both from approvers (403)', async () => {
    const approver = await h.as('approver.bijie');
    for (const url of ['/api/v1/ledger', '/api/v1/audit-log']) {
      const response = await h.app.inject({ method: 'GET', url, headers: approver });
      expect(response.statusCode).toBe(403);
    }
  });
});

describe('the dispatch dashboard', () => {
  it('compares every target with its actuals and flags the regions behind pace (二十)', async () => {
    const response = await h.app.inject({
      method: 'GET',
      url: '/api/v1/dispatch?asOf=2026-11-27',
      headers: await h.as('operator'),
    });
    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report.items).toHaveLength(13);
    const dongguan = report.items.find(
      (i: { regionCode: string; measure: string }) => i.regionCode === '441900',
    );
    expect(dongguan).toMatchObject({
      regionName: '东莞市',
      target: 90_000,
      actual: 0,
      pace: 'behind',
      flagged: true,
    });
    expect(dongguan.expected).toBeGreaterThan(80_000);
    expect(report.behindRegions).toContain('441900');
  });

  it('shows a regional user the targets inside their region only', async () => {
    const response = await h.app.inject({
      method: 'GET',
      url: '/api/v1/dispatch?asOf=2026-06-30',
      headers: await h.as('pm.chengdu'),
    });
    expect(response.json().items.map((i: { regionCode: string }) => i.regionCode)).toEqual([
      '510100',
    ]);
    const outside = await h.app.inject({
      method: 'GET',
      url: '/api/v1/dispatch?regionCode=440000',
      headers: await h.as('pm.chengdu'),
    });
    expect(outside.statusCode).toBe(403);
  });
});

describe('the project event stream', () => {
  it('sends the current stage, then each change, as server-sent events', async () => {
    const project = (await projects.list(h.db)).find((p) => p.ownerRegionCode === '440300');
    if (!project) throw new Error('demo project missing');
    const address = await h.app.listen({ port: 0, host: '127.0.0.1' });
    const controller = new AbortController();
    const response = await fetch(`${address}/api/v1/projects/${project.id}/events`, {
      headers: await h.as('pm.shenzhen'),
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value);
      }
    };
    await readUntil('"stage":"demand"');
    await projects.setStage(h.db, project.id, 'enrolment');
    await readUntil('"stage":"enrolment"');
    expect(text).toMatch(/event: stage\ndata: \{"projectId":"[^"]+","stage":"demand"/);
    await projects.setStage(h.db, project.id, 'cancelled');
    await readUntil('"stage":"cancelled"');
    const end = await reader.read();
    expect(end.done).toBe(true);
    controller.abort();
  });

  it('answers 404 for a project outside the user’s region, before streaming', async () => {
    const project = (await projects.list(h.db)).find((p) => p.ownerRegionCode === '440300');
    const response = await h.app.inject({
      method: 'GET',
      url: `/api/v1/projects/${project?.id}/events`,
      headers: await h.as('pm.chengdu'),
    });
    expect(response.statusCode).toBe(404);
  });
});
