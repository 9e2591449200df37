import type { AttendanceMethod } from '@qiancheng/domain';
import { type Kysely, sql } from 'kysely';
import type { AttendanceRow, Database, NewAttendanceRow } from '../database.js';
import { anyUuid } from './sets.js';

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

/**
 * Records a session's attendance for a batch of trainees in one statement: those of them
 * currently enrolled (status `enrolled`) on the project; others are skipped. Recording again
 * replaces minutes and method, as {@link record} does. Returns how many were recorded.
 */
export async function recordMany(
  db: Kysely<Database>,
  input: {
    projectId: string;
    sessionId: string;
    traineeIds: readonly string[];
    minutesAttended: number;
    method: AttendanceMethod;
  },
): Promise<number> {
  if (input.traineeIds.length === 0) return 0;
  const rows = await db
    .insertInto('attendance')
    .columns(['projectId', 'sessionId', 'enrolmentId', 'minutesAttended', 'method'])
    .expression((eb) =>
      eb
        .selectFrom('enrolments as e')
        .select([
          sql<string>`${input.projectId}::uuid`.as('projectId'),
          sql<string>`${input.sessionId}::uuid`.as('sessionId'),
          'e.id',
          sql<number>`${input.minutesAttended}::int`.as('minutesAttended'),
          sql<string>`${input.method}::text`.as('method'),
        ])
        .where('e.projectId', '=', input.projectId)
        .where('e.traineeId', '=', anyUuid(input.traineeIds))
        .where('e.status', '=', 'enrolled'),
    )
    .onConflict((oc) =>
      oc.columns(['sessionId', 'enrolmentId']).doUpdateSet((eb) => ({
        minutesAttended: eb.ref('excluded.minutesAttended'),
        method: eb.ref('excluded.method'),
        recordedAt: sql`now()`,
      })),
    )
    .returning('id')
    .execute();
  return rows.length;
}

/**
 * Attended and planned minutes of many enrolments (as {@link summaryForEnrolment}), in one query.
 * Enrolments of one project share its planned minutes.
 */
export async function summariesForEnrolments(
  db: Kysely<Database>,
  enrolmentIds: readonly string[],
): Promise<Map<string, { attendedMinutes: number; plannedMinutes: number }>> {
  if (enrolmentIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('enrolments as e')
    .select((eb) => [
      'e.id',
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
    .where('e.id', '=', anyUuid(enrolmentIds))
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      {
        attendedMinutes: Number(r.attendedMinutes ?? 0),
        plannedMinutes: Number(r.plannedMinutes ?? 0),
      },
    ]),
  );
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
