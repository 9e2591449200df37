import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, login, screenshot } from './browser.js';

const base = inject('consoleUrl');
const projectName = `粤黔协作·E2E修订分担 ${Date.now()}`;
let browser: Browser;
let manager: Page;
let approver: Page;
let projectUrl = '';

/** The <input> of a form control: Element Plus puts our attributes on the input itself or its wrapper. */
const input = (page: Page, id: string) =>
  page.locator(`input[data-test="${id}"], [data-test="${id}"] input`).first();

async function pick(page: Page, select: string, text: string) {
  await page.click(select);
  await page.keyboard.type(text);
  const option = page.locator('.el-select-dropdown__item:visible', { hasText: text }).first();
  await option.click();
  await option.waitFor({ state: 'hidden' });
}

/** The partner's inbox row of this project, refreshing until the round `round` arrives. */
async function inboxRow(round: number) {
  const row = approver.locator('[data-test="inbox"] .el-table__row', { hasText: projectName });
  for (let i = 0; i < 60; i += 1) {
    if ((await row.count()) === 1 && (await row.textContent())?.includes(`轮次 ${round}`)) break;
    await approver.waitForTimeout(1000);
    await approver.click('button:has-text("刷新")');
  }
  expect(await row.textContent()).toContain(`轮次 ${round}`);
  return row;
}

/**
 * 十二 成本分担: a partner region rejects its share; the project manager revises the shares in
 * the console, on the project page, and the partner approves the new round. The manager's page
 * follows every step live — no reload — up to enrolment.
 */
