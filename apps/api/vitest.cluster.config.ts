import { defineConfig } from 'vitest/config';

// `npm run test:cluster` (not part of `npm test`): the platform on a Temporal cluster, started by
// the test itself — no global setup, no dev server.
export default defineConfig({
  test: {
    include: ['test-cluster/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: 'test-output/vitest-cluster.json' }]],
    testTimeout: 15 * 60_000,
    hookTimeout: 5 * 60_000,
  },
});
