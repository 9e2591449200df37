import type { Kysely } from 'kysely';
import type { Database, NewPlacementRow, PlacementRow } from '../database.js';
import { anyUuid } from './sets.js';

const columns = [
  'id',
  'enrolmentId',
  'traineeId',
  'enterpriseId',
  'demandOrderId',
  'startedOn',
  'contractType',
  'contractMonths',
  'monthlyWageFen',
  'workRegionCode',
  'recordedAt',
] as const;

/** Records a placement (就业服务); one per enrolment. */
export async function insert(
  db: Kysely<Database>,
  placement: NewPlacementRow,
): Promise<PlacementRow> {
  return db.insertInto('placements').values(placement).returning(columns).executeTakeFirstOrThrow();
}

/** Records a placement unless the enrolment already has one, returning that one then. */
export async function insertOrFind(
  db: Kysely<Database>,
  placement: NewPlacementRow,
): Promise<{ placement: PlacementRow; created: boolean }> {
  const inserted = await db
    .insertInto('placements')
    .values(placement)
    .onConflict((oc) => oc.column('enrolmentId').doNothing())
    .returning(columns)
    .executeTakeFirst();
  if (inserted) return { placement: inserted, created: true };
  const existing = await findForEnrolment(db, placement.enrolmentId);
  if (!existing) throw new Error('placement conflict but none found');
  return { placement: existing, created: false };
}

/**
 * Records a batch of placements in one statement, skipping enrolments that already have one (as
 * {@link insertOrFind}); returns the rows this call wrote. A retried batch writes none.
 */
export async function insertMany(
  db: Kysely<Database>,
  placements: readonly NewPlacementRow[],
): Promise<PlacementRow[]> {
  if (placements.length === 0) return [];
  return db
    .insertInto('placements')
    .values([...placements])
    .onConflict((oc) => oc.column('enrolmentId').doNothing())
    .returning(columns)
    .execute();
}

/** The placements of these enrolments, by enrolment id, in one query. */
export async function forEnrolments(
  db: Kysely<Database>,
  enrolmentIds: readonly string[],
): Promise<Map<string, PlacementRow>> {
  if (enrolmentIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('placements')
    .select(columns)
    .where('enrolmentId', '=', anyUuid(enrolmentIds))
    .execute();
  return new Map(rows.map((r) => [r.enrolmentId, r]));
}

/** The placements of these trainees on the project, by trainee id, in one query. */
export async function forTrainees(
  db: Kysely<Database>,
  projectId: string,
  traineeIds: readonly string[],
): Promise<Map<string, PlacementRow>> {
  if (traineeIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('placements')
    .innerJoin('enrolments', 'enrolments.id', 'placements.enrolmentId')
    .select(columns.map((c) => `placements.${c}` as const))
    .where('enrolments.projectId', '=', projectId)
    .where('enrolments.traineeId', '=', anyUuid(traineeIds))
    .execute();
  return new Map(rows.map((r) => [r.traineeId, r]));
}

/** The placement with this id, or null. */
export async function find(db: Kysely<Database>, id: string): Promise<PlacementRow | null> {
  const row = await db
    .selectFrom('placements')
    .select(columns)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

/** The enrolment's placement, or null. */
export async function findForEnrolment(
  db: Kysely<Database>,
  enrolmentId: string,
): Promise<PlacementRow | null> {
  const row = await db
    .selectFrom('placements')
    .select(columns)
    .where('enrolmentId', '=', enrolmentId)
    .executeTakeFirst();
  return row ?? null;
}

/** Placements of a project's trainees, by start date. */
export async function listForProject(
  db: Kysely<Database>,
  projectId: string,
): Promise<PlacementRow[]> {
  return db
    .selectFrom('placements')
    .innerJoin('enrolments', 'enrolments.id', 'placements.enrolmentId')
    .select(columns.map((c) => `placements.${c}` as const))
    .where('enrolments.projectId', '=', projectId)
    .orderBy('placements.startedOn')
    .orderBy('placements.id')
    .execute();
}
