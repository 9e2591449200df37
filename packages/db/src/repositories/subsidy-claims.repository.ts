import type { ClaimStatus, PriorSubsidy } from '@qiancheng/domain';
import { type Kysely, sql } from 'kysely';
import type {
  ClaimDecisionRow,
  Database,
  NewSubsidyClaimRow,
  SubsidyClaimRow,
} from '../database.js';
import { anyUuid } from './sets.js';

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

/**
 * Records a batch of claims in one statement, skipping trainees who already have one on the
 * project (as {@link insertOrFind}), then returns every trainee's claim, stored or found, by
 * trainee id. Claims of one project only.
 */
export async function insertManyOrFind(
  db: Kysely<Database>,
  projectId: string,
  claims: readonly NewSubsidyClaimRow[],
): Promise<Map<string, SubsidyClaimRow>> {
  if (claims.length === 0) return new Map();
  if (claims.some((c) => c.projectId !== projectId))
    throw new Error('insertManyOrFind takes the claims of one project');
  const inserted = await db
    .insertInto('subsidyClaims')
    .values([...claims])
    .onConflict((oc) => oc.columns(['projectId', 'traineeId']).doNothing())
    .returning(columns)
    .execute();
  const byTrainee = new Map(inserted.map((c) => [c.traineeId, c]));
  const missing = claims.map((c) => c.traineeId).filter((id) => !byTrainee.has(id));
  // Only a claim written concurrently (another attempt of the same page) needs a second read.
  if (missing.length > 0) {
    for (const [traineeId, claim] of await findForTrainees(db, projectId, missing))
      byTrainee.set(traineeId, claim);
  }
  return byTrainee;
}

