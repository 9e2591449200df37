import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, login, screenshot } from './browser.js';

const base = inject('consoleUrl');
const projectName = `粤黔协作·E2E工业机器人订单班 ${Date.now()}`;
let browser: Browser;
let manager: Page;
let approver: Page;
let projectUrl = '';

/** The <input> of a form control: Element Plus puts our attributes on the input itself or its wrapper. */
const input = (page: Page, id: string) =>
  page.locator(`input[data-test="${id}"], [data-test="${id}"] input`).first();

async function pick(page: Page, select: string, text?: string) {
  await page.click(select);
  if (text) await page.keyboard.type(text);
  const option = text
    ? page.locator('.el-select-dropdown__item:visible', { hasText: text }).first()
    : page.locator('.el-select-dropdown__item:visible').first();
  await option.click();
  // Wait for the dropdown to close, so the next pick cannot hit this one's options.
  await option.waitFor({ state: 'hidden' });
}

describe('launch, approve, and watch a cross-region project', () => {
  beforeAll(async () => {
    browser = await launchChromium();
    manager = await (
      await browser.newContext({ viewport: { width: 1440, height: 900 } })
    ).newPage();
    approver = await (
      await browser.newContext({ viewport: { width: 1440, height: 900 } })
    ).newPage();
  });
  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail') return;
    // What each page showed when a step failed, for the report.
    for (const [who, page] of [
      ['manager', manager],
      ['approver', approver],
    ] as const) {
      await screenshot(page, `failed-${who}`).catch(() => {});
    }
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the project manager their dashboard, demand orders and projects', async () => {
    await login(manager, base, 'pm.dongguan');
    await manager.waitForURL('**/dashboard');
    await manager.waitForSelector('[data-test="dispatch-table"]');
    await manager.waitForSelector('canvas');
    await manager.waitForTimeout(1500); // let the charts finish their entry animation
    await screenshot(manager, 'dashboard');
    await manager.goto(`${base}/demand-orders`);
    await manager.waitForSelector('[data-test="orders-table"] .el-table__row');
    await screenshot(manager, 'demand-orders');
    await manager.goto(`${base}/projects`);
    await manager.waitForSelector('[data-test="projects-table"] .el-table__row');
    await screenshot(manager, 'projects');
    // A manager's menu has no approvals or audit pages.
    const nav = await manager.textContent('[data-test="nav"]');
    expect(nav).toContain('发起项目');
    expect(nav).not.toContain('成本分担审批');
  });

  it("launches a project; a wrong headcount shows the API's error on that field", async () => {
    await manager.goto(`${base}/projects/new`);
    await input(manager, 'field-name').fill(projectName);
    await manager.click('[data-test="order-DGJM-2026-HR-031"]');
    const headcount = input(manager, 'headcount-DGJM-2026-HR-031');
    await headcount.fill('9999');
    await headcount.press('Tab');
    // The occupation came from the registry with the order; provider and evaluation body are
    // picked from the registries by name (only bodies filed for the occupation are offered).
    expect(await manager.textContent('[data-test="field-occupations"]')).toContain(
      '工业机器人系统操作员',
    );
    await manager.click('[data-test="wizard-next"]');
    await pick(manager, '[data-test="field-provider"]', '东莞市技师学院');
    await pick(manager, '[data-test="field-evaluator"]', '鉴定协会');
    expect(await manager.textContent('[data-test="field-evaluator"]')).toContain(
      '广东省职业技能鉴定协会评价中心',
    );
    await manager.click('[data-test="wizard-next"]');
    await input(manager, 'module-title-0').fill('工业机器人基础与编程');
    await manager.click('[data-test="wizard-next"]');
    // The parties: 东莞 (the owner, 就业补助资金 100% by default) and 毕节 30%; 东莞 takes the rest.
    await manager.click('[data-test="add-partner"]');
    await pick(manager, '[data-test="party-region-1"]', '毕节');
    const share = input(manager, 'party-share-1');
    await share.fill('30');
    await share.press('Tab');
    await manager.click('[data-test="owner-takes-rest"]');
    expect(await manager.textContent('[data-test="shares-total"]')).toContain('100%');
    await screenshot(manager, 'launch-parties');
    await manager.click('[data-test="wizard-next"]');
    expect(await manager.locator('[data-test="review-party"]').allTextContents()).toEqual([
      expect.stringMatching(/东莞市（劳务输入地）70%/),
      expect.stringMatching(/毕节市（劳务输出地）30%/),
    ]);
    const minutes = input(manager, 'field-approval-minutes');
    await minutes.fill('30');
    await minutes.press('Tab');
    await screenshot(manager, 'launch-review');
    await manager.click('[data-test="wizard-launch"]');

    // The API refuses the headcount; the wizard goes back to it and says why.
    const fieldError = manager.locator('[data-test="field-error"]');
    await fieldError.waitFor();
    expect(await fieldError.textContent()).toMatch(/该订单最多还可预留 \d+ 人/);
    await screenshot(manager, 'launch-field-error');

    await headcount.fill('10');
    await headcount.press('Tab');
    for (let step = 0; step < 4; step += 1) await manager.click('[data-test="wizard-next"]');
    await manager.click('[data-test="wizard-launch"]');
    await manager.click('[data-test="open-project"]');
    await manager.waitForURL((url) => /^\/projects\/[0-9a-f-]{36}$/.test(url.pathname));
    projectUrl = manager.url();
    await manager.waitForSelector('[data-test="project-stage"][data-stage="cost_sharing"]', {
      timeout: 60_000,
    });
    await manager.waitForSelector('[data-test="stream-status"]:has-text("实时")');
    await screenshot(manager, 'project-cost-sharing');
  });

  it('lets the partner-region approver approve, and the manager sees enrolment without a reload', async () => {
    await login(approver, base, 'approver.bijie');
    await approver.waitForURL('**/approvals');
    const row = approver.locator('[data-test="inbox"] .el-table__row', { hasText: projectName });
    for (let i = 0; i < 30 && (await row.count()) === 0; i += 1) {
      await approver.waitForTimeout(1000);
      await approver.click('button:has-text("刷新")');
    }
    await expect.poll(() => row.count(), { timeout: 5000 }).toBe(1);
    expect(await row.locator('[data-test="countdown"]').textContent()).toMatch(/剩余/);
    await screenshot(approver, 'approvals-inbox');
    // The amount the share implies is shown, and asked once more before it binds the region.
    expect(await row.locator('[data-test="ceiling"]').textContent()).toMatch(/^¥[\d,]+\.\d{2}$/);
    await row.locator('[data-test="approve"]').click();
    const confirm = approver.locator('.el-message-box');
    expect(await confirm.textContent()).toMatch(/30%.*最多约 ¥[\d,]+\.\d{2}.*不可撤回/);
    await confirm.locator('.el-message-box__btns .el-button--primary').click();
    await approver.waitForSelector('[data-test="decided"]:has-text("已同意")');
    expect(await row.count()).toBe(0);
    await screenshot(approver, 'approvals-decided');

    // Same page, no navigation: the stage stream moves it on.
    expect(manager.url()).toBe(projectUrl);
    await manager.waitForSelector('[data-test="project-stage"][data-stage="enrolment"]', {
      timeout: 90_000,
    });
    await manager.waitForSelector('[data-test="round-1"] [data-test="round-binding"]', {
      timeout: 30_000,
    });
    const partner = manager.locator('[data-test="round-1"] .el-table__body tr', {
      hasText: '毕节市',
    });
    expect(await partner.textContent()).toMatch(/劳务输出地.*30%.*就业补助资金 100%.*已同意/);
    await screenshot(manager, 'project');
  });

  it('shows the auditor the ledger and the audit log', async () => {
    const auditor = await (
      await browser.newContext({ viewport: { width: 1440, height: 900 } })
    ).newPage();
    await login(auditor, base, 'auditor');
    await auditor.waitForURL('**/audit/ledger');
    await auditor.waitForSelector('.el-statistic');
    await auditor.goto(`${base}/dashboard`);
    await auditor.waitForSelector('canvas');
    await auditor.waitForTimeout(1500);
    await screenshot(auditor, 'dashboard-national');
    await auditor.goto(`${base}/audit/ledger`);
    await auditor.waitForSelector('.el-statistic');
    await screenshot(auditor, 'audit-ledger');
    await auditor.goto(`${base}/audit/log`);
    await auditor.waitForSelector('.el-table__row');
    await screenshot(auditor, 'audit-log');
    await auditor.goto(`${base}/audit/fraud`);
    await auditor.waitForSelector('text=违规查处与追回');
    await screenshot(auditor, 'audit-fraud');
    // The registries: the evaluation body the manager picked, with its filed scope (十四).
    await auditor.goto(`${base}/registries/evaluation-bodies`);
    const body = auditor.locator('[data-test="evaluation-bodies-table"] .el-table__row', {
      hasText: '广东省职业技能鉴定协会评价中心',
    });
    expect(await body.textContent()).toMatch(/技师.*工业机器人系统操作员/);
    await body.click();
    await auditor.waitForSelector('[data-test="registry-actions"]');
    expect(await auditor.textContent('[data-test="registry-detail"]')).toContain('有效');
    await screenshot(auditor, 'registries-evaluation-bodies');
  });
});
