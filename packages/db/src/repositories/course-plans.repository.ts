import type { DeliveryMode } from '@qiancheng/domain';
import { type Kysely, sql } from 'kysely';
import type {
  CourseModuleRow,
  Database,
  NewTrainingSessionRow,
  TrainingSessionRow,
} from '../database.js';

const moduleColumns = [
  'id',
  'projectId',
  'position',
  'title',
  'theoryHours',
  'practiceHours',
  'mode',
] as const;
const sessionColumns = ['id', 'projectId', 'moduleId', 'startsAt', 'minutes', 'mode'] as const;

/** Appends modules to a project's course plan (十三), numbered after the existing ones. */
export async function addModules(
  db: Kysely<Database>,
  projectId: string,
  modules: {
    id?: string;
    title: string;
    theoryHours: number;
    practiceHours: number;
    mode: DeliveryMode;
  }[],
): Promise<CourseModuleRow[]> {
  if (modules.length === 0) return [];
  const last = await db
    .selectFrom('courseModules')
    .select((eb) => eb.fn.max('position').as('position'))
    .where('projectId', '=', projectId)
    .executeTakeFirst();
  const start = Number(last?.position ?? 0);
  return db
    .insertInto('courseModules')
    .values(modules.map((m, i) => ({ ...m, projectId, position: start + i + 1 })))
    .returning(moduleColumns)
    .execute();
}

/** A project's modules, in order. */
export async function listModules(
  db: Kysely<Database>,
  projectId: string,
): Promise<CourseModuleRow[]> {
  return db
    .selectFrom('courseModules')
    .select(moduleColumns)
    .where('projectId', '=', projectId)
    .orderBy('position')
    .execute();
}

/** Schedules a session of one of the project's modules. */
export async function addSession(
  db: Kysely<Database>,
  session: NewTrainingSessionRow,
): Promise<TrainingSessionRow> {
  return db
    .insertInto('trainingSessions')
    .values(session)
    .returning(sessionColumns)
    .executeTakeFirstOrThrow();
}

/**
 * The project's session of this module starting at `startsAt`, added when there is none yet. Two
 * batches of one session's attendance arrive at once (500 people per call): a transaction-scoped
 * lock on (project, module, start) makes the second find the first's session instead of adding a
 * twin (a twin doubled the planned minutes, and nobody then met the attendance threshold).
 * Call it inside a transaction.
 */
export async function findOrAddSession(
  db: Kysely<Database>,
  session: NewTrainingSessionRow & { startsAt: string },
): Promise<TrainingSessionRow> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`session:${session.projectId}:${session.moduleId}:${Date.parse(session.startsAt)}`}, 0))`.execute(
    db,
  );
  const found = await db
    .selectFrom('trainingSessions')
    .select(sessionColumns)
    .where('projectId', '=', session.projectId)
    .where('moduleId', '=', session.moduleId)
    .where('startsAt', '=', new Date(session.startsAt))
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return found ?? addSession(db, session);
}

/** A project's sessions, by start time. */
export async function listSessions(
  db: Kysely<Database>,
  projectId: string,
): Promise<TrainingSessionRow[]> {
  return db
    .selectFrom('trainingSessions')
    .select(sessionColumns)
    .where('projectId', '=', projectId)
    .orderBy('startsAt')
    .orderBy('id')
    .execute();
}
