/**
 * @qiancheng/contracts — request and response schemas (TypeBox), written once and used for the
 * API's validation, its OpenAPI document and the types both sides compile against.
 */
export * from './auth.js';
export * from './claims.js';
export * from './common.js';
export * from './demand-orders.js';
export * from './health.js';
export * from './oversight.js';
export * from './people.js';
export * from './problem.js';
export * from './projects.js';
export * from './registries.js';
export * from './roster.js';
