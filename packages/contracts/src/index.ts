/**
 * @qiancheng/contracts — request and response schemas (TypeBox), written once and used for the
 * API's validation, its OpenAPI document and the types both sides compile against.
 */
export * from './health.js';
export * from './problem.js';
