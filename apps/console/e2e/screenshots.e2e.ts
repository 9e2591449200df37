import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, login, screenshot } from './browser.js';

const base = inject('consoleUrl');
let browser: Browser;

/** Each main page, signed in as someone who may open it, and what shows it has loaded. */
const PAGES: { name: string; user: string; path: string; ready: string }[] = [
  { name: 'dashboard', user: 'admin', path: '/dashboard', ready: '[data-test="dispatch-table"]' },
  {
    name: 'demand-orders',
    user: 'admin',
    path: '/demand-orders',
    ready: '[data-test="orders-table"] .el-table__row',
  },
  {
    name: 'projects',
    user: 'admin',
    path: '/projects',
    ready: '[data-test="projects-table"] .el-table__row',
  },
  {
    name: 'launch',
    user: 'pm.dongguan',
    path: '/projects/new',
    ready: '[data-test="orders-table"]',
  },
  { name: 'approvals', user: 'approver.bijie', path: '/approvals', ready: '.page-title' },
  { name: 'trainee-import', user: 'pm.dongguan', path: '/trainees/import', ready: '.page-title' },
  { name: 'ledger', user: 'auditor', path: '/audit/ledger', ready: '.el-statistic' },
  { name: 'audit-log', user: 'auditor', path: '/audit/log', ready: '.el-table__row' },
  { name: 'fraud', user: 'auditor', path: '/audit/fraud', ready: '.page-title' },
  {
    name: 'escalations',
    user: 'coordinator.guizhou',
    path: '/escalations',
    ready: '.el-card__header',
  },
  {
    name: 'targets',
    user: 'coordinator.guizhou',
    path: '/targets',
    ready: '[data-test="targets-table"]',
  },
  {
    name: 'users',
    user: 'admin',
    path: '/admin/users',
    ready: '[data-test="users-table"] .el-table__row',
  },
  {
    name: 'registry-providers',
    user: 'admin',
    path: '/registries/providers',
    ready: '.el-table__row',
  },
  {
    name: 'registry-catalogues',
    user: 'admin',
    path: '/registries/catalogues',
    ready: '.el-table__row',
  },
  { name: 'status', user: 'admin', path: '/status', ready: '[data-test="overall"]' },
  { name: 'not-found', user: 'admin', path: '/no-such-page', ready: '[data-test="not-found"]' },
];

/** Waits for the page's content, then for spinners and transitions to settle. */
async function open(page: Page, path: string, ready: string) {
  await page.goto(`${base}${path}`);
  await page.waitForSelector(ready, { timeout: 30_000 });
  // A string: the e2e sources are typed for Node, without the DOM.
  await page.waitForFunction('!document.querySelector(\'[data-test="loading-state"]\')');
  await page.waitForTimeout(800); // charts' and tags' entry animations
}

/** How far the page itself scrolls sideways beyond the window (tables scroll in their own box). */
const overflow = (page: Page) =>
  page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');

/**
 * Each main page at 1440 px (a desk) and 390 px (a phone), screenshotted into
 * test-output/screenshots (git-ignored): on a phone the sidebar starts folded and no page is
 * wider than the screen — wide tables scroll inside their card.
 */
describe('the main pages at 1440 px and 390 px', () => {
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const width of [1440, 390]) {
    it(`shows every main page at ${width} px`, async () => {
      const height = width === 390 ? 844 : 900;
      const contexts = new Map<string, Page>();
      const pageOf = async (user: string) => {
        const known = contexts.get(user);
        if (known) return known;
        const page = await (
          await browser.newContext({
            viewport: { width, height },
            deviceScaleFactor: 1,
            isMobile: width < 500,
            hasTouch: width < 500,
          })
        ).newPage();
        await login(page, base, user);
        contexts.set(user, page);
        return page;
      };

      const login0 = await (await browser.newContext({ viewport: { width, height } })).newPage();
      await login0.goto(`${base}/login`);
      await login0.waitForSelector('[data-test="login-submit"]');
      await screenshot(login0, `login-${width}`);
      expect(await overflow(login0)).toBeLessThanOrEqual(0);

      const wide: string[] = [];
      for (const { name, user, path, ready } of PAGES) {
        const page = await pageOf(user);
        await open(page, path, ready);
        await screenshot(page, `${name}-${width}`);
        if ((await overflow(page)) > 0) wide.push(`${name}: ${await overflow(page)} px`);
        if (width === 390) {
          // The sidebar starts folded on a phone: the content has the whole width.
          const sidebar = await page.locator('[data-test="sidebar"]').boundingBox();
          expect(sidebar?.width ?? 0, name).toBe(0);
        }
      }

      // A project's page (the manager's desk) and a demand order's, reached from their lists.
      const manager = await pageOf('pm.dongguan');
      await open(manager, '/projects', '[data-test="projects-table"] .el-table__row');
      await manager.locator('[data-test="projects-table"] .el-table__row a').first().click();
      await manager.waitForSelector('[data-test="project-stage"]', { timeout: 30_000 });
      await manager.waitForTimeout(800);
      await screenshot(manager, `project-${width}`);
      if ((await overflow(manager)) > 0) wide.push(`project: ${await overflow(manager)} px`);

      if (width === 1440) {
        // The same desk in English: one button switches the whole console.
        await manager.click('[data-test="locale-switch"]');
        await manager.waitForSelector('[data-test="nav"]:has-text("Projects")');
        expect(await manager.textContent('[data-test="timeline"]')).toContain('Cost sharing');
        expect(await manager.textContent('[data-test="locale-switch"]')).toContain('中文');
        await screenshot(manager, `project-en-${width}`);
        await open(manager, '/dashboard', '[data-test="dispatch-table"]');
        await screenshot(manager, `dashboard-en-${width}`);
        await manager.click('[data-test="locale-switch"]');
      }
      await open(manager, '/demand-orders', '[data-test="orders-table"] .el-table__row');
      await manager.locator('[data-test="orders-table"] .el-table__row a').first().click();
      await manager.waitForSelector('.el-descriptions', { timeout: 30_000 });
      await screenshot(manager, `demand-order-${width}`);
      if ((await overflow(manager)) > 0) wide.push(`demand-order: ${await overflow(manager)} px`);
      expect(wide).toEqual([]);

      if (width === 390) {
        // The menu opens over the page when asked for, and folds again after a choice.
        await manager.click('[data-test="sidebar-toggle"]');
        await manager.waitForTimeout(400);
        expect(
          (await manager.locator('[data-test="sidebar"]').boundingBox())?.width,
        ).toBeGreaterThan(0);
        await screenshot(manager, `menu-open-${width}`);
        await manager.locator('[data-test="nav"] .el-menu-item').first().click();
        await manager.waitForTimeout(400);
        expect((await manager.locator('[data-test="sidebar"]').boundingBox())?.width ?? 0).toBe(0);
        // A tap beside the open menu folds it too.
        await manager.click('[data-test="sidebar-toggle"]');
        await manager.waitForTimeout(400);
        await manager.mouse.click(370, 400);
        await manager.waitForTimeout(400);
        expect((await manager.locator('[data-test="sidebar"]').boundingBox())?.width ?? 0).toBe(0);
      }
    });
  }
});
