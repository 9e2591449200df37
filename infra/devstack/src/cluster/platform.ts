import { rmSync } from 'node:fs';
import { join } from 'node:path';
import exitHook from 'async-exit-hook';
import { ensureAppLogin } from '../app-role.js';
import { dataDir as defaultDataDir, repoRoot } from '../paths.js';
import { type PostgresServer, startPostgres } from '../postgres.js';
import { freePort, type ManagedProcess, startProcess, waitFor } from '../process.js';
import { localSecrets, type Platform, startLivingDemo } from '../start.js';
import { type ApiProxy, startApiProxy } from './api-proxy.js';
import { makeClusterPki, temporalTlsEnv } from './certificates.js';
import { prepareTemporalDatabases } from './persistence.js';
import { startTemporalCluster, type TemporalCluster } from './temporal-cluster.js';
import { clusterTools } from './tools.js';

export interface ClusterPlatformOptions {
  /** State: the embedded PostgreSQL (shared with `npm start`) and this run's cluster files. */
  dataDir: string;
  /** The reverse proxy's port: the API's address for the console and every caller. */
  apiPort: number;
  /** The console's port; null runs no console (the cluster test). */
  consolePort: number | null;
  /** The Temporal frontend's gRPC port (0: free). */
  temporalPort: number;
  /** The Web UI's port; null runs no UI. */
  temporalUiPort: number | null;
  /** Embedded PostgreSQL's port (when no databaseUrl and DATABASE_URL is unset). */
  postgresPort: number;
  /** The apps' database as its owner, instead of DATABASE_URL or the embedded server. */
  databaseUrl?: string;
  /**
   * A PostgreSQL of Temporal's own (embedded, in this folder, on this port) instead of the apps'
   * server: the cluster test restarts it without touching the apps' database.
   */
  temporalPostgres?: { dataDir: string; port: number };
  workers?: number;
  apis?: number;
  /** The frontend with mutual TLS (certificates made for the run); the apps connect with them. */
  tls?: boolean;
  /** More environment for the workers and the APIs (the cluster test's WORKFLOW_TIMEOUT_MS). */
  appEnv?: NodeJS.ProcessEnv;
  build: boolean;
  quiet?: boolean;
}

export interface ClusterPlatform extends Platform {
  temporal: TemporalCluster;
  proxy: ApiProxy;
  /** The apps' processes by name: worker-1, worker-2, api-1, api-2, console. */
  apps(): Map<string, ManagedProcess>;
  /** SIGKILLs one app process (it stays down). */
  kill(name: string): Promise<void>;
  /** Stops and starts Temporal's own PostgreSQL (temporalPostgres only); resolves once it is up. */
  restartTemporalPostgres(): Promise<void>;
  /** How long each part of the start took, in ms. */
  timings: Record<string, number>;
}

/**
 * The platform of `npm start` with Temporal as a cluster of its own processes on PostgreSQL
 * (`npm run start:cluster`), two worker processes and two API instances behind a reverse proxy.
 */
