import { residentIdCheckDigit } from '@qiancheng/domain';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, login, screenshot } from './browser.js';

// A local project from draft to closed with only the console: the manager launches the seeded
// draft (drill follow-ups of a few seconds), enrols, records attendance, assessments, placements
// and follow-up answers; the auditor approves and pays the claims. No API stubs.
const base = inject('consoleUrl');
let browser: Browser;
let manager: Page;
let auditor: Page;
let projectUrl = '';

const residentId = (seq: number) => {
  const first17 = `440305199801${String(10 + seq).padStart(2, '0')}${String(700 + seq).padStart(3, '0')}`;
  return `${first17}${residentIdCheckDigit(first17)}`;
};
const input = (page: Page, id: string) =>
  page.locator(`input[data-test="${id}"], [data-test="${id}"] input`).first();
const stage = (page: Page, s: string, timeout = 60_000) =>
  page.waitForSelector(`[data-test="project-stage"][data-stage="${s}"]`, { timeout });

async function act(page: Page, action: string, reason?: string) {
  await page.click(`[data-test="action-${action}"]`);
  if (reason) await page.locator('textarea[data-test="action-reason"]:visible').fill(reason);
  await page.locator('[data-test="action-confirm"]:visible').click();
  await page.locator('[data-test="action-confirm"]:visible').waitFor({ state: 'hidden' });
}

async function both(page: Page, name: string) {
  await screenshot(page, `${name}-1440`);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  await screenshot(page, `${name}-390`);
  await page.setViewportSize({ width: 1440, height: 900 });
}

describe('a manager runs a local project from draft to closed in the console', () => {
  beforeAll(async () => {
    browser = await launchChromium();
    manager = await (
      await browser.newContext({ viewport: { width: 1440, height: 900 } })
    ).newPage();
    auditor = await (
      await browser.newContext({ viewport: { width: 1440, height: 900 } })
    ).newPage();
  });
  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail') return;
    await screenshot(manager, 'chain-failed-manager').catch(() => {});
    await screenshot(auditor, 'chain-failed-auditor').catch(() => {});
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('continues the seeded draft in the wizard and launches it', async () => {
    await login(manager, base, 'pm.shenzhen');
    await manager.goto(`${base}/projects`);
    await manager.click('a:has-text("深圳低空经济")');
    await manager.waitForURL((url) => /^\/projects\/[0-9a-f-]{36}$/.test(url.pathname));
    projectUrl = manager.url();
    await stage(manager, 'demand');
    await both(manager, 'project-draft');
    await manager.click('[data-test="action-continue"]');
    await manager.waitForURL(
      (url) => url.pathname === '/projects/new' && url.searchParams.has('draft'),
    );
    await expect.poll(() => input(manager, 'field-name').inputValue()).toContain('深圳低空经济');
    for (let step = 0; step < 4; step += 1) await manager.click('[data-test="wizard-next"]');
    const seconds = input(manager, 'field-follow-up-seconds');
    await seconds.fill('2');
    await seconds.press('Tab');
    await manager.click('[data-test="wizard-launch"]');
    await manager.click('[data-test="open-project"]');
    expect(manager.url()).toBe(projectUrl);
    await stage(manager, 'enrolment');
  });

  it('enrols trainees from CSV and closes enrolment', async () => {
    await manager.click('[data-test="action-import"]');
    await manager.waitForURL((url) => url.pathname === '/trainees/import');
    const csv = [
      'name,residentId,homeRegionCode,keyGroups,maskedPhone',
      ...[1, 2, 3].map((n) => `飞手${n},${residentId(n)},440300,unemployed_youth,`),
    ].join('\n');
    await manager.locator('textarea[data-test="import-csv"]').fill(csv);
    await manager.click('[data-test="import-submit"]');
    await manager.waitForSelector('[data-test="import-result"]');
    await manager.goto(projectUrl);
    await expect
      .poll(() => manager.locator('[data-test="roster-table"] .el-table__body tr').count(), {
        timeout: 20_000,
      })
      .toBe(3);
    expect(await manager.textContent('[data-test="roster-table"]')).toMatch(/440305\*+/);
    await act(manager, 'enrolment-close');
    await stage(manager, 'training');
  });

  it('records attendance for the whole roster and completes training', async () => {
    await manager.click('[data-test="open-attendance"]');
    await manager.locator('[data-test="att-submit"]:visible').click();
    await expect
      .poll(() => manager.locator('[data-test="rate"]').allTextContents(), { timeout: 20_000 })
      .toEqual(['100%', '100%', '100%']);
    await both(manager, 'project-roster');
    await act(manager, 'training-complete');
    await stage(manager, 'evaluation');
  });

  it('submits assessment results and closes evaluation', async () => {
    await manager.click('[data-test="open-assessments"]');
    for (let i = 0; i < 3; i += 1)
      await manager
        .locator(`input[data-test="cert-${i}"]:visible, [data-test="cert-${i}"]:visible input`)
        .first()
        .fill(`E2E-UAV-${Date.now()}-${i}`);
    await manager.locator('[data-test="ass-submit"]:visible').click();
    await expect
      .poll(() => manager.textContent('[data-test="roster-table"]'), { timeout: 20_000 })
      .toContain('通过');
    await act(manager, 'evaluation-close');
    await stage(manager, 'employment');
  });

  it('places everyone against the demand order, closes employment and answers the follow-ups', async () => {
    await manager.click('[data-test="open-placements"]');
    await manager.locator('[data-test="plc-submit"]:visible').click();
    await manager.waitForSelector('[data-test="follow-ups-due"]', { timeout: 20_000 });
    await act(manager, 'employment-close');
    // Each check opens after the drill's seconds; answer each as it opens, until none is due.
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const due = manager.locator('[data-test="follow-ups-due"] button[data-test^="retained-"]');
      if ((await due.count()) === 0) {
        if ((await manager.locator('[data-test="project-stage"][data-stage="closed"]').count()) > 0)
          break;
      } else {
        // The due list re-renders as answers and live updates arrive: a button may be gone by
        // the time it is clicked, so try briefly and look again.
        await due
          .first()
          .click({ timeout: 2_000 })
          .catch(() => undefined);
      }
      await manager.waitForTimeout(1000);
    }
    await stage(manager, 'closed', 60_000);
    expect(await manager.textContent('[data-test="roster-table"]')).toContain('在岗');
    await both(manager, 'project-closed');
  });

  it('lets the auditor approve and pay each claim', async () => {
    await login(auditor, base, 'auditor');
    await auditor.goto(projectUrl);
    await auditor.waitForSelector('[data-test="roster-table"] .el-table__body tr');
    for (const button of ['claim-approve', 'claim-pay']) {
      await expect
        .poll(() => auditor.locator(`[data-test="${button}"]`).count(), { timeout: 30_000 })
        .toBe(3);
      for (let i = 0; i < 3; i += 1) {
        const before = await auditor.locator(`[data-test="${button}"]`).count();
        await auditor.locator(`[data-test="${button}"]`).first().click();
        await expect
          .poll(() => auditor.locator(`[data-test="${button}"]`).count())
          .toBe(before - 1);
      }
    }
    expect(await auditor.textContent('[data-test="roster-table"]')).toMatch(
      /已拨付.*已拨付.*已拨付/s,
    );
    await both(auditor, 'project-paid');
  });
});
