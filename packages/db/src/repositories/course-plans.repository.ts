import type { DeliveryMode } from '@qiancheng/domain';
import type { Kysely } from 'kysely';
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
