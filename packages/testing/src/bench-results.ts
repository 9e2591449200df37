import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';

/** The checkout's root: the nearest folder up from here with pnpm-workspace.yaml. */
function repoRoot(from = process.cwd()): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (dirname(dir) === dir) return from;
  }
}

function git(root: string, args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

/** What a result file says about where and when it was measured. */
export interface BenchRun {
  bench: string;
  commit: string | null;
  /** Uncommitted changes in the checkout when it ran. */
  dirty: boolean | null;
  at: string;
  machine: { cpus: number; loadAverage1m: number; node: string };
}

/**
 * Writes a benchmark's figures as `bench-results/<bench>-<time>-<commit>.json` at the checkout's
 * root (git-ignored: one file per run, never overwritten) and returns its path and the run's
 * header. `extra` files (e.g. an SVG chart) go beside it with the same stem.
 */
export function writeBenchResults(
  bench: string,
  figures: Record<string, unknown>,
  extra: Record<string, string> = {},
): { path: string; run: BenchRun; files: string[] } {
  const root = repoRoot();
  const commit = git(root, ['rev-parse', '--short=12', 'HEAD']);
  const status = git(root, ['status', '--porcelain', '--untracked-files=no']);
  const run: BenchRun = {
    bench,
    commit,
    dirty: status === null ? null : status.length > 0,
    at: new Date().toISOString(),
    machine: { cpus: cpus().length, loadAverage1m: loadavg()[0] ?? 0, node: process.version },
  };
  const dir = join(root, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const stem = `${bench}-${run.at.replace(/[:.]/g, '-')}-${commit ?? 'nocommit'}`;
  const path = join(dir, `${stem}.json`);
  writeFileSync(path, `${JSON.stringify({ ...run, ...figures }, null, 2)}\n`);
  const files = Object.entries(extra).map(([suffix, content]) => {
    const file = join(dir, `${stem}${suffix}`);
    writeFileSync(file, content);
    return file;
  });
  return { path, run, files };
}

/** A short fixed-width table of rows (first row: the headings), for a bench's closing lines. */
export function formatTable(rows: readonly (readonly (string | number)[])[]): string {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, String(cell).length);
    });
  return rows
    .map((row) =>
      row
        .map((cell, i) =>
          typeof cell === 'number'
            ? String(cell).padStart(widths[i] ?? 0)
            : String(cell).padEnd(widths[i] ?? 0),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