describe('a partner rejects, the manager revises, the partner approves', () => {
  beforeAll(async () => {
    browser = await launchChromium();
    const viewport = { width: 1440, height: 900 };
    manager = await (await browser.newContext({ viewport })).newPage();
    approver = await (await browser.newContext({ viewport })).newPage();
  });
  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail') return;
    for (const [who, page] of [
      ['manager', manager],
      ['approver', approver],
    ] as const) {
      await screenshot(page, `revise-failed-${who}`).catch(() => {});
    }
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('launches a project shared 70/30 between 东莞 and 毕节', async () => {
    await login(manager, base, 'pm.dongguan');
    await manager.goto(`${base}/projects/new`);
    await input(manager, 'field-name').fill(projectName);
    await manager.click('[data-test="order-DGJM-2026-HR-031"]');
    const headcount = input(manager, 'headcount-DGJM-2026-HR-031');
    await headcount.fill('5');
    await headcount.press('Tab');
    await manager.click('[data-test="wizard-next"]');
    await pick(manager, '[data-test="field-provider"]', '东莞市技师学院');
    await pick(manager, '[data-test="field-evaluator"]', '鉴定协会');
    await manager.click('[data-test="wizard-next"]');
    await input(manager, 'module-title-0').fill('工业机器人基础与编程');
    await manager.click('[data-test="wizard-next"]');
    await manager.click('[data-test="add-partner"]');
    await pick(manager, '[data-test="party-region-1"]', '毕节');
    const share = input(manager, 'party-share-1');
    await share.fill('30');
    await share.press('Tab');
    await manager.click('[data-test="owner-takes-rest"]');
    await manager.click('[data-test="wizard-next"]');
    await manager.click('[data-test="wizard-launch"]');
    await manager.click('[data-test="open-project"]');
    await manager.waitForURL((url) => /^\/projects\/[0-9a-f-]{36}$/.test(url.pathname));
    projectUrl = manager.url();
    await manager.waitForSelector('[data-test="project-stage"][data-stage="cost_sharing"]', {
      timeout: 60_000,
    });
    await manager.waitForSelector('[data-test="stream-status"]:has-text("实时")');
  });

  it('shows the manager the rejection live, with the partner by name, and offers the revision', async () => {
    await login(approver, base, 'approver.bijie');
    await approver.waitForURL('**/approvals');
    const row = await inboxRow(1);
    await row.locator('[data-test="reject"]').click();
    const prompt = approver.locator('.el-message-box');
    await prompt.locator('textarea').fill('本地区财政只能承担 20%');
    await prompt.locator('.el-message-box__btns .el-button--primary').click();
    await approver.waitForSelector('[data-test="decided"]:has-text("已驳回")');

    // The manager's page, still open: the rejection, the to-do and its button arrive by stream.
    expect(manager.url()).toBe(projectUrl);
    await manager.waitForSelector('[data-test="revise-open"]', { timeout: 30_000 });
    await manager.waitForSelector(
      '[data-test="round-1"] [data-test="round-status"]:has-text("已驳回")',
      {
        timeout: 30_000,
      },
    );
    const partner = manager.locator('[data-test="round-1"] .el-table__body tr', {
      hasText: '毕节市',
    });
    expect(await partner.textContent()).toMatch(
      /已驳回.*毕节市人社局审批人.*本地区财政只能承担 20%/,
    );
    expect(await manager.textContent('[data-test="pending"]')).toContain('修订分担方案');
    const decisions = await manager.textContent('[data-test="decisions"]');
    expect(decisions).toContain('驳回分担：毕节市 · 毕节市人社局审批人');
    expect(decisions).not.toContain('user:');
    await screenshot(manager, 'project-rejected');
  });

  it('lets the manager revise the shares in the console: 毕节 20%, 东莞 the rest', async () => {
    await manager.click('[data-test="revise-open"]');
    const form = manager.locator('[data-test="revise-form"]');
    await form.waitFor();
    // Prefilled from the rejected round.
    expect(await input(manager, 'party-share-1').inputValue()).toBe('30.00');
    const share = input(manager, 'party-share-1');
    await share.fill('20');
    await share.press('Tab');
    // The domain's rule, in the form, before anything is sent: 70 + 20 is not whole.
    await manager.click('[data-test="revise-submit"]');
    expect(await form.locator('[data-path="parties"]').textContent()).toContain(
      '各方份额合计须为 100%，当前 90%',
    );
    await form.locator('[data-test="owner-takes-rest"]').click();
    expect(await form.locator('[data-test="shares-total"]').textContent()).toContain('100%');
    await manager
      .locator('textarea[data-test="revise-reason"], [data-test="revise-reason"] textarea')
      .first()
      .fill('毕节财政承担 20%，东莞承担其余');
    await screenshot(manager, 'project-revise-form');
    await manager.click('[data-test="revise-submit"]');

    // Round 2 is put to the partner; the form closes and the page shows the new round.
    await manager.waitForSelector('[data-test="round-2"]', { timeout: 30_000 });
    expect(await manager.locator('[data-test="revise-form"]').count()).toBe(0);
    const round2 = manager.locator('[data-test="round-2"]');
    // The revision is recorded first (a draft), then the workflow opens it for approval: on a
    // busy machine the page can show the draft for a moment before the round goes out.
    await expect
      .poll(() => round2.locator('[data-test="round-status"]').textContent(), { timeout: 30_000 })
      .toBe('审批中');
    expect(await round2.textContent()).toMatch(/东莞市.*80%.*毕节市.*20%/);
    expect(await round2.textContent()).toContain('毕节财政承担 20%，东莞承担其余');
  });

  it('lets the partner approve the new round, and the manager sees enrolment without a reload', async () => {
    const row = await inboxRow(2);
    expect(await row.textContent()).toContain('20%');
    await row.locator('[data-test="approve"]').click();
    await approver.locator('.el-message-box .el-message-box__btns .el-button--primary').click();
    await approver.waitForSelector('[data-test="decided"]:has-text("已同意")');

    expect(manager.url()).toBe(projectUrl);
    await manager.waitForSelector('[data-test="project-stage"][data-stage="enrolment"]', {
      timeout: 90_000,
    });
    await manager.waitForSelector('[data-test="round-2"] [data-test="round-binding"]', {
      timeout: 30_000,
    });
    const partner = manager.locator('[data-test="round-2"] .el-table__body tr', {
      hasText: '毕节市',
    });
    expect(await partner.textContent()).toMatch(/劳务输出地.*20%.*已同意.*毕节市人社局审批人/);
    expect(await manager.textContent('[data-test="round-1"] [data-test="round-status"]')).toBe(
      '已驳回',
    );
    const decisions = await manager.textContent('[data-test="decisions"]');
    expect(decisions).toContain('修订分担方案 · 东莞市人社局项目经理');
    expect(decisions).toContain('同意分担：毕节市 · 毕节市人社局审批人');
    await screenshot(manager, 'project-revised-enrolment');
  });
});
