import { execFile } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import pg from 'pg';
import { type ManagedProcess, startProcess, waitFor } from '../process.js';
import { platformDynamicConfig, resolveTemporalCli, searchAttributes } from '../temporal.js';
import type { ClusterPki } from './certificates.js';
import { TEMPORAL_DATABASES, type TemporalPersistence } from './persistence.js';
import type { ClusterTools } from './tools.js';

const run = promisify(execFile);

export type ClusterService = 'frontend' | 'history' | 'matching' | 'worker';

export interface TemporalClusterOptions {
  tools: ClusterTools;
  persistence: TemporalPersistence;
  /** Where this run's configuration files go (one per process). */
  dir: string;
  /** The frontend's gRPC port (what the apps' TEMPORAL_ADDRESS names); 0 picks a free one. */
  frontendPort: number;
  /** The Web UI's port; null runs no UI. */
  uiPort: number | null;
  namespace?: string;
  /** History service processes (2: one can die while the other takes its shards). */
  historyProcesses?: number;
  /**
   * The frontend with mutual TLS: it demands a client certificate of this PKI's CA. The internal
   * worker service, the UI and the CLI present the PKI's client certificate.
   */
  tls?: ClusterPki;
}

export interface ClusterProcess {
  /** frontend, history-1, history-2, matching, worker, ui */
  readonly name: string;
  readonly process: ManagedProcess;
}

export interface TemporalCluster {
  readonly address: string;
  readonly namespace: string;
  readonly uiUrl: string | null;
  /** The frontend's PKI when it runs with mutual TLS. */
  readonly tls: ClusterPki | null;
  /** Every process of the cluster that was started (a killed one stays listed). */
  processes(): ClusterProcess[];
  /** Sends `signal` to one process and waits until it has exited (it stays down). */
  kill(name: string, signal?: NodeJS.Signals): Promise<void>;
  /** Resolves when a process exits that nobody stopped or killed. */
  readonly died: Promise<string>;
  stop(): Promise<void>;
}

/**
 * Fixed for the life of the databases (Temporal refuses a different count later). Four shards over
 * two history processes: each owns two, and either takes all four when the other dies.
 */
export const NUM_HISTORY_SHARDS = 4;

/**
 * A Temporal cluster on PostgreSQL with each service its own `temporal-server start --service`
 * process: one frontend, `historyProcesses` history processes, one matching and one internal
 * worker, finding each other through the cluster_membership table. Then the namespace and the
 * project's search attributes (created with the CLI, as an operator would), and the Web UI.
 */
