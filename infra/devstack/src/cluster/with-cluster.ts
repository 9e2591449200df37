import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../paths.js';
import { startPostgres } from '../postgres.js';
import { startProcess } from '../process.js';
import { prepareTemporalDatabases } from './persistence.js';
import { startTemporalCluster } from './temporal-cluster.js';
import { clusterTools } from './tools.js';

/**
 * `devstack with-services --cluster <command…>` (e.g. `npm run bench:workflows -- --cluster`): as
 * with-services, but TEMPORAL_ADDRESS is a Temporal cluster on PostgreSQL (a temporary one, its
 * services each a process, no UI) instead of the dev server.
 */
export async function runWithCluster(command: string[]): Promise<number> {
  const [program, ...args] = command;
  if (!program) throw new Error('with-services --cluster needs a command to run');
  const tools = clusterTools();
  const turbo = join(repoRoot, 'node_modules', '.bin', 'turbo');
  const build = startProcess('build', turbo, ['run', 'build', '--output-logs=errors-only'], {
    cwd: repoRoot,
    inherit: true,
  });
  const dir = mkdtempSync(join(tmpdir(), 'qiancheng-cluster-'));
  // As root, embedded PostgreSQL runs as the `postgres` user, who must be able to enter the folder.
  chmodSync(dir, 0o755);
  const postgres = await startPostgres({ dataDir: join(dir, 'postgres'), ephemeral: true });
  try {
    const began = performance.now();
    const persistence = await prepareTemporalDatabases(postgres.url, tools);
    const temporal = await startTemporalCluster({
      tools,
      persistence,
      dir: join(dir, 'cluster'),
      frontendPort: 0,
      uiPort: null,
    });
    process.stdout.write(
      `[devstack] Temporal cluster at ${temporal.address} (${temporal
        .processes()
        .map((p) => p.name)
        .join(', ')}) up in ${((performance.now() - began) / 1000).toFixed(1)} s\n`,
    );
    try {
      if ((await build.exited) !== 0) return 1;
      const env = {
        ...process.env,
        DATABASE_URL: postgres.url,
        TEMPORAL_ADDRESS: temporal.address,
        TEMPORAL_NAMESPACE: temporal.namespace,
      };
      return (await startProcess(program, program, args, { env, inherit: true }).exited) ?? 1;
    } finally {
      await temporal.stop();
    }
  } finally {
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
