import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, login, screenshot } from './browser.js';

const base = inject('consoleUrl');
const api = inject('apiUrl');

// 毕节's share is approved at once; 遵义's passes its 4 s deadline (reminded from 1.5 s on) and
// is escalated to 贵州's coordinator, who then has two minutes to decide before it expires.
const TIMINGS = {
  approvalDeadlineMs: 4_000,
  reminderLeadMs: 2_500,
  reminderIntervalMs: 1_000,
  escalationGraceMs: 120_000,
};

let browser: Browser;
let manager: Page;
let coordinator: Page;
let projectId = '';
let projectName = '';

async function tokenOf(username: string): Promise<string> {
  const r = await fetch(`${api}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'qiancheng-demo-2026' }),
  });
  expect(r.status).toBe(200);
  return ((await r.json()) as { token: string }).token;
}

async function call(token: string, method: string, path: string, body?: unknown) {
  const r = await fetch(`${api}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: r.status, json: (await r.json().catch(() => null)) as Record<string, unknown> };
}

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > end) throw new Error('condition never met');
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe('a provincial coordinator decides an escalated cost-share approval', () => {
  beforeAll(async () => {
    browser = await launchChromium();
    manager = await (
      await browser.newContext({ viewport: { width: 1440, height: 900 } })
    ).newPage();
    coordinator = await (
      await browser.newContext({ viewport: { width: 1440, height: 900 } })
    ).newPage();
  });
  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail') return;
    for (const [who, page] of [
      ['manager', manager],
      ['coordinator', coordinator],
    ] as const) {
      await screenshot(page, `coordinator-failed-${who}`).catch(() => {});
    }
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('launches the 粤黔 project with a short deadline; 毕节 approves and 遵义’s share escalates', async () => {
    const pm = await tokenOf('pm.dongguan');
    // The demo's 粤黔协作 project: 东莞 owns it, 毕节 and 遵义 share its cost; not yet launched.
    const list = await call(
      pm,
      'GET',
      `/api/v1/projects?stage=demand&q=${encodeURIComponent('粤黔协作')}`,
    );
    expect(list.status, JSON.stringify(list.json)).toBe(200);
    const cross = (list.json.items as { id: string; name: string }[])[0];
    expect(cross).toBeDefined();
    projectId = cross?.id as string;
    projectName = cross?.name as string;
    const launched = await call(pm, 'POST', `/api/v1/projects/${projectId}/launch`, {
      timings: TIMINGS,
    });
    expect(launched.status, JSON.stringify(launched.json)).toBe(201);

    // The manager watches the project page; the stage stream moves it on later.
    await login(manager, base, 'pm.dongguan');
    await manager.goto(`${base}/projects/${projectId}`);
    await manager.waitForSelector('[data-test="project-stage"][data-stage="cost_sharing"]', {
      timeout: 60_000,
    });

    const bijie = await tokenOf('approver.bijie');
    await until(async () => {
      const r = await call(
        bijie,
        'POST',
        `/api/v1/projects/${projectId}/cost-shares/520500/approve`,
        {
          round: 1,
        },
      );
      return r.status === 200 ? r : undefined;
    });
  });

  it('shows the coordinator the escalation in their inbox and their bell, and lets them approve it', async () => {
    await login(coordinator, base, 'coordinator.guizhou');
    await coordinator.waitForURL('**/escalations');
    const row = coordinator.locator('[data-test="escalations-table"] .el-table__row', {
      hasText: projectName,
    });
    for (let i = 0; i < 60 && (await row.count()) === 0; i += 1) {
      await coordinator.waitForTimeout(1000);
      await coordinator.reload();
      await coordinator.waitForSelector('[data-test="escalations"]');
    }
    await expect.poll(() => row.count(), { timeout: 5000 }).toBe(1);
    expect(await row.textContent()).toMatch(/遵义市.*15%/);
    await screenshot(coordinator, 'coordinator-escalations');

    // The bell counts the escalation; its drawer names it.
    await coordinator.waitForSelector('[data-test="bell-count"] .el-badge__content:visible');
    await coordinator.click('[data-test="bell"]');
    const note = coordinator
      .locator('[data-test="notification"]', { hasText: projectName })
      .first();
    await note.waitFor();
    expect(await note.textContent()).toContain('超期升级');
    await coordinator.waitForTimeout(500); // the drawer's slide-in
    await screenshot(coordinator, 'coordinator-bell');
    await coordinator.keyboard.press('Escape');
    await note.waitFor({ state: 'hidden' });

    await row.locator('[data-test="escalation-approve"]').click();
    await coordinator.locator('[data-test="decision-reason"]').first().waitFor();
    await coordinator
      .locator('textarea[data-test="decision-reason"], [data-test="decision-reason"] textarea')
      .first()
      .fill('省级统筹：遵义市同意分担');
    await screenshot(coordinator, 'coordinator-decision');
    await coordinator.click('[data-test="decision-confirm"]');
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(0);
  });

  it('moves the project on to enrolment, on the manager’s page and through the API', async () => {
    await manager.waitForSelector('[data-test="project-stage"][data-stage="enrolment"]', {
      timeout: 90_000,
    });
    const pm = await tokenOf('pm.dongguan');
    const detail = await call(pm, 'GET', `/api/v1/projects/${projectId}`);
    expect((detail.json.project as { stage: string }).stage).toBe('enrolment');
    type Party = { regionCode: string; status: string; decidedByName: string | null };
    const rounds = (detail.json.costSharing as { rounds: { parties: Party[] }[] }).rounds;
    const zunyi = rounds.at(-1)?.parties.find((p) => p.regionCode === '520300');
    expect(zunyi?.status).toBe('approved');
    expect(zunyi?.decidedByName).toBe('贵州省人社厅统筹协调员');
    await screenshot(manager, 'coordinator-project-enrolment');
  });
});
