/**
 * @qiancheng/db — the PostgreSQL side of Qiancheng: Kysely `Database` types, forward-only
 * migrations, repositories (plain functions taking `db` or a transaction) and demo data.
 * Imported by `workflows` (activities) and `api`; never by the console or workflow code.
 */

export { apiKeyPrefix, generateApiKey, hashApiKey } from './api-keys.js';
export { appDatabaseUrl } from './app-database-url.js';
export { createDb, type Db, type PoolStats, poolStats } from './create-db.js';
export * from './database.js';
export {
  DEV_ID_ENC_KEY,
  DEV_ID_HASH_KEY,
  defaultIdentityKeys,
  type IdentityKeys,
  InvalidResidentIdError,
  identityKeysFromEnv,
  type ProtectedResidentId,
  protectResidentId,
  residentIdDigest,
  revealResidentId,
} from './identity-protection.js';
export { inTransaction } from './in-transaction.js';
export { migrateToLatest } from './migrate.js';
export { hashPassword, verifyPassword } from './passwords.js';
// Read models of the API (search, filters, pages, oversight) and API-key authentication.
export * as apiKeyAuth from './repositories/api-key-auth.repository.js';
export * as assessments from './repositories/assessments.repository.js';
export * as attendance from './repositories/attendance.repository.js';
export * as auditLog from './repositories/audit-log.repository.js';
export * as catalogues from './repositories/catalogues.repository.js';
export * as certificates from './repositories/certificates.repository.js';
export * as costSharing from './repositories/cost-sharing.repository.js';
export * as coursePlans from './repositories/course-plans.repository.js';
export * as demandOrderSearch from './repositories/demand-order-search.repository.js';
export * as demandOrders from './repositories/demand-orders.repository.js';
export * as demoRuns from './repositories/demo-runs.repository.js';
export * as enrolments from './repositories/enrolments.repository.js';
export * as enterpriseApiKeys from './repositories/enterprise-api-keys.repository.js';
export * as enterprises from './repositories/enterprises.repository.js';
export * as evaluationBodies from './repositories/evaluation-bodies.repository.js';
export * as followUps from './repositories/follow-ups.repository.js';
export * as idempotencyKeys from './repositories/idempotency-keys.repository.js';
export * as ledger from './repositories/ledger.repository.js';
export * as notifications from './repositories/notifications.repository.js';
export * as occupations from './repositories/occupations.repository.js';
export * as oversight from './repositories/oversight.repository.js';
export * as people from './repositories/people.repository.js';
export * as placements from './repositories/placements.repository.js';
export * as plans from './repositories/plan.repository.js';
export * as projectSearch from './repositories/project-search.repository.js';
export * as projects from './repositories/projects.repository.js';
export * as qualityReviews from './repositories/quality-reviews.repository.js';
export * as referenceData from './repositories/reference-data.repository.js';
export * as regionalTargets from './repositories/regional-targets.repository.js';
export * as regions from './repositories/regions.repository.js';
export * as roster from './repositories/roster.repository.js';
export * as subsidyClaims from './repositories/subsidy-claims.repository.js';
export * as trainees from './repositories/trainees.repository.js';
export * as trainingProviders from './repositories/training-providers.repository.js';
export * as users from './repositories/users.repository.js';
export * as webhooks from './repositories/webhooks.repository.js';
export { DEMO_API_KEY, DEMO_PASSWORD, DEMO_USERS, seedDemoData } from './seed/index.js';
/** DEMO ONLY: what the living demo (issue 15) needs of the demo data set. */
export * as demoData from './seed/living-demo.js';
