import type { Kysely } from 'kysely';
import type { AssessmentRow, Database, NewAssessmentRow } from '../database.js';
import { anyUuid } from './sets.js';

const columns = [
  'id',
  'enrolmentId',
  'traineeId',
  'evaluationBodyId',
  'occupationCode',
  'level',
  'assessedOn',
  'result',
  'theoryScore',
  'practiceScore',
  'recordedAt',
] as const;

/**
 * Records an assessment result (十四). Append-only; give an `id` derived from the workflow step
 * to make a retried write a no-op (see {@link insertOrFind}).
 */
export async function insert(
  db: Kysely<Database>,
  assessment: NewAssessmentRow,
): Promise<AssessmentRow> {
  return db
    .insertInto('assessments')
    .values(assessment)
    .returning(columns)
    .executeTakeFirstOrThrow();
}

/** Records an assessment with a caller-chosen id unless that id is already recorded. */
export async function insertOrFind(
  db: Kysely<Database>,
  assessment: NewAssessmentRow & { id: string },
): Promise<{ assessment: AssessmentRow; created: boolean }> {
  const inserted = await db
    .insertInto('assessments')
    .values(assessment)
    .onConflict((oc) => oc.column('id').doNothing())
    .returning(columns)
    .executeTakeFirst();
  if (inserted) return { assessment: inserted, created: true };
  const existing = await find(db, assessment.id);
  if (!existing) throw new Error('assessment conflict but none found');
  return { assessment: existing, created: false };
}

/**
 * Records a batch of assessments with caller-chosen ids, skipping ids already recorded, in one
 * statement, then reads them all back in one query: a retried batch writes nothing twice and
 * answers with what was stored the first time. Returns the stored rows by id.
 */
export async function insertManyOrFind(
  db: Kysely<Database>,
  assessments: readonly (NewAssessmentRow & { id: string })[],
): Promise<Map<string, AssessmentRow>> {
  if (assessments.length === 0) return new Map();
  await db
    .insertInto('assessments')
    .values([...assessments])
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const rows = await db
    .selectFrom('assessments')
    .select(columns)
    .where('id', '=', anyUuid(assessments.map((a) => a.id)))
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** The latest assessment (as {@link listForEnrolment} orders them) of each enrolment, in one query. */
export async function latestForEnrolments(
  db: Kysely<Database>,
  enrolmentIds: readonly string[],
): Promise<Map<string, AssessmentRow>> {
  if (enrolmentIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('assessments')
    .distinctOn('enrolmentId')
    .select(columns)
    .where('enrolmentId', '=', anyUuid(enrolmentIds))
    .orderBy('enrolmentId')
    .orderBy('assessedOn', 'desc')
    .orderBy('recordedAt', 'desc')
    .execute();
  return new Map(rows.map((r) => [r.enrolmentId, r]));
}

/** The assessment with this id, or null. */
export async function find(db: Kysely<Database>, id: string): Promise<AssessmentRow | null> {
  const row = await db
    .selectFrom('assessments')
    .select(columns)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

/** An enrolment's assessments, oldest first. */
export async function listForEnrolment(
  db: Kysely<Database>,
  enrolmentId: string,
): Promise<AssessmentRow[]> {
  return db
    .selectFrom('assessments')
    .select(columns)
    .where('enrolmentId', '=', enrolmentId)
    .orderBy('assessedOn')
    .orderBy('recordedAt')
    .execute();
}
