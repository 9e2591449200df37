import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { repoRoot, toolsBinDir } from './paths.js';
import { freePort, type ManagedProcess, startProcess, waitFor } from './process.js';

/** A JSON file of infra/temporal, without its `$comment`. */
function temporalSettings<T>(file: string): Record<string, T> {
  return Object.fromEntries(
    Object.entries(
      JSON.parse(readFileSync(join(repoRoot, 'infra/temporal', file), 'utf8')) as Record<string, T>,
    ).filter(([key]) => !key.startsWith('$')),
  );
}

/** Custom search attributes, registered at dev-server start (one list for dev, test and prod docs). */
export const searchAttributes = temporalSettings<string>('search-attributes.json');

/** Dynamic config beyond the server's defaults, for the dev server and the cluster alike. */
export const platformDynamicConfig = temporalSettings<string | number | boolean>(
  'dynamic-config.json',
);

/**
 * The Temporal CLI to run: $TEMPORAL_CLI, else `temporal` on PATH, else the one the bootstrap built
 * into .tools/bin from infra/temporal (CLI v1.5.1 with server v1.29.2).
 */
export function resolveTemporalCli(): string {
  if (process.env.TEMPORAL_CLI) return process.env.TEMPORAL_CLI;
  const onPath = spawnSync('sh', ['-c', 'command -v temporal'], { encoding: 'utf8' });
  if (onPath.status === 0 && onPath.stdout.trim()) return onPath.stdout.trim();
  const built = join(toolsBinDir, 'temporal');
  if (existsSync(built)) return built;
  throw new Error(
    'No Temporal CLI found. Run `npm start` or `npm test` (they build it), or `node infra/bootstrap.mjs tools`.',
  );
}

export interface TemporalServer {
  readonly address: string;
  readonly namespace: string;
  readonly uiUrl: string | null;
  readonly process: ManagedProcess | null;
  stop(): Promise<void>;
}

export interface StartTemporalOptions {
  /** SQLite file for persistence; omitted means in memory (tests). */
  dbFile?: string;
  /** gRPC port; 0 picks a free one. */
  port?: number;
  /** Web UI port; null starts the server headless. */
  uiPort?: number | null;
  /** Trade durability for speed (tests and benchmarks only). */
  fast?: boolean;
  quiet?: boolean;
  /** Start a server of its own even when TEMPORAL_ADDRESS names one (a test of a server limit). */
  dedicated?: boolean;
  /**
   * Dynamic config values beside the platform's (infra/temporal/dynamic-config.json), e.g.
   * `{ 'history.maxTotalUpdates': 30 }` (a limit lowered for a test).
   */
  dynamicConfig?: Record<string, string | number | boolean>;
}

/** `TEMPORAL_ADDRESS` set means use that cluster; otherwise start `temporal server start-dev`. */
export async function startTemporal(options: StartTemporalOptions = {}): Promise<TemporalServer> {
  const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
  if (process.env.TEMPORAL_ADDRESS && !options.dedicated) {
    const address = process.env.TEMPORAL_ADDRESS;
    await waitForTemporal(address, namespace, 30_000);
    return {
      address,
      namespace,
      uiUrl: process.env.TEMPORAL_UI_URL ?? null,
      process: null,
      stop: async () => {},
    };
  }
  const port = options.port || (await freePort());
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port)];
  args.push('--http-port', String(await freePort()), '--metrics-port', String(await freePort()));
  args.push('--log-level', 'error');
  if (namespace !== 'default') args.push('--namespace', namespace);
  if (options.uiPort === null || options.uiPort === undefined) {
    args.push('--headless');
  } else {
    args.push('--ui-port', String(options.uiPort));
  }
  if (options.dbFile) {
    mkdirSync(join(options.dbFile, '..'), { recursive: true });
    args.push('--db-filename', options.dbFile, '--sqlite-pragma', 'journal_mode=wal');
  }
  if (options.fast && options.dbFile) args.push('--sqlite-pragma', 'synchronous=off');
  for (const [name, type] of Object.entries(searchAttributes)) {
    args.push('--search-attribute', `${name}=${type}`);
  }
  for (const [key, value] of Object.entries({
    ...platformDynamicConfig,
    ...options.dynamicConfig,
  })) {
    args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  }
  const cli = resolveTemporalCli();
  const child = startProcess('temporal', cli, args, { quiet: options.quiet ?? false });
  const address = `127.0.0.1:${port}`;
  const ready = waitForTemporal(address, namespace, 120_000);
  const died = child.exited.then((code) => {
    throw new Error(
      `temporal server start-dev exited with code ${code} (${cli} ${args.join(' ')})`,
    );
  });
  await Promise.race([ready, died]);
  died.catch(() => {});
  return {
    address,
    namespace,
    uiUrl: options.uiPort ? `http://localhost:${options.uiPort}` : null,
    process: child,
    stop: () => child.stop(),
  };
}

async function waitForTemporal(
  address: string,
  namespace: string,
  timeoutMs: number,
): Promise<void> {
  await waitFor(
    `Temporal at ${address}`,
    async () => {
      const connection = await Connection.connect({ address, connectTimeout: 2_000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
      } finally {
        await connection.close();
      }
    },
    timeoutMs,
  );
}

/** The CLI's version line, for logs. */
export function temporalVersion(): string {
  return execFileSync(resolveTemporalCli(), ['--version'], { encoding: 'utf8' }).trim();
}
