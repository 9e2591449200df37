// Measures the production build: the initial JavaScript (gzip) a first visit downloads, and the
// dashboard's time to first render on localhost (headless Debian Chromium against `vite preview`;
// the API calls are answered by stubs, so this is the console's own cost).
//   pnpm build && pnpm measure
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');

// Initial JS: the entry script and the chunks it preloads (what loads before any route).
const initial = [
  ...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="([^"]+\.js)"/g),
].map((m) => m[1]);
let raw = 0;
let gz = 0;
for (const file of initial) {
  const bytes = readFileSync(join(dist, file.replace(/^\//, '')));
  raw += bytes.length;
  gz += gzipSync(bytes, { level: 9 }).length;
}
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
console.log(`initial JS: ${initial.length} files, ${kb(raw)} raw, ${kb(gz)} gzip`);

const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port: p } = s.address();
    s.close(() => resolve(p));
  });
});
const preview = spawn(
  process.execPath,
  [
    join(root, 'node_modules/vite/bin/vite.js'),
    'preview',
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--strictPort',
  ],
  {
    cwd: root,
    stdio: 'ignore',
  },
);
const base = `http://127.0.0.1:${port}`;
for (let i = 0; i < 100; i += 1) {
  try {
    if ((await fetch(base)).ok) break;
  } catch {}
  await new Promise((r) => setTimeout(r, 100));
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const session = {
  token: 'measure',
  expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  user: {
    id: '00000000-0000-4000-8000-000000000000',
    username: 'pm',
    displayName: '项目经理',
    role: 'project_manager',
    regionCode: '441900',
  },
};
const report = {
  asOf: '2026-11-28',
  behindRegions: ['441900'],
  items: [
    {
      targetId: 't1',
      regionCode: '441900',
      regionName: '东莞市',
      measure: 'enrolments',
      sector: null,
      keyGroup: null,
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      target: 9000,
      expected: 8100,
      actual: 5000,
      pace: 'behind',
      flagged: true,
    },
  ],
};
const samples = [];
try {
  for (let run = 0; run < 5; run += 1) {
    const context = await browser.newContext();
    await context.addInitScript(
      (s) => sessionStorage.setItem('qc.session', s),
      JSON.stringify(session),
    );
    // The moment the first region card is in the DOM, on the page's own clock (from navigation
    // start): the wall time below also counts the browser opening a fresh context.
    await context.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (document.querySelector('[data-test="region-card"]')) {
          window.__firstRender = performance.now();
          observer.disconnect();
        }
      }).observe(document, { subtree: true, childList: true });
    });
    await context.route('**/api/v1/dispatch/**', (route) => route.fulfill({ json: report }));
    const page = await context.newPage();
    const started = Date.now();
    await page.goto(`${base}/dashboard`);
    await page.waitForSelector('[data-test="region-card"]');
    const firstRender = Date.now() - started;
    await page.waitForSelector('canvas');
    const charts = Date.now() - started;
    const nav = await page.evaluate(() => performance.getEntriesByType('navigation')[0]?.toJSON());
    const inPage = await page.evaluate(() => Math.round(window.__firstRender ?? 0));
    samples.push({
      firstRender,
      inPage,
      charts,
      domContentLoaded: Math.round(nav?.domContentLoadedEventEnd ?? 0),
    });
    await context.close();
  }
} finally {
  await browser.close();
  preview.kill('SIGTERM');
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `dashboard (5 cold loads, median): first render ${median(samples.map((s) => s.firstRender))} ms ` +
    `(${median(samples.map((s) => s.inPage))} ms from navigation start), ` +
    `charts drawn ${median(samples.map((s) => s.charts))} ms, DOMContentLoaded ${median(samples.map((s) => s.domContentLoaded))} ms`,
);
