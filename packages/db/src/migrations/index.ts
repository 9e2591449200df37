import type { Migration } from 'kysely/migration';
import * as m20261127_0001 from './2026-11-27-0001-audit-log.js';

/** Every migration, by sortable name. Append only: a migration never changes once merged. */
export const migrations: Record<string, Migration> = {
  '2026-11-27-0001-audit-log': m20261127_0001,
};
