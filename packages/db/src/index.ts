/**
 * @qiancheng/db — the PostgreSQL side of Qiancheng: Kysely `Database` types, forward-only
 * migrations, repositories (plain functions taking `db` or a transaction) and demo data.
 * Imported by `workflows` (activities) and `api`; never by the console or workflow code.
 */
export { createDb, type Db } from './create-db.js';
export type { Database } from './database.js';
export { migrateToLatest } from './migrate.js';
export * as auditLog from './repositories/audit-log.repository.js';
export { seedDemoData } from './seed/index.js';
