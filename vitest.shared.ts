import { defineConfig } from 'vitest/config';

/**
 * What every package's Vitest run shares: test locations, and a JSON report that `npm test`
 * adds up into one closing line ("tests: N passed, N failed").
 */
export const sharedTestConfig = defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Property tests run hundreds of cases: on a busy 2-core machine 5 s is not enough.
    testTimeout: 30_000,
    reporters: ['default', ['json', { outputFile: 'test-output/vitest.json' }]],
  },
});

/** For packages whose tests use PostgreSQL or Temporal: the services of the run (or its own). */
export const serviceTestConfig = defineConfig({
  test: {
    ...sharedTestConfig.test,
    globalSetup: ['@qiancheng/testing/global-setup'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