/** The project's claims of these trainees, by trainee id, in one query. */
export async function findForTrainees(
  db: Kysely<Database>,
  projectId: string,
  traineeIds: readonly string[],
): Promise<Map<string, SubsidyClaimRow>> {
  if (traineeIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('subsidyClaims')
    .select(columns)
    .where('projectId', '=', projectId)
    .where('traineeId', '=', anyUuid(traineeIds))
    .execute();
  return new Map(rows.map((r) => [r.traineeId, r]));
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

/** {@link priorSubsidies} of many trainees, by trainee id, in one query. */
export async function priorSubsidiesFor(
  db: Kysely<Database>,
  traineeIds: readonly string[],
): Promise<Map<string, PriorSubsidy[]>> {
  const byTrainee = new Map<string, PriorSubsidy[]>();
  if (traineeIds.length === 0) return byTrainee;
  const rows = await db
    .selectFrom('subsidyClaims')
    .select(['traineeId', 'id as claimId', 'occupationCode', 'level', 'policyYear'])
    .where('traineeId', '=', anyUuid(traineeIds))
    .where('status', 'in', ['pending', 'approved', 'paid'])
    .orderBy('traineeId')
    .orderBy('policyYear')
    .orderBy('id')
    .execute();
  for (const { traineeId, ...prior } of rows) {
    const list = byTrainee.get(traineeId) ?? [];
    list.push(prior);
    byTrainee.set(traineeId, list);
  }
  return byTrainee;
}

/** Moves many claims to `status` in one statement, only those in `from`; the ids that moved. */
export async function setStatusMany(
  db: Kysely<Database>,
  ids: readonly string[],
  status: ClaimStatus,
  options: { from: readonly ClaimStatus[] },
): Promise<string[]> {
  if (ids.length === 0 || options.from.length === 0) return [];
  const rows = await db
    .updateTable('subsidyClaims')
    .set({ status, updatedAt: sql`now()` })
    .where('id', '=', anyUuid(ids))
    .where('status', 'in', options.from)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

// ---- decisions by the paying parties (pending → approved → paid, or rejected) ----------------

const decisionColumns = [
  'id',
  'claimId',
  'payerRegionCode',
  'decision',
  'decidedAt',
  'decidedBy',
  'reason',
] as const;

/**
 * Records a paying party's decision on its part of a claim, once: a second decision by the same
 * party is refused by the database (the existing one is returned with `created: false`).
 */
export async function recordDecision(
  db: Kysely<Database>,
  input: {
    claimId: string;
    payerRegionCode: string;
    decision: 'approved' | 'rejected';
    decidedBy: string;
    reason: string | null;
  },
): Promise<{ decision: ClaimDecisionRow; created: boolean }> {
  const inserted = await db
    .insertInto('claimDecisions')
    .values(input)
    .onConflict((oc) => oc.constraint('claim_decisions_once_per_payer').doNothing())
    .returning(decisionColumns)
    .executeTakeFirst();
  if (inserted) return { decision: inserted, created: true };
  const existing = await db
    .selectFrom('claimDecisions')
    .select(decisionColumns)
    .where('claimId', '=', input.claimId)
    .where('payerRegionCode', '=', input.payerRegionCode)
    .executeTakeFirstOrThrow();
  return { decision: existing, created: false };
}

/** The decisions on the given claims, in the order made. */
export async function decisionsFor(
  db: Kysely<Database>,
  claimIds: readonly string[],
): Promise<ClaimDecisionRow[]> {
  if (claimIds.length === 0) return [];
  return db
    .selectFrom('claimDecisions')
    .select(decisionColumns)
    .where('claimId', 'in', claimIds)
    .orderBy('decidedAt')
    .orderBy('id')
    .execute();
}

export interface ClaimFilter {
  projectId?: string;
  traineeId?: string;
  status?: ClaimStatus;
  /** Claims a region pays part of. */
  payerRegionCode?: string;
  /** Claims a regional user may see: of projects owned by a region within it, or paid by one. */
  visibleTo?: string | null;
}

/** Claims with their project's and trainee's names, newest first, and the total count. */
export async function page(
  db: Kysely<Database>,
  filter: ClaimFilter & { offset: number; limit: number },
) {
  // The filters need the project (its owner region) at most; the names are joined for the page
  // only, so counting never visits the trainees.
  let query = db.selectFrom('subsidyClaims as c').innerJoin('projects as p', 'p.id', 'c.projectId');
  if (filter.projectId) query = query.where('c.projectId', '=', filter.projectId);
  if (filter.traineeId) query = query.where('c.traineeId', '=', filter.traineeId);
  if (filter.status) query = query.where('c.status', '=', filter.status);
  if (filter.payerRegionCode) {
    const payer = filter.payerRegionCode;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('ledgerEntries as l')
          .select('l.id')
          .whereRef('l.claimId', '=', 'c.id')
          .where('l.payerRegionCode', '=', payer),
      ),
    );
  }
  if (filter.visibleTo) {
    const prefix = regionPrefix(filter.visibleTo);
    query = query.where(({ or, eb, exists, selectFrom }) =>
      or([
        eb('p.ownerRegionCode', 'like', prefix),
        exists(
          selectFrom('ledgerEntries as l')
            .select('l.id')
            .whereRef('l.claimId', '=', 'c.id')
            .where('l.payerRegionCode', 'like', prefix),
        ),
      ]),
    );
  }
  const [rows, count] = await Promise.all([
    query
      .innerJoin('trainees as t', 't.id', 'c.traineeId')
      .select([
        ...columns.map((c) => `c.${c}` as const),
        'p.name as projectName',
        't.name as traineeName',
        't.maskedResidentId',
      ])
      .orderBy('c.createdAt', 'desc')
      .orderBy('c.id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** `440000` → `44%`, `441900` → `4419%`, a county code itself: codes within a region. */
function regionPrefix(code: string): string {
  if (code.endsWith('0000')) return `${code.slice(0, 2)}%`;
  if (code.endsWith('00')) return `${code.slice(0, 4)}%`;
  return code;
}
