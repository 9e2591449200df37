/**
 * @qiancheng/testing — helpers for integration tests against the real services: a fresh
 * PostgreSQL database per test file, and the Temporal server of the run. Test code only.
 */
export { type BenchRun, formatTable, writeBenchResults } from './bench-results.js';
export { createTestDatabase, type TestDatabase } from './database.js';
export { startDedicatedTemporal } from './dedicated-temporal.js';
export { requireTestEnv, type TestEnv } from './env.js';
export { makeTestPki, type TestPki } from './pki.js';
