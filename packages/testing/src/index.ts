/**
 * @qiancheng/testing — helpers for integration tests against the real services: a fresh
 * PostgreSQL database per test file, and the Temporal server of the run. Test code only.
 */
export { createTestDatabase, type TestDatabase } from './database.js';
export { requireTestEnv, type TestEnv } from './env.js';
