#!/usr/bin/env node
// The front door of `npm start` and `npm test`. Plain Node with no dependencies, because it runs
// on a fresh clone: it installs what is missing (pnpm, the workspace's packages, the Temporal
// CLI), then hands over to infra/devstack, which starts the services.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

function main() {
  const command = process.argv[2];
  if (!['start', 'test', 'tools', 'with-services'].includes(command)) {
    process.stderr.write('usage: node infra/bootstrap.mjs start|test|tools|with-services [args]\n');
    process.exit(2);
  }
  const pnpm = ensurePnpm();
  log(`pnpm ${pnpmVersion}: installing the workspace's packages`);
  run(pnpm, ['install', '--frozen-lockfile', '--prefer-offline']);
  ensureTemporal();
  if (command === 'test' || command === 'tools') ensureChromium();
  if (command === 'tools') return;
  const env = {
    ...process.env,
    TURBO_TELEMETRY_DISABLED: '1',
    PATH: `${join(tools, 'bin')}:${dirname(pnpm)}:${process.env.PATH}`,
  };
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
