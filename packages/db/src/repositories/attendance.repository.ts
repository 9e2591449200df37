import { type Kysely, sql } from 'kysely';
import type { AttendanceRow, Database, NewAttendanceRow } from '../database.js';

const columns = [
  'id',
  'projectId',
  'sessionId',
  'enrolmentId',
  'minutesAttended',
  'method',
  'recordedAt',
] as const;

/**
 * Records a trainee's attendance at a session; recording the same session again replaces the
 * minutes and method (a corrected sign-in), so retries are harmless. The database checks that
 * session and enrolment belong to the same project.
 */
export async function record(
  db: Kysely<Database>,
  attendance: NewAttendanceRow,
): Promise<AttendanceRow> {
  return db
    .insertInto('attendance')
    .values(attendance)
    .onConflict((oc) =>
      oc.columns(['sessionId', 'enrolmentId']).doUpdateSet((eb) => ({
        minutesAttended: eb.ref('excluded.minutesAttended'),
        method: eb.ref('excluded.method'),
        recordedAt: sql`now()`,
      })),
    )
    .returning(columns)
    .executeTakeFirstOrThrow();
}

/** An enrolment's attendance records, by session start. */
export async function listForEnrolment(
  db: Kysely<Database>,
  enrolmentId: string,
): Promise<AttendanceRow[]> {
  return db
    .selectFrom('attendance')
    .innerJoin('trainingSessions', 'trainingSessions.id', 'attendance.sessionId')
    .select(columns.map((c) => `attendance.${c}` as const))
    .where('attendance.enrolmentId', '=', enrolmentId)
    .orderBy('trainingSessions.startsAt')
    .orderBy('attendance.id')
    .execute();
}

/**
 * Minutes attended by an enrolment against the minutes its project planned (all sessions), the
 * input of the domain's `meetsAttendanceThreshold`.
 */
export async function summaryForEnrolment(
  db: Kysely<Database>,
  enrolmentId: string,
): Promise<{ attendedMinutes: number; plannedMinutes: number }> {
  const row = await db
    .selectFrom('enrolments as e')
    .select((eb) => [
      eb
        .selectFrom('attendance as a')
        .select(sql<string>`coalesce(sum(a.minutes_attended), 0)`.as('m'))
        .whereRef('a.enrolmentId', '=', 'e.id')
        .as('attendedMinutes'),
      eb
        .selectFrom('trainingSessions as s')
        .select(sql<string>`coalesce(sum(s.minutes), 0)`.as('m'))
        .whereRef('s.projectId', '=', 'e.projectId')
        .as('plannedMinutes'),
    ])
    .where('e.id', '=', enrolmentId)
    .executeTakeFirst();
  return {
    attendedMinutes: Number(row?.attendedMinutes ?? 0),
    plannedMinutes: Number(row?.plannedMinutes ?? 0),
  };
}
