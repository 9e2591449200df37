import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests: headless Debian Chromium (playwright-core) against the built console in
 * `vite preview`, the built API and worker, real PostgreSQL and Temporal. One file at a time:
 * the machine has two cores, and the scenario is one story across two browser contexts.
 */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['@qiancheng/testing/global-setup', './e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 240_000,
    reporters: ['default', ['json', { outputFile: 'test-output/e2e.json' }]],
  },
});
