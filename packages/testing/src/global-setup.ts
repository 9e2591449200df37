import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres, startTemporal } from '@qiancheng/devstack';

/**
 * Vitest global setup: uses the services of `npm test` when DATABASE_URL and TEMPORAL_ADDRESS are
 * set; otherwise starts them for this package's run (so `pnpm --filter X test` works alone).
 */
export default async function setup(): Promise<() => Promise<void>> {
  const stops: (() => Promise<void>)[] = [];
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
