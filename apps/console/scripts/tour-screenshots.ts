// The README's guided-tour screenshots, taken from a running platform whose living demo is done
// (npm start on a fresh database): the dispatch dashboard with actuals, a closed project's page,
// the ledger, the approver's inbox, and a project's history in the Temporal Web UI, found by
// region and stage. Debian's Chromium through playwright-core, never a downloaded browser.
//
//   pnpm --filter @qiancheng/console exec tsx scripts/tour-screenshots.ts \
//     [console URL, http://localhost:5173] [Temporal UI URL, http://localhost:8233]
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';

const consoleUrl = (process.argv[2] ?? 'http://localhost:5173').replace(/\/$/, '');
const temporalUi = (process.argv[3] ?? 'http://localhost:8233').replace(/\/$/, '');
const out = join(import.meta.dirname, '..', 'docs');
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});

async function as(username: string): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  await page.goto(`${consoleUrl}/login`);
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', 'qiancheng-demo-2026');
  await page.click('[data-test="login-submit"]');
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

async function shoot(page: Page, name: string, path: string, waitFor?: string) {
  await page.goto(`${consoleUrl}${path}`);
  await page.waitForLoadState('networkidle');
  if (waitFor) await page.getByText(waitFor).first().waitFor({ timeout: 20_000 });
  await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
  process.stdout.write(`wrote docs/${name}.png\n`);
}

/** A project's id by its name, as `username` finds it through the API. */
async function projectId(page: Page, username: string, name: string): Promise<string> {
  const login = await page.request.post(`${consoleUrl}/api/v1/auth/login`, {
    data: { username, password: 'qiancheng-demo-2026' },
  });
  const { token } = (await login.json()) as { token: string };
  const response = await page.request.get(
    `${consoleUrl}/api/v1/projects?q=${encodeURIComponent(name)}`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  const found = ((await response.json()) as { items: { id: string; name: string }[] }).items.find(
    (p) => p.name === name,
  );
  if (!found) throw new Error(`project not found: ${name}`);
  return found.id;
}

try {
  const admin = await as('admin');
  await shoot(admin, 'dashboard', '/dashboard');

  const manager = await as('pm.dongguan');
  const closed = await projectId(
    manager,
    'pm.dongguan',
    '粤黔协作·东莞精密智造工业机器人订单培训班（2027年第1期）',
  );
  await shoot(manager, 'project', `/projects/${closed}`);

  const auditor = await as('auditor');
  await shoot(auditor, 'ledger', '/audit/ledger');

  const approver = await as('approver.bijie');
  await shoot(approver, 'approvals', '/approvals');

  // The operator's view: every 东莞 project in training, then one history.
  const operator = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const query = encodeURIComponent('RegionCode="441900" AND Stage="training"');
  await operator.goto(`${temporalUi}/namespaces/default/workflows?query=${query}`);
  await operator.getByText('project-').first().waitFor({ timeout: 30_000 });
  await operator.screenshot({ path: join(out, 'temporal-search.png') });
  process.stdout.write('wrote docs/temporal-search.png\n');
  await operator.goto(
    `${temporalUi}/namespaces/default/workflows/${encodeURIComponent(`project-${closed}`)}`,
  );
  await operator.waitForLoadState('networkidle');
  await operator.screenshot({ path: join(out, 'temporal-history.png'), fullPage: true });
  process.stdout.write('wrote docs/temporal-history.png\n');
} finally {
  await browser.close();
}
