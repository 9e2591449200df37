import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (devstack lives in infra/devstack). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** Git-ignored state of `npm start`: the embedded PostgreSQL cluster and Temporal's SQLite file. */
export const dataDir = join(repoRoot, '.data');
/** Git-ignored tools built by the bootstrap (the Temporal CLI). */
export const toolsBinDir = join(repoRoot, '.tools', 'bin');
