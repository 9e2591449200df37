import type { EnrolmentStatus } from '@qiancheng/domain';
import type { Kysely } from 'kysely';
import type { Database, EnrolmentRow, NewEnrolmentRow } from '../database.js';
import { anyUuid } from './sets.js';

const columns = [
  'id',
  'projectId',
  'traineeId',
  'enrolledAt',
  'status',
  'levelBefore',
  'employeeTrainingMode',
  'endedReason',
] as const;

/** Enrols a trainee; the database refuses a second enrolment on the same project. */
export async function insert(
  db: Kysely<Database>,
  enrolment: NewEnrolmentRow,
): Promise<EnrolmentRow> {
  return db.insertInto('enrolments').values(enrolment).returning(columns).executeTakeFirstOrThrow();
}

/**
 * Enrols a trainee unless already enrolled on the project, returning the enrolment either way:
 * a retried enrolment activity writes nothing twice.
 */
export async function insertOrFind(
  db: Kysely<Database>,
  enrolment: NewEnrolmentRow,
): Promise<{ enrolment: EnrolmentRow; created: boolean }> {
  const inserted = await db
    .insertInto('enrolments')
    .values(enrolment)
    .onConflict((oc) => oc.columns(['projectId', 'traineeId']).doNothing())
    .returning(columns)
    .executeTakeFirst();
  if (inserted) return { enrolment: inserted, created: true };
  const existing = await findFor(db, enrolment.projectId, enrolment.traineeId);
  if (!existing) throw new Error('enrolment conflict but none found');
  return { enrolment: existing, created: false };
}

/**
 * Enrols a batch of trainees in one statement; those already enrolled on the project (in any
 * status) are left as they are. Returns the trainee ids this call enrolled, so a retried batch
 * answers "already enrolled" for everyone it wrote the first time.
 */
export async function enrolMany(
  db: Kysely<Database>,
  projectId: string,
  traineeIds: readonly string[],
): Promise<string[]> {
  if (traineeIds.length === 0) return [];
  const rows = await db
    .insertInto('enrolments')
    .values(traineeIds.map((traineeId) => ({ projectId, traineeId })))
    .onConflict((oc) => oc.columns(['projectId', 'traineeId']).doNothing())
    .returning('traineeId')
    .execute();
  return rows.map((r) => r.traineeId);
}

/** The enrolments of these trainees on the project, by trainee id, in one query. */
export async function findForTrainees(
  db: Kysely<Database>,
  projectId: string,
  traineeIds: readonly string[],
): Promise<Map<string, EnrolmentRow>> {
  if (traineeIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('enrolments')
    .select(columns)
    .where('projectId', '=', projectId)
    .where('traineeId', '=', anyUuid(traineeIds))
    .execute();
  return new Map(rows.map((r) => [r.traineeId, r]));
}

/**
 * Moves many enrolments to `status` in one statement, only those in `from`; returns the ids that
 * moved (a retry moves none of them again).
 */
export async function setStatusMany(
  db: Kysely<Database>,
  ids: readonly string[],
  status: EnrolmentStatus,
  options: { from: readonly EnrolmentStatus[]; endedReason?: string | null },
): Promise<string[]> {
  if (ids.length === 0 || options.from.length === 0) return [];
  const rows = await db
    .updateTable('enrolments')
    .set({
      status,
      ...(options.endedReason !== undefined ? { endedReason: options.endedReason } : {}),
    })
    .where('id', '=', anyUuid(ids))
    .where('status', 'in', options.from)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Moves every enrolment of the project in `from` to `status` in one statement; how many moved. */
export async function setStatusForProject(
  db: Kysely<Database>,
  projectId: string,
  status: EnrolmentStatus,
  options: { from: readonly EnrolmentStatus[]; endedReason?: string | null },
): Promise<number> {
  if (options.from.length === 0) return 0;
  const result = await db
    .updateTable('enrolments')
    .set({
      status,
      ...(options.endedReason !== undefined ? { endedReason: options.endedReason } : {}),
    })
    .where('projectId', '=', projectId)
    .where('status', 'in', options.from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The enrolment with this id, or null. */
export async function find(db: Kysely<Database>, id: string): Promise<EnrolmentRow | null> {
  const row = await db
    .selectFrom('enrolments')
    .select(columns)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

/** The trainee's enrolment on the project, or null. */
export async function findFor(
  db: Kysely<Database>,
  projectId: string,
  traineeId: string,
): Promise<EnrolmentRow | null> {
  const row = await db
    .selectFrom('enrolments')
    .select(columns)
    .where('projectId', '=', projectId)
    .where('traineeId', '=', traineeId)
    .executeTakeFirst();
  return row ?? null;
}

/** A project's enrolments, optionally in some statuses, in enrolment order. */
export async function listForProject(
  db: Kysely<Database>,
  projectId: string,
  filter: { statuses?: readonly EnrolmentStatus[] } = {},
): Promise<EnrolmentRow[]> {
  if (filter.statuses?.length === 0) return [];
  let query = db.selectFrom('enrolments').select(columns).where('projectId', '=', projectId);
  if (filter.statuses) query = query.where('status', 'in', filter.statuses);
  return query.orderBy('enrolledAt').orderBy('id').execute();
}

/**
 * Changes an enrolment's status (a withdrawal or voiding needs a reason), optionally only from
 * the given statuses; null when it was not in them.
 */
export async function setStatus(
  db: Kysely<Database>,
  id: string,
  status: EnrolmentStatus,
  options: { endedReason?: string | null; from?: readonly EnrolmentStatus[] } = {},
): Promise<EnrolmentRow | null> {
  if (options.from?.length === 0) return null;
  let query = db
    .updateTable('enrolments')
    .set({
      status,
      ...(options.endedReason !== undefined ? { endedReason: options.endedReason } : {}),
    })
    .where('id', '=', id);
  if (options.from) query = query.where('status', 'in', options.from);
  const row = await query.returning(columns).executeTakeFirst();
  return row ?? null;
}

/** Enrolments of a project by status. */
export async function countByStatus(
  db: Kysely<Database>,
  projectId: string,
): Promise<Partial<Record<EnrolmentStatus, number>>> {
  const rows = await db
    .selectFrom('enrolments')
    .select((eb) => ['status', eb.fn.countAll<string>().as('count')])
    .where('projectId', '=', projectId)
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.count)]));
}

/** Of the given trainees, those not enrolled in the project (absent, withdrawn or void), in one query. */
export async function notEnrolled(
  db: Kysely<Database>,
  projectId: string,
  traineeIds: readonly string[],
): Promise<string[]> {
  if (traineeIds.length === 0) return [];
  const enrolled = await db
    .selectFrom('enrolments')
    .select('traineeId')
    .where('projectId', '=', projectId)
    .where('traineeId', 'in', [...new Set(traineeIds)])
    .where('status', 'in', ['enrolled', 'completed'])
    .execute();
  const found = new Set(enrolled.map((e) => e.traineeId));
  return traineeIds.filter((id) => !found.has(id));
}
