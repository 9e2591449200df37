import type { ClaimStatus, PriorSubsidy } from '@qiancheng/domain';
import { type Kysely, sql } from 'kysely';
import type { Database, NewSubsidyClaimRow, SubsidyClaimRow } from '../database.js';

const columns = [
  'id',
  'projectId',
  'enrolmentId',
  'traineeId',
  'certificateId',
  'occupationCode',
  'level',
  'policyYear',
  'catalogueVersionId',
  'shortageTier',
  'amountFen',
  'status',
  'createdAt',
  'updatedAt',
] as const;

/**
 * Records a claim. The database refuses a second claim for the trainee on the project and a
 * second live subsidy for the same occupation, level and year (十七, 十八).
 */
export async function insert(
  db: Kysely<Database>,
  claim: NewSubsidyClaimRow,
): Promise<SubsidyClaimRow> {
  return db.insertInto('subsidyClaims').values(claim).returning(columns).executeTakeFirstOrThrow();
}

/**
 * Records a claim unless the trainee already has one on the project, returning that one then:
 * a retried settlement activity claims nothing twice.
 */
export async function insertOrFind(
  db: Kysely<Database>,
  claim: NewSubsidyClaimRow,
): Promise<{ claim: SubsidyClaimRow; created: boolean }> {
  const inserted = await db
    .insertInto('subsidyClaims')
    .values(claim)
    .onConflict((oc) => oc.columns(['projectId', 'traineeId']).doNothing())
    .returning(columns)
    .executeTakeFirst();
  if (inserted) return { claim: inserted, created: true };
  const existing = await findFor(db, claim.projectId, claim.traineeId);
  if (!existing) throw new Error('claim conflict but none found');
  return { claim: existing, created: false };
}

/** The claim with this id, or null. */
export async function find(db: Kysely<Database>, id: string): Promise<SubsidyClaimRow | null> {
  const row = await db
    .selectFrom('subsidyClaims')
    .select(columns)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

/** The trainee's claim on the project, or null. */
export async function findFor(
  db: Kysely<Database>,
  projectId: string,
  traineeId: string,
): Promise<SubsidyClaimRow | null> {
  const row = await db
    .selectFrom('subsidyClaims')
    .select(columns)
    .where('projectId', '=', projectId)
    .where('traineeId', '=', traineeId)
    .executeTakeFirst();
  return row ?? null;
}

/** A project's claims, optionally in some statuses, oldest first. */
export async function listForProject(
  db: Kysely<Database>,
  projectId: string,
  filter: { statuses?: readonly ClaimStatus[] } = {},
): Promise<SubsidyClaimRow[]> {
  if (filter.statuses?.length === 0) return [];
  let query = db.selectFrom('subsidyClaims').select(columns).where('projectId', '=', projectId);
  if (filter.statuses) query = query.where('status', 'in', filter.statuses);
  return query.orderBy('createdAt').orderBy('id').execute();
}

/** Moves a claim to `status`, optionally only from the given ones; null if it was not in them. */
export async function setStatus(
  db: Kysely<Database>,
  id: string,
  status: ClaimStatus,
  options: { from?: readonly ClaimStatus[] } = {},
): Promise<SubsidyClaimRow | null> {
  if (options.from?.length === 0) return null;
  let query = db
    .updateTable('subsidyClaims')
    .set({ status, updatedAt: sql`now()` })
    .where('id', '=', id);
  if (options.from) query = query.where('status', 'in', options.from);
  const row = await query.returning(columns).executeTakeFirst();
  return row ?? null;
}

/**
 * The trainee's live subsidies (claims neither rejected nor clawed back), in the shape the
 * domain's `claimEligibility` takes; `excludeClaimId` leaves out the claim being decided.
 */
export async function priorSubsidies(
  db: Kysely<Database>,
  traineeId: string,
  options: { excludeClaimId?: string } = {},
): Promise<PriorSubsidy[]> {
  let query = db
    .selectFrom('subsidyClaims')
    .select(['id as claimId', 'occupationCode', 'level', 'policyYear'])
    .where('traineeId', '=', traineeId)
    .where('status', 'in', ['pending', 'approved', 'paid']);
  if (options.excludeClaimId) query = query.where('id', '<>', options.excludeClaimId);
  return query.orderBy('policyYear').orderBy('id').execute();
}
