import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startEphemeralServices } from './ephemeral-services.js';
import { repoRoot } from './paths.js';
import { startProcess } from './process.js';
import { smokeStart } from './smoke.js';

/**
 * `npm test`: build, start one PostgreSQL and one Temporal dev server for the whole run (each test
 * package makes its own databases on that server), then type-check, lint and test every package.
 */
export async function runTests(extraArgs: string[]): Promise<number> {
  const turbo = join(repoRoot, 'node_modules', '.bin', 'turbo');
  const build = startProcess('build', turbo, ['run', 'build', '--output-logs=errors-only'], {
    cwd: repoRoot,
    inherit: true,
  });
  const services = await startEphemeralServices();
  log(`${services.describe} are up`);
  try {
    const built = await build.exited;
    if (built !== 0) return built ?? 1;
    const env = services.env;
    for (const report of reportPaths()) rmSync(report, { force: true });
    const tasks = extraArgs.length > 0 ? extraArgs : ['typecheck', 'lint', 'test', 'test:e2e'];
    // One task at a time: the packages' suites each start workers, APIs and browsers, and run
    // side by side on two cores they starved each other (activities past their timeouts, pages
    // past theirs: flaky failures). In turn, each has the machine; the run is about as long.
    const run = startProcess('turbo', turbo, ['run', ...tasks, '--continue', '--concurrency=1'], {
      cwd: repoRoot,
      env,
      inherit: true,
    });
    const code = (await run.exited) ?? 1;
    const totals = testTotals();
    // The README's other command: check that `npm start`'s platform comes up and answers.
    if (code === 0) {
      log('smoke check: starting the platform as npm start does');
      const failures = await smokeStart();
      for (const failure of failures) log(`smoke check failed: ${failure}`);
      if (failures.length === 0)
        log('smoke check passed: health, console, demo sign-in, Temporal UI');
      totals.passed += failures.length === 0 ? 1 : 0;
      totals.failed += failures.length === 0 ? 0 : 1;
    }
    log(code === 0 ? 'all checks passed' : `checks failed (exit code ${code})`);
    // One closing line for the whole run, summed over every package's Vitest report.
    process.stdout.write(`tests: ${totals.passed} passed, ${totals.failed} failed\n`);
    return code === 0 && totals.failed > 0 ? 1 : code;
  } finally {
    await services.stop();
  }
}

/**
 * Where each package's Vitest runs write their JSON reports: its tests (vitest.shared.ts) and its
 * browser tests (the console's e2e config), so a failing e2e test counts in the closing line too.
 */
function reportPaths(): string[] {
  const packageDirs = ['apps', 'packages', 'infra'].flatMap((group) =>
    readdirSync(join(repoRoot, group), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(repoRoot, group, entry.name)),
  );
  return [...packageDirs, join(repoRoot, 'workflows')].flatMap((dir) =>
    ['vitest.json', 'e2e.json'].map((report) => join(dir, 'test-output', report)),
  );
}

/** Sums the reports: the run's one closing line. */
function testTotals(): { passed: number; failed: number } {
  const totals = { passed: 0, failed: 0 };
  for (const report of reportPaths().filter((path) => existsSync(path))) {
    const json = JSON.parse(readFileSync(report, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
    };
    totals.passed += json.numPassedTests;
    totals.failed += json.numFailedTests;
  }
  return totals;
}

function log(message: string): void {
  process.stdout.write(`[devstack] ${message}\n`);
}

/**
 * `devstack with-services <command…>`: builds, starts ephemeral services, runs the command with
 * DATABASE_URL and TEMPORAL_ADDRESS pointing at them, stops them. Benchmarks use it.
 */
export async function runWithServices(command: string[]): Promise<number> {
  const [program, ...args] = command;
  if (!program) throw new Error('with-services needs a command to run');
  const turbo = join(repoRoot, 'node_modules', '.bin', 'turbo');
  const build = startProcess('build', turbo, ['run', 'build', '--output-logs=errors-only'], {
    cwd: repoRoot,
    inherit: true,
  });
  const services = await startEphemeralServices();
  try {
    if ((await build.exited) !== 0) return 1;
    return (
      (await startProcess(program, program, args, { env: services.env, inherit: true }).exited) ?? 1
    );
  } finally {
    await services.stop();
  }
}
