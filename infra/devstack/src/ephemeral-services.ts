import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres } from './postgres.js';
import { startTemporal } from './temporal.js';

export interface EphemeralServices {
  /** The environment that points a process at these services. */
  env: NodeJS.ProcessEnv;
  describe: string;
  stop(): Promise<void>;
}

/**
 * PostgreSQL (DATABASE_URL, else embedded in a temporary folder) and an in-memory, headless
 * Temporal dev server on free ports (TEMPORAL_ADDRESS, when set, wins): for tests and benchmarks,
 * beside a running `npm start`, leaving nothing behind.
 */
export async function startEphemeralServices(): Promise<EphemeralServices> {
  const [postgres, temporal] = await Promise.all([
    startPostgres({ dataDir: mkdtempSync(join(tmpdir(), 'qiancheng-pg-')), ephemeral: true }),
    startTemporal({ quiet: true }),
  ]);
  return {
    env: {
      ...process.env,
      DATABASE_URL: postgres.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: temporal.namespace,
    },
    describe: `PostgreSQL ${postgres.embedded ? '(embedded)' : '(DATABASE_URL)'} and Temporal at ${temporal.address}`,
    async stop() {
      await Promise.allSettled([temporal.stop(), postgres.stop()]);
    },
  };
}