export async function startClusterPlatform(
  options: ClusterPlatformOptions,
): Promise<ClusterPlatform> {
  const tools = clusterTools();
  const quiet = options.quiet ?? false;
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - mark);
    mark = now;
  };
  const started: { stop(): Promise<void> }[] = [];
  const apps = new Map<string, ManagedProcess>();
  const killed = new Set<ManagedProcess>();
  let temporalPg: PostgresServer | null = null;
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    for (const name of ['console', ...[...apps.keys()].filter((n) => n !== 'console')]) {
      await apps.get(name)?.stop();
    }
    for (const service of started.reverse()) await service.stop().catch(() => {});
    await temporalPg?.stop().catch(() => {});
  };
  try {
    const turbo = join(repoRoot, 'node_modules', '.bin', 'turbo');
    const build = options.build
      ? startProcess('build', turbo, ['run', 'build', '--output-logs=errors-only'], {
          cwd: repoRoot,
          inherit: true,
        })
      : null;
    // Its own database on the embedded server: the workflows of `npm start`'s database live in
    // the dev server's file, not in this cluster.
    const postgres: PostgresServer = options.databaseUrl
      ? { url: options.databaseUrl, embedded: false, stop: async () => {} }
      : await startPostgres({
          dataDir: join(options.dataDir, 'postgres'),
          port: options.postgresPort,
          database: 'qiancheng_cluster',
        });
    started.push(postgres);
    if (options.temporalPostgres) {
      temporalPg = await startPostgres({
        ...options.temporalPostgres,
        database: 'postgres',
        ignoreDatabaseUrl: true,
      });
    }
    lap('postgres');
    const persistence = await prepareTemporalDatabases((temporalPg ?? postgres).url, tools);
    lap('temporalSchema');
    const pki = options.tls ? makeClusterPki(join(options.dataDir, 'cluster', 'pki')) : null;
    const temporal = await startTemporalCluster({
      tools,
      persistence,
      dir: join(options.dataDir, 'cluster'),
      frontendPort: options.temporalPort,
      uiPort: options.temporalUiPort,
      ...(pki ? { tls: pki } : {}),
    });
    started.push(temporal);
    lap('temporalServices');
    if (build && (await build.exited) !== 0) throw new Error('the build failed');
    lap('build');

    const proxyUrl = `http://127.0.0.1:${options.apiPort}`;
    const consoleOrigin = options.consolePort ? `http://localhost:${options.consolePort}` : '';
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...localSecrets(options.dataDir),
      QIANCHENG_DEMO:
        process.env.QIANCHENG_DEMO ?? (process.env.NODE_ENV === 'production' ? '0' : '1'),
      NODE_ENV: process.env.NODE_ENV ?? 'production',
      DATABASE_URL: postgres.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: temporal.namespace,
      TEMPORAL_UI_URL: temporal.uiUrl ?? process.env.TEMPORAL_UI_URL ?? '',
      ...(pki ? temporalTlsEnv(pki) : {}),
      API_URL: proxyUrl,
      CONSOLE_ORIGIN: consoleOrigin || (process.env.CONSOLE_ORIGIN ?? 'http://localhost:5173'),
      DOCS_ENABLED: process.env.DOCS_ENABLED ?? 'true',
      ...options.appEnv,
    };
    const node = process.execPath;
    for (const [name, script] of [
      ['migrate', 'packages/db/dist/cli/migrate.js'],
      ['seed', 'packages/db/dist/cli/seed.js'],
    ] as const) {
      // Not quiet: a few lines, and the only clue when they fail.
      const code = await startProcess(name, node, [join(repoRoot, script)], { env }).exited;
      if (code !== 0) throw new Error(`${name} failed with exit code ${code}`);
    }
    // The apps connect as the least-privilege role and are not told the owner's URL.
    const appEnv: NodeJS.ProcessEnv = {
      ...env,
      APP_DATABASE_URL: process.env.APP_DATABASE_URL ?? (await ensureAppLogin(postgres.url)),
    };
    delete appEnv.DATABASE_URL;
    lap('migrateAndSeed');

    // Several instances of each: a metrics or probe port from the environment would collide.
    const shared = { ...appEnv };
    for (const name of ['METRICS_PORT', 'WORKER_METRICS_ADDRESS', 'WORKER_HEALTH_ADDRESS'])
      delete shared[name];
    const launch = (name: string, script: string, extra: NodeJS.ProcessEnv = {}) => {
      const child = startProcess(name, node, [join(repoRoot, script)], {
        env: { ...shared, ...extra },
        quiet,
      });
      apps.set(name, child);
      return child;
    };
    for (let i = 1; i <= (options.workers ?? 2); i += 1) {
      launch(`worker-${i}`, 'workflows/dist/worker/main.js');
    }
    const upstreams: { name: string; url: string }[] = [];
    for (let i = 1; i <= (options.apis ?? 2); i += 1) {
      const port = await freePort();
      launch(`api-${i}`, 'apps/api/dist/server.js', { PORT: String(port) });
      upstreams.push({ name: `api-${i}`, url: `http://127.0.0.1:${port}` });
    }
    const refusing = new Set<string>();
    const proxy = await startApiProxy({
      port: options.apiPort,
      upstreams,
      // Refused connections are routine once an instance is down: said once per instance.
      onUpstreamError: (upstream, request, error) => {
        if (error === 'ECONNREFUSED') {
          if (refusing.has(upstream)) return;
          refusing.add(upstream);
        }
        log(`proxy: ${upstream} failed ${request} (${error})`);
      },
    });
    started.push({ stop: () => proxy.close() });
    if (options.consolePort) {
      const child = startProcess(
        'console',
        join(repoRoot, 'apps/console/node_modules/.bin/vite'),
        ['preview', '--port', String(options.consolePort), '--strictPort'],
        { env, cwd: join(repoRoot, 'apps/console'), quiet },
      );
      apps.set('console', child);
    }
    const died = Promise.race([
      ...[...apps].map(([name, child]) =>
        child.exited.then((code) =>
          killed.has(child) ? new Promise<string>(() => {}) : `${name} exited with code ${code}`,
        ),
      ),
      temporal.died,
    ]);
    const ready = Promise.all([
      ...upstreams.map((u) => waitFor(u.name, () => fetchOk(`${u.url}/health`), 90_000)),
      ...(options.consolePort
        ? [
            waitFor(
              'the console',
              () => fetchOk(`http://127.0.0.1:${options.consolePort}/`),
              60_000,
            ),
          ]
        : []),
    ]);
    await Promise.race([ready, died.then((why) => Promise.reject(new Error(why)))]);
    lap('apps');

    return {
      urls: {
        console: consoleOrigin,
        api: `http://localhost:${options.apiPort}`,
        temporalUi: temporal.uiUrl,
        postgres: postgres.embedded ? postgres.url : 'DATABASE_URL',
      },
      appEnv,
      temporal,
      proxy,
      timings,
      apps: () => new Map(apps),
      async kill(name) {
        const child = apps.get(name);
        if (!child) throw new Error(`no app process named ${name}`);
        killed.add(child);
        child.child.kill('SIGKILL');
        await child.exited;
      },
      async restartTemporalPostgres() {
        if (!options.temporalPostgres || !temporalPg) {
          throw new Error("only Temporal's own embedded PostgreSQL (temporalPostgres) restarts");
        }
        await temporalPg.stop();
        temporalPg = await startPostgres({
          ...options.temporalPostgres,
          database: 'postgres',
          ignoreDatabaseUrl: true,
        });
      },
      died: died.then((why) => (stopping ? new Promise<string>(() => {}) : why)),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * `npm run start:cluster`: as `npm start`, with the cluster. Its apps' database is
 * `qiancheng_cluster` on the same embedded server (or DATABASE_URL), beside Temporal's `temporal`
 * and `temporal_visibility`; the cluster's configuration and logs are in .data/cluster.
 */
export async function runStartCluster(args: string[] = []): Promise<number> {
  let platform: ClusterPlatform | null = null;
  let demo: ManagedProcess | null = null;
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
  const began = performance.now();
  // QIANCHENG_DATA_DIR: another folder than .data (a second checkout's ports and state, a timing).
  const dataDir = process.env.QIANCHENG_DATA_DIR ?? defaultDataDir;
  // Written afresh by every start (the ports may change); nothing in it is state.
  rmSync(join(dataDir, 'cluster'), { recursive: true, force: true });
  log('building the workspace; starting PostgreSQL and the Temporal cluster');
  platform = await startClusterPlatform({
    dataDir,
    apiPort: Number(process.env.API_PORT ?? 3000),
    consolePort: Number(process.env.CONSOLE_PORT ?? 5173),
    temporalPort: Number(process.env.TEMPORAL_PORT ?? 7233),
    temporalUiPort: Number(process.env.TEMPORAL_UI_PORT ?? 8233),
    postgresPort: Number(process.env.EMBEDDED_PG_PORT ?? 54329),
    tls: args.includes('--tls'),
    build: true,
  });
  const seconds = (ms: number) => (ms / 1000).toFixed(1);
  log(
    `up in ${seconds(performance.now() - began)} s (${Object.entries(platform.timings)
      .map(([step, ms]) => `${step} ${seconds(ms)} s`)
      .join(', ')})`,
  );
  void platform.died.then((why) => {
    log(`${why}; stopping the platform`);
    process.kill(process.pid, 'SIGTERM');
  });
  printUrls(platform, dataDir);
  demo = startLivingDemo(platform);
  return stopped;
}

function printUrls(platform: ClusterPlatform, dataDir: string): void {
  const { urls } = platform;
  const processes = [
    ...platform.temporal.processes().map(({ name }) => `temporal ${name}`),
    ...platform.apps().keys(),
  ];
  const lines = [
    '',
    '前程 Qiancheng is running on a Temporal cluster. Ctrl-C stops everything.',
    `  Console          ${urls.console}`,
    `  API              ${urls.api}   (a proxy over api-1 and api-2; health: /health, docs: /docs)`,
    `  Temporal         ${platform.temporal.address}   (frontend; namespace ${platform.temporal.namespace}${platform.temporal.tls ? `; mutual TLS, certificates in ${join(dataDir, 'cluster', 'pki')}` : ''})`,
    `  Temporal Web UI  ${urls.temporalUi ?? '(not started)'}`,
    `  PostgreSQL       ${urls.postgres}   (Temporal: databases temporal, temporal_visibility)`,
    `  Processes        ${processes.join(', ')}`,
    `  Cluster logs     ${join(dataDir, 'cluster', 'logs')}`,
    '',
    '  Demo sign-in (every user): password qiancheng-demo-2026 — pm.dongguan, approver.bijie, auditor, admin',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function fetchOk(url: string): Promise<void> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
}

function log(message: string): void {
  process.stdout.write(`[devstack] ${message}\n`);
}
