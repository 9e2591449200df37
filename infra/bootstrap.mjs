#!/usr/bin/env node
// The front door of `npm start` and `npm test`. Plain Node with no dependencies, because it runs
// on a fresh clone: it installs what is missing (pnpm, the workspace's packages, the Temporal
// CLI), then hands over to infra/devstack, which starts the services.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tools = join(root, '.tools');
const pnpmVersion = JSON.parse(
  readFileSync(join(root, 'package.json'), 'utf8'),
).packageManager.split('@')[1];

function log(message) {
  process.stdout.write(`[bootstrap] ${message}\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.status !== 0) {
    const why = result.error ? result.error.message : `exit code ${result.status}`;
    throw new Error(`\`${command} ${args.join(' ')}\` failed (${why})`);
  }
}

function versionOf(command) {
  const result = spawnSync(command, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

/** pnpm at the version package.json pins: from PATH when it matches, else installed into .tools. */
function ensurePnpm() {
  if (versionOf('pnpm') === pnpmVersion) return 'pnpm';
  const local = join(tools, 'pnpm', 'node_modules', '.bin', 'pnpm');
  if (existsSync(local) && versionOf(local) === pnpmVersion) return local;
  log(`installing pnpm ${pnpmVersion} into .tools/pnpm`);
  mkdirSync(join(tools, 'pnpm'), { recursive: true });
  run('npm', [
    'install',
    '--prefix',
    join(tools, 'pnpm'),
    '--no-save',
    '--no-package-lock',
    '--no-audit',
    '--no-fund',
    `pnpm@${pnpmVersion}`,
  ]);
  return local;
}

/**
 * The Temporal CLI: `temporal` on PATH when there is one, else built from Go modules. infra/temporal
 * pins CLI v1.5.1 with Temporal server v1.29.2 (the CLI's own v1.29.1 has CVE-2025-14986).
 */
function ensureTemporal() {
  if (process.env.TEMPORAL_ADDRESS || process.env.TEMPORAL_CLI) return;
  if (versionOf('temporal')) return;
  const binary = join(tools, 'bin', 'temporal');
  const moduleDir = join(root, 'infra', 'temporal');
  const stamp = createHash('sha256')
    .update(readFileSync(join(moduleDir, 'go.mod')))
    .update(readFileSync(join(moduleDir, 'go.sum')))
    .digest('hex');
  const stampFile = `${binary}.stamp`;
  if (existsSync(binary) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp)
    return;
  if (!versionOf('go') && spawnSync('go', ['version']).status !== 0) {
    throw new Error(
      'The Temporal CLI is not on PATH and Go is not installed to build it (Go 1.25+ needed).',
    );
  }
  log(
    'building the Temporal CLI v1.5.1 (server v1.29.2) from Go modules; the first build takes several minutes',
  );
  mkdirSync(join(tools, 'bin'), { recursive: true });
  const version = '-X github.com/temporalio/cli/temporalcli.Version=1.5.1';
  run(
    'go',
    [
      'build',
      '-trimpath',
      '-ldflags',
      version,
      '-o',
      binary,
      'github.com/temporalio/cli/cmd/temporal',
    ],
    {
      cwd: moduleDir,
    },
  );
  writeFileSync(stampFile, stamp);
}

/**
 * The Temporal cluster's own programs (`npm run start:cluster`, `npm run test:cluster`, `--cluster`):
 * the server (each service its own process), its SQL schema tool and the Web UI server, built from
 * the same module as the CLI into .tools/bin, and the server's PostgreSQL schema copied to
 * .tools/temporal-schema so running the cluster never needs the Go module cache.
 */
function ensureTemporalCluster() {
  const moduleDir = join(root, 'infra', 'temporal');
  const stamp = createHash('sha256')
    .update(readFileSync(join(moduleDir, 'go.mod')))
    .update(readFileSync(join(moduleDir, 'go.sum')))
    .digest('hex');
  const stampFile = join(tools, 'bin', 'temporal-cluster.stamp');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return;
  if (spawnSync('go', ['version']).status !== 0) {
    throw new Error('the Temporal cluster is built from Go modules: Go 1.25+ is needed');
  }
  log('building the Temporal server, its SQL tool and the Web UI server (server v1.29.2)');
  mkdirSync(join(tools, 'bin'), { recursive: true });
  const programs = {
    'temporal-server': 'go.temporal.io/server/cmd/server',
    'temporal-sql-tool': 'go.temporal.io/server/cmd/tools/sql',
    'temporal-ui-server': 'github.com/temporalio/ui-server/v2/cmd/server',
  };
  for (const [name, pkg] of Object.entries(programs)) {
    run('go', ['build', '-trimpath', '-ldflags', '-s -w', '-o', join(tools, 'bin', name), pkg], {
      cwd: moduleDir,
    });
  }
  const serverDir = spawnSync('go', ['list', '-m', '-f', '{{.Dir}}', 'go.temporal.io/server'], {
    cwd: moduleDir,
    encoding: 'utf8',
  }).stdout.trim();
  const schema = join(tools, 'temporal-schema');
  rmSync(schema, { recursive: true, force: true });
  for (const store of ['temporal', 'visibility']) {
    cpSync(
      join(serverDir, 'schema', 'postgresql', 'v12', store, 'versioned'),
      join(schema, 'postgresql', 'v12', store, 'versioned'),
      { recursive: true },
    );
  }
  // The module cache is read-only; the copy must stay removable by the next rebuild.
  run('chmod', ['-R', 'u+w', schema]);
  writeFileSync(stampFile, stamp);
}

/**
 * Debian's Chromium for the console's end-to-end tests (never a browser a test tool downloads).
 * Installed with apt when missing; CHROMIUM_PATH points at another build.
 */
function ensureChromium() {
  // A CJK font too: without one every screenshot of the zh-CN console shows empty boxes.
  const font = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';
  if ((process.env.CHROMIUM_PATH || existsSync('/usr/bin/chromium')) && existsSync(font)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      'the end-to-end tests need Chromium: run `sudo apt-get install -y chromium` (or set CHROMIUM_PATH)',
    );
  }
  log("installing Debian's chromium for the end-to-end tests");
  run('apt-get', ['update', '-qq']);
  run(
    'apt-get',
    ['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-wqy-microhei'],
    {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    },
  );
}

/**
 * `run [--temporal] [--chromium] [--cluster] <command…>`: the root package.json's scripts
 * (`npm run build`, `npm run pnpm -- …`) on a fresh clone — pnpm and the packages installed,
 * .tools on PATH (turbo itself runs each task through pnpm), the Temporal CLI, Chromium or the
 * Temporal cluster's programs only when the script asks.
 */
function runCommand(pnpm, args) {
  const wants = { temporal: false, chromium: false, cluster: false };
  while (args[0]?.startsWith('--') && Object.hasOwn(wants, args[0].slice(2)))
    wants[args.shift().slice(2)] = true;
  if (args.length === 0)
    throw new Error(
      'usage: node infra/bootstrap.mjs run [--temporal] [--chromium] [--cluster] <command…>',
    );
  if (wants.temporal) ensureTemporal();
  if (wants.chromium) ensureChromium();
  if (wants.cluster) ensureTemporalCluster();
  return spawn(args[0], args.slice(1), { stdio: 'inherit', cwd: root, env: toolsEnv(pnpm) });
}

function toolsEnv(pnpm) {
  return {
    ...process.env,
    TURBO_TELEMETRY_DISABLED: '1',
    PATH: `${join(tools, 'bin')}:${dirname(pnpm)}:${join(root, 'node_modules', '.bin')}:${process.env.PATH}`,
  };
}

function main() {
  const command = process.argv[2];
  if (!['start', 'test', 'tools', 'with-services', 'run'].includes(command)) {
    process.stderr.write(
      'usage: node infra/bootstrap.mjs start|test|tools|with-services|run [args]\n',
    );
    process.exit(2);
  }
  const pnpm = ensurePnpm();
  if (command === 'run') {
    run(pnpm, ['install', '--frozen-lockfile', '--prefer-offline', '--silent']);
    const child = runCommand(pnpm, process.argv.slice(3));
    for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
    child.on('error', (error) => {
      process.stderr.write(`[bootstrap] ${error.message}\n`);
      process.exit(127);
    });
    child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
    return;
  }
  log(`pnpm ${pnpmVersion}: installing the workspace's packages`);
  run(pnpm, ['install', '--frozen-lockfile', '--prefer-offline']);
  ensureTemporal();
  if (command === 'test' || command === 'tools') ensureChromium();
  // `start --cluster`, `with-services … --cluster`: Temporal as a cluster of its own processes.
  if (process.argv.slice(3).includes('--cluster')) ensureTemporalCluster();
  if (command === 'tools') return;
  const env = toolsEnv(pnpm);
  const tsx = join(root, 'node_modules', '.bin', 'tsx');
  const child = spawn(
    tsx,
    [join(root, 'infra', 'devstack', 'src', 'cli.ts'), command, ...process.argv.slice(3)],
    {
      stdio: 'inherit',
      cwd: root,
      env,
    },
  );
  // Ctrl-C reaches the whole process group; devstack stops what it started, then we exit with it.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

try {
  main();
} catch (error) {
  process.stderr.write(`[bootstrap] ${error.message}\n`);
  process.exit(1);
}
