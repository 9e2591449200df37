import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from './paths.js';
import { platformDynamicConfig } from './temporal.js';

// infra/k8s describes how each process runs in production. These checks keep it true to the code:
// the files parse, every environment variable a manifest sets is one the process actually reads
// (derived from the sources, so a renamed or removed variable fails here), the probes ask routes
// that exist on the ports the process listens on, and the pieces name each other correctly.

const k8s = join(repoRoot, 'infra', 'k8s');

// biome-ignore lint/suspicious/noExplicitAny: manifests are untyped YAML.
type Doc = any;

const files = readdirSync(k8s).filter((f) => f.endsWith('.yaml'));
const parsed = new Map<string, Doc[]>(
  files.map((file) => {
    const docs = parseAllDocuments(readFileSync(join(k8s, file), 'utf8'));
    for (const doc of docs)
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]?.message}`);
    return [file, docs.map((doc) => doc.toJS())];
  }),
);
const values = parsed.get('temporal-values.yaml')?.[0];
const kustomization = parsed.get('kustomization.yaml')?.[0];
const objects = [...parsed.entries()]
  .filter(([file]) => file !== 'temporal-values.yaml' && file !== 'kustomization.yaml')
  .flatMap(([file, docs]) => docs.map((doc) => ({ file, ...doc }) as Doc));
const byKind = (kind: string) => objects.filter((o) => o.kind === kind);
const configMaps = new Map<string, Record<string, string>>(
  byKind('ConfigMap').map((c) => [c.metadata.name, c.data]),
);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === 'test' ? [] : sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

/**
 * The environment variables the code under `roots` reads: `env.NAME` / `process.env.NAME` /
 * `env['NAME']`, and the keys of the API's TypeBox configuration schema (`NAME: Type.…`).
 */
function variablesReadBy(roots: string[]): Set<string> {
  const names = new Set<string>();
  for (const file of roots.flatMap((root) => sourceFiles(join(repoRoot, root)))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\benv\??\.([A-Z][A-Z0-9_]+)\b/g)) names.add(m[1] as string);
    for (const m of text.matchAll(/\benv\[['"]([A-Z][A-Z0-9_]+)['"]\]/g)) names.add(m[1] as string);
    if (relative(repoRoot, file) === join('apps', 'api', 'src', 'config.ts'))
      for (const m of text.matchAll(/^\s+([A-Z][A-Z0-9_]+): Type\./gm)) names.add(m[1] as string);
  }
  return names;
}

// What each process runs: its own sources and the packages it imports.
const libraries = ['packages/db/src', 'packages/domain/src', 'packages/contracts/src'];
const reads = {
  'qiancheng-api': variablesReadBy(['apps/api/src', 'workflows/src/platform', ...libraries]),
  'qiancheng-worker': variablesReadBy(['workflows/src', ...libraries]),
  // nginx serving files: the console reads no environment at run time.
  'qiancheng-console': new Set<string>(),
  'qiancheng-migrate': variablesReadBy(['packages/db/src/cli', 'packages/db/src']),
} as const;
type Workload = keyof typeof reads;

const workloads = [...byKind('Deployment'), ...byKind('Job')];
const podSpec = (w: Doc) => w.spec.template.spec;
const containerOf = (name: Workload) => {
  const workload = workloads.find((w) => w.metadata.name === name);
  if (!workload) throw new Error(`no workload ${name}`);
  return podSpec(workload).containers[0] as Doc;
};

/** Every variable a container is given: its env list and the ConfigMaps it takes whole. */
function variablesGiven(container: Doc): Map<string, string | null> {
  const given = new Map<string, string | null>();
  for (const source of container.envFrom ?? []) {
    const data = configMaps.get(source.configMapRef?.name);
    if (!data) throw new Error(`envFrom names a ConfigMap not in infra/k8s: ${source}`);
    for (const [name, value] of Object.entries(data)) given.set(name, String(value));
  }
  for (const variable of container.env ?? []) given.set(variable.name, variable.value ?? null);
  return given;
}

const portOf = (address: string | null | undefined) => Number(address?.split(':').pop());

describe('the deployment descriptions in infra/k8s', () => {
  it('parse, each object with its kind and name, and kustomization lists files that exist', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'api.yaml',
        'worker.yaml',
        'console.yaml',
        'config.yaml',
        'temporal-values.yaml',
      ]),
    );
    for (const o of objects) {
      expect(o.apiVersion, o.file).toBeTruthy();
      expect(o.kind, o.file).toBeTruthy();
      expect(o.metadata?.name, o.file).toBeTruthy();
    }
    for (const resource of kustomization.resources) expect(files).toContain(resource);
  });

  it('set only environment variables the processes read', () => {
    for (const name of Object.keys(reads) as Workload[]) {
      const unread = [...variablesGiven(containerOf(name)).keys()].filter(
        (variable) => !reads[name].has(variable),
      );
      expect(unread, `${name} is given variables it never reads`).toEqual([]);
    }
    // The check is not vacuous: the sources do read what the manifests rely on.
    expect([...reads['qiancheng-api']]).toEqual(
      expect.arrayContaining(['PORT', 'METRICS_PORT', 'TEMPORAL_TLS_CERT', 'AUTH_TOKEN_SECRET']),
    );
    expect([...reads['qiancheng-worker']]).toEqual(
      expect.arrayContaining(['WORKER_METRICS_ADDRESS', 'WORKER_HEALTH_ADDRESS', 'TASK_QUEUE']),
    );
  });

  it('give each process what it cannot run without in production', () => {
    const api = variablesGiven(containerOf('qiancheng-api'));
    const worker = variablesGiven(containerOf('qiancheng-worker'));
    for (const [name, given] of [
      ['qiancheng-api', api],
      ['qiancheng-worker', worker],
    ] as const) {
      for (const required of [
        'NODE_ENV',
        'APP_DATABASE_URL',
        'QIANCHENG_ID_HASH_KEY',
        'QIANCHENG_ID_ENC_KEY',
        'TEMPORAL_ADDRESS',
        'TEMPORAL_NAMESPACE',
        'TASK_QUEUE',
      ])
        expect(given.has(required), `${name}: ${required}`).toBe(true);
      expect(given.get('NODE_ENV')).toBe('production');
      // Never the tables' owner: the apps connect as the least-privilege role.
      expect(given.has('DATABASE_URL'), name).toBe(false);
    }
    expect(api.has('AUTH_TOKEN_SECRET')).toBe(true);
    expect(api.get('HOST')).toBe('0.0.0.0');
    expect(variablesGiven(containerOf('qiancheng-migrate')).has('DATABASE_URL')).toBe(true);
  });

  it('mount the Temporal client certificate where TEMPORAL_TLS_* point', () => {
    for (const name of ['qiancheng-api', 'qiancheng-worker'] as const) {
      const container = containerOf(name);
      const given = variablesGiven(container);
      const mounts: string[] = (container.volumeMounts ?? []).map((m: Doc) => m.mountPath);
      for (const variable of ['TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY', 'TEMPORAL_TLS_CA']) {
        const path = given.get(variable);
        expect(path, `${name}: ${variable}`).toBeTruthy();
        expect(
          mounts.some((mount) => path?.startsWith(`${mount}/`)),
          `${name}: ${variable}=${path} is not under a mount`,
        ).toBe(true);
      }
    }
  });

  it('probe routes that exist, on the ports the processes listen on', () => {
    const apiHealth = readFileSync(join(repoRoot, 'apps/api/src/routes/health.ts'), 'utf8');
    const workerHealth = readFileSync(join(repoRoot, 'workflows/src/worker/health.ts'), 'utf8');
    const api = containerOf('qiancheng-api');
    const apiEnv = variablesGiven(api);
    const apiPorts = Object.fromEntries(
      api.ports.map((p: Doc) => [p.name, p.containerPort as number]),
    );
    expect(apiPorts.http).toBe(Number(apiEnv.get('PORT')));
    expect(apiPorts.metrics).toBe(Number(apiEnv.get('METRICS_PORT')));
    expect(apiHealth).toContain(`'${api.readinessProbe.httpGet.path}'`);
    expect(apiPorts[api.readinessProbe.httpGet.port]).toBeDefined();
    expect(apiPorts[api.livenessProbe.tcpSocket.port]).toBeDefined();

    const worker = containerOf('qiancheng-worker');
    const workerEnv = variablesGiven(worker);
    const workerPorts = Object.fromEntries(
      worker.ports.map((p: Doc) => [p.name, p.containerPort as number]),
    );
    expect(workerPorts.metrics).toBe(portOf(workerEnv.get('WORKER_METRICS_ADDRESS')));
    expect(workerPorts.health).toBe(portOf(workerEnv.get('WORKER_HEALTH_ADDRESS')));
    for (const probe of [worker.readinessProbe, worker.livenessProbe]) {
      expect(workerHealth).toContain(`'${probe.httpGet.path}'`);
      expect(workerPorts[probe.httpGet.port]).toBe(workerPorts.health);
    }
    // Prometheus is told the metrics port, and the public Service does not expose it.
    for (const name of ['qiancheng-api', 'qiancheng-worker'] as const) {
      const workload = workloads.find((w) => w.metadata.name === name);
      const annotations = workload.spec.template.metadata.annotations;
      expect(Number(annotations['prometheus.io/port'])).toBe(
        name === 'qiancheng-api' ? apiPorts.metrics : workerPorts.metrics,
      );
    }
    const apiService = byKind('Service').find((s) => s.metadata.name === 'qiancheng-api');
    expect(apiService.spec.ports.map((p: Doc) => p.targetPort)).toEqual(['http']);
  });

  it('give every Deployment probes, resources and a scaling rule, and wire Services and Ingress', () => {
    const deployments = byKind('Deployment');
    const autoscalers = byKind('HorizontalPodAutoscaler');
    for (const d of deployments) {
      const container = podSpec(d).containers[0];
      expect(container.readinessProbe, d.metadata.name).toBeDefined();
      expect(container.livenessProbe, d.metadata.name).toBeDefined();
      expect(container.resources?.requests?.cpu, d.metadata.name).toBeDefined();
      expect(container.resources?.limits?.memory, d.metadata.name).toBeDefined();
      expect(
        autoscalers.some((h) => h.spec.scaleTargetRef.name === d.metadata.name),
        `${d.metadata.name} has no autoscaler`,
      ).toBe(true);
    }
    for (const h of autoscalers)
      expect(deployments.map((d) => d.metadata.name)).toContain(h.spec.scaleTargetRef.name);
    const services = byKind('Service');
    for (const s of services) {
      const target = deployments.find((d) =>
        Object.entries(s.spec.selector).every(([k, v]) => d.spec.template.metadata.labels[k] === v),
      );
      expect(target, `Service ${s.metadata.name} selects no Deployment`).toBeDefined();
      const portNames = podSpec(target).containers[0].ports.map((p: Doc) => p.name);
      for (const port of s.spec.ports) expect(portNames).toContain(port.targetPort);
    }
    for (const rule of byKind('Ingress')[0].spec.rules)
      for (const path of rule.http.paths) {
        const service = services.find((s) => s.metadata.name === path.backend.service.name);
        expect(service, path.backend.service.name).toBeDefined();
        expect(service.spec.ports.map((p: Doc) => p.name)).toContain(
          path.backend.service.port.name,
        );
      }
  });

  it("agree with the Temporal chart's values: server name, namespace, a fixed server version", () => {
    const config = configMaps.get('qiancheng-config') ?? {};
    expect(values.server.tls.frontend.serverName).toBe(config.TEMPORAL_TLS_SERVER_NAME);
    expect(values.server.tls.frontend.requireClientAuth).toBe(true);
    expect(values.server.config.namespaces.namespace.map((n: Doc) => n.name)).toContain(
      config.TEMPORAL_NAMESPACE,
    );
    expect(config.TEMPORAL_ADDRESS).toMatch(/^temporal-frontend\./);
    // 1.29.1 and earlier have CVE-2025-14986.
    const [major, minor, patch] = String(values.server.image.tag).split('.').map(Number);
    expect(
      (major as number) * 1e6 + (minor as number) * 1e3 + (patch as number),
    ).toBeGreaterThanOrEqual(1_029_002);
    for (const store of ['default', 'visibility'])
      expect(values.server.config.persistence.datastores[store].sql.pluginName).toMatch(
        /^postgres/,
      );
  });

  it("give the production cluster the platform's dynamic config (infra/temporal)", () => {
    expect(Object.keys(platformDynamicConfig).length).toBeGreaterThan(0);
    for (const [key, value] of Object.entries(platformDynamicConfig))
      expect(values.server.dynamicConfig[key], key).toEqual([{ value }]);
  });
});