export async function startTemporalCluster(
  options: TemporalClusterOptions,
): Promise<TemporalCluster> {
  const namespace = options.namespace ?? 'default';
  const frontendPort = options.frontendPort || (await freeServicePort());
  const address = `127.0.0.1:${frontendPort}`;
  const configDir = join(options.dir, 'config');
  mkdirSync(configDir, { recursive: true });
  writeFileSync(join(configDir, 'dynamicconfig.yaml'), DYNAMIC_CONFIG);

  const ports = async () => ({
    grpcPort: await freeServicePort(),
    membershipPort: await freeServicePort(),
  });
  const services = {
    frontend: {
      grpcPort: frontendPort,
      membershipPort: await freeServicePort(),
      httpPort: await freeServicePort(),
    },
    history: await ports(),
    matching: await ports(),
    worker: await ports(),
  };
  // One configuration file per process (`--env <name>` reads config/<name>.yaml): the same
  // cluster, with the ports of that process's own service. JSON is YAML.
  const specs: { name: string; service: ClusterService }[] = [
    { name: 'frontend', service: 'frontend' },
    ...Array.from({ length: options.historyProcesses ?? 2 }, (_, i) => ({
      name: `history-${i + 1}`,
      service: 'history' as const,
    })),
    { name: 'matching', service: 'matching' },
    { name: 'worker', service: 'worker' },
  ];
  for (const spec of specs) {
    const own =
      spec.name === 'history-1' || spec.service !== 'history' ? {} : { history: await ports() };
    const config = serverConfig(options, { ...services, ...own }, frontendPort);
    writeFileSync(join(configDir, `${spec.name}.yaml`), JSON.stringify(config, null, 2), {
      mode: 0o600,
    });
  }

  const running = new Map<string, ManagedProcess>();
  const expectedExit = new Set<ManagedProcess>();
  let reportDeath: (why: string) => void = () => {};
  const died = new Promise<string>((resolve) => {
    reportDeath = resolve;
  });
  let stopping = false;
  const launchers = new Map<string, () => ManagedProcess>();
  const logDir = join(options.dir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const launch = (name: string) => {
    const start = launchers.get(name);
    if (!start) throw new Error(`no cluster process named ${name}`);
    const child = start();
    // Each process logs to logs/<name>.log (warnings and errors; a busy cluster is chatty).
    const log = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
    child.child.stdout?.pipe(log, { end: false });
    child.child.stderr?.pipe(log, { end: false });
    // 'close' comes after both streams ended (unlike 'exit').
    child.child.once('close', () => log.end());
    running.set(name, child);
    void child.exited.then((code) => {
      if (!stopping && !expectedExit.has(child))
        reportDeath(`${name} exited with code ${code}: ${lastWords(join(logDir, `${name}.log`))}`);
    });
  };
  for (const spec of specs) {
    launchers.set(spec.name, () =>
      startProcess(
        `temporal ${spec.name}`,
        options.tools.server,
        [
          '--root',
          options.dir,
          '--config',
          'config',
          '--env',
          spec.name,
          '--allow-no-auth',
          'start',
          '--service',
          spec.service,
        ],
        { quiet: true },
      ),
    );
  }
  const stop = async () => {
    stopping = true;
    // The UI and the frontend first (no new work), then the rest together.
    const order = ['ui', 'frontend'];
    for (const name of order) await running.get(name)?.stop();
    await Promise.all(
      [...running].filter(([name]) => !order.includes(name)).map(([, child]) => child.stop()),
    );
  };

  try {
    const failed = died.then((why) => {
      throw new Error(`the Temporal cluster did not come up: ${why}`);
    });
    failed.catch(() => {});
    // Every service writes the cluster's metadata when it finds none: on new databases the
    // frontend does it alone first, or the others' writes collide with its own and it exits.
    launch('frontend');
    await Promise.race([clusterMetadataWritten(options.persistence, 60_000), failed]);
    for (const spec of specs.filter((s) => s.name !== 'frontend')) launch(spec.name);
    await Promise.race([waitForFrontend(address, options.tls, 180_000), failed]);
    await Promise.race([ensureNamespace(address, namespace, options.tls), failed]);

    let uiUrl: string | null = null;
    if (options.uiPort !== null) {
      const uiDir = join(options.dir, 'ui');
      mkdirSync(uiDir, { recursive: true });
      writeFileSync(
        join(uiDir, 'cluster.yaml'),
        JSON.stringify(
          {
            temporalGrpcAddress: address,
            host: '127.0.0.1',
            port: options.uiPort,
            enableUi: true,
            defaultNamespace: namespace,
            refreshInterval: '1m',
            cors: { allowOrigins: [`http://localhost:${options.uiPort}`], cookieInsecure: true },
            notifyOnNewVersion: false,
            hideLogs: true,
            ...(options.tls
              ? {
                  tls: {
                    caFile: options.tls.caCert,
                    certFile: options.tls.clientCert,
                    keyFile: options.tls.clientKey,
                    serverName: options.tls.serverName,
                    enableHostVerification: true,
                  },
                }
              : {}),
          },
          null,
          2,
        ),
      );
      launchers.set('ui', () =>
        startProcess(
          'temporal ui',
          options.tools.uiServer,
          ['--root', options.dir, '--config', 'ui', '--env', 'cluster', 'start'],
          { quiet: true },
        ),
      );
      launch('ui');
      uiUrl = `http://localhost:${options.uiPort}`;
      const url = uiUrl;
      await Promise.race([
        waitFor('the Temporal Web UI', () => fetchOk(url), 60_000),
        died.then((why) => Promise.reject(new Error(why))),
      ]);
    }

    return {
      address,
      namespace,
      uiUrl,
      tls: options.tls ?? null,
      processes: () => [...running].map(([name, process]) => ({ name, process })),
      async kill(name, signal = 'SIGKILL') {
        const child = running.get(name);
        if (!child) throw new Error(`no cluster process named ${name}`);
        expectedExit.add(child);
        child.child.kill(signal);
        await child.exited;
      },
      died: died.then((why) => (stopping ? new Promise<string>(() => {}) : why)),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

type ServicePorts = Record<
  ClusterService,
  { grpcPort: number; membershipPort: number; httpPort?: number }
>;

/** The server's configuration (config/development-postgres12.yaml of the server, made ours). */
function serverConfig(options: TemporalClusterOptions, ports: ServicePorts, frontendPort: number) {
  const { persistence } = options;
  const datastore = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `${persistence.host}:${persistence.port}`,
      connectProtocol: 'tcp',
      user: persistence.user,
      password: persistence.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  return {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards: NUM_HISTORY_SHARDS,
      datastores: {
        'postgres-default': datastore(TEMPORAL_DATABASES.default, 10),
        'postgres-visibility': datastore(TEMPORAL_DATABASES.visibility, 4),
      },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' },
      ...(options.tls ? { tls: frontendTls(options.tls) } : {}),
    },
    services: Object.fromEntries(
      Object.entries(ports).map(([service, p]) => [
        service,
        { rpc: { ...p, bindOnLocalHost: true } },
      ]),
    ),
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: {
          enabled: true,
          initialFailoverVersion: 1,
          rpcName: 'frontend',
          rpcAddress: `127.0.0.1:${frontendPort}`,
        },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    // The internal worker service (system workflows) reaches the frontend here.
    publicClient: { hostPort: `127.0.0.1:${frontendPort}` },
    dynamicConfigClient: {
      filepath: join(options.dir, 'config', 'dynamicconfig.yaml'),
      pollInterval: '10s',
    },
  };
}

/**
 * Mutual TLS on the frontend only (the services' own traffic stays on loopback): its certificate,
 * the CA its clients' certificates must come from, and the internal worker service's client side.
 */
function frontendTls(pki: ClusterPki) {
  const client = { serverName: pki.serverName, rootCaFiles: [pki.caCert] };
  return {
    frontend: {
      server: {
        certFile: pki.serverCert,
        keyFile: pki.serverKey,
        requireClientAuth: true,
        clientCaFiles: [pki.caCert],
      },
      client,
    },
    systemWorker: { certFile: pki.clientCert, keyFile: pki.clientKey, client },
  };
}

/** A client's TLS settings for the frontend (@temporalio/client's TLSConfig). */
export function clientTls(pki: ClusterPki) {
  return {
    serverNameOverride: pki.serverName,
    serverRootCACertificate: readFileSync(pki.caCert),
    clientCertPair: { crt: readFileSync(pki.clientCert), key: readFileSync(pki.clientKey) },
  };
}

/**
 * Dynamic configuration (a YAML file the services poll): what differs from the defaults, the
 * platform's own (infra/temporal/dynamic-config.json) and the cluster's.
 */
export const DYNAMIC_CONFIG = `# Written by infra/devstack (cluster mode) at every start.
# The Web UI and the API's lists query visibility more often than a production default allows.
frontend.namespaceRPS.visibility:
  - value: 100
limit.maxIDLength:
  - value: 255
# infra/temporal/dynamic-config.json
${Object.entries(platformDynamicConfig)
  .map(([key, value]) => `${key}:\n  - value: ${JSON.stringify(value)}\n`)
  .join('')}`;

async function waitForFrontend(
  address: string,
  tls: ClusterPki | undefined,
  timeoutMs: number,
): Promise<void> {
  await waitFor(
    `the Temporal frontend at ${address}`,
    async () => {
      const connection = await Connection.connect({
        address,
        connectTimeout: 2_000,
        ...(tls ? { tls: clientTls(tls) } : {}),
      });
      try {
        await connection.workflowService.getSystemInfo({});
        // The frontend answers before history owns every shard: wait for the system namespace.
        await connection.workflowService.describeNamespace({ namespace: 'temporal-system' });
      } finally {
        await connection.close();
      }
    },
    timeoutMs,
  );
}

/**
 * The namespace and the search attributes of infra/temporal/search-attributes.json, each created
 * when missing, with `temporal operator` as the README tells an operator to.
 */
async function ensureNamespace(
  address: string,
  namespace: string,
  tls: ClusterPki | undefined,
): Promise<void> {
  const cli = resolveTemporalCli();
  const tlsFlags = tls
    ? [
        '--tls-cert-path',
        tls.clientCert,
        '--tls-key-path',
        tls.clientKey,
        '--tls-ca-path',
        tls.caCert,
        '--tls-server-name',
        tls.serverName,
      ]
    : [];
  const temporal = (...args: string[]) =>
    run(cli, ['operator', ...args, '--address', address, ...tlsFlags], { encoding: 'utf8' });
  await waitFor(
    `namespace ${namespace}`,
    async () => {
      try {
        await temporal('namespace', 'describe', '--namespace', namespace);
      } catch {
        await temporal('namespace', 'create', '--namespace', namespace, '--retention', '72h');
        await temporal('namespace', 'describe', '--namespace', namespace);
      }
    },
    60_000,
  );
  await waitFor(
    'the search attributes',
    async () => {
      const { stdout } = await temporal(
        'search-attribute',
        'list',
        '--namespace',
        namespace,
        '--output',
        'json',
      );
      // The CLI prints ListSearchAttributesResponse: { customAttributes: { name: type }, … }.
      const listed = JSON.parse(stdout) as { customAttributes?: Record<string, string> };
      const known = new Set(Object.keys(listed.customAttributes ?? {}));
      const missing = Object.entries(searchAttributes).filter(([name]) => !known.has(name));
      if (missing.length === 0) return;
      await temporal(
        'search-attribute',
        'create',
        '--namespace',
        namespace,
        ...missing.flatMap(([name, type]) => ['--name', name, '--type', type]),
      );
      throw new Error(`created ${missing.map(([name]) => name).join(', ')}; checking again`);
    },
    60_000,
  );
}

/** Waits until the cluster's metadata is in its database (a fresh one gets it from the first service). */
async function clusterMetadataWritten(
  persistence: TemporalPersistence,
  timeoutMs: number,
): Promise<void> {
  await waitFor(
    "the cluster's metadata",
    async () => {
      const client = new pg.Client({ ...persistence, database: TEMPORAL_DATABASES.default });
      await client.connect();
      try {
        const { rowCount } = await client.query('select 1 from cluster_metadata_info limit 1');
        if (!rowCount) throw new Error('not written yet');
      } finally {
        await client.end();
      }
    },
    timeoutMs,
  );
}

/** What a process said last before it died: its fatal line's message, else the last line. */
function lastWords(logFile: string): string {
  let lines: string[] = [];
  try {
    lines = readFileSync(logFile, 'utf8').trim().split('\n');
  } catch {
    return `no log at ${logFile}`;
  }
  const fatal = lines.findLast((line) => line.includes('"level":"fatal"')) ?? lines.at(-1) ?? '';
  try {
    const entry = JSON.parse(fatal) as { msg?: string; error?: string };
    return `${entry.msg ?? ''}${entry.error ? `: ${entry.error}` : ''} (${logFile})`;
  } catch {
    return `${fatal.slice(0, 500)} (${logFile})`;
  }
}

/**
 * A free port for a cluster service. Not the OS's ephemeral range: Temporal keeps each member's
 * ports in cluster_membership as a smallint, so they must stay below 32768.
 */
const handedOut = new Set<number>();
export async function freeServicePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const port = randomInt(20_000, 32_000);
    if (handedOut.has(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error('no free port between 20000 and 32000');
}

async function fetchOk(url: string): Promise<void> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
}
