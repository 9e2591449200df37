import type { EnrolmentStatus, KeyGroupCode } from '@qiancheng/domain';
import { sql } from 'kysely';
import type { Db } from '../create-db.js';

export interface RosterFilter {
  projectId: string;
  status?: EnrolmentStatus;
  keyGroup?: KeyGroupCode;
  /** Name or masked resident ID contains. */
  q?: string;
  offset: number;
  limit: number;
}

/**
 * A page of a project's roster with every outcome per person: seven queries per page whatever
 * its size (the page, its count, the planned minutes, then one query per kind of outcome for
 * all the page's enrolments at once), never one query per row.
 */
export async function page(db: Db, filter: RosterFilter) {
  let query = db
    .selectFrom('enrolments as e')
    .innerJoin('trainees as t', 't.id', 'e.traineeId')
    .where('e.projectId', '=', filter.projectId);
  if (filter.status) query = query.where('e.status', '=', filter.status);
  const keyGroup = filter.keyGroup;
  if (keyGroup) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('traineeKeyGroups as kg')
          .select('kg.traineeId')
          .whereRef('kg.traineeId', '=', 't.id')
          .where('kg.keyGroup', '=', keyGroup),
      ),
    );
  }
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([eb('t.name', 'ilike', like), eb('t.maskedResidentId', 'ilike', like)]),
    );
  }
  const [rows, count, planned] = await Promise.all([
    query
      .select([
        'e.id as enrolmentId',
        'e.traineeId',
        'e.status',
        'e.enrolledAt',
        't.name',
        't.maskedResidentId',
        't.homeRegionCode',
      ])
      // One import enrols many at the same instant: then by name, as people scan a list.
      .orderBy('e.enrolledAt')
      .orderBy('t.name')
      .orderBy('e.id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    db
      .selectFrom('trainingSessions')
      .select(sql<string>`coalesce(sum(minutes), 0)`.as('m'))
      .where('projectId', '=', filter.projectId)
      .executeTakeFirstOrThrow(),
  ]);
  const enrolmentIds = rows.map((r) => r.enrolmentId);
  const traineeIds = rows.map((r) => r.traineeId);
  if (rows.length === 0) {
    return { rows: [], total: Number(count.n), plannedMinutes: Number(planned.m) };
  }
  const [keyGroups, attended, assessments, placements, followUps, claims] = await Promise.all([
    db
      .selectFrom('traineeKeyGroups')
      .select(['traineeId', 'keyGroup'])
      .where('traineeId', 'in', traineeIds)
      .orderBy('keyGroup')
      .execute(),
    db
      .selectFrom('attendance')
      .select(['enrolmentId', sql<string>`sum(minutes_attended)`.as('m')])
      .where('enrolmentId', 'in', enrolmentIds)
      .groupBy('enrolmentId')
      .execute(),
    // The latest assessment of each enrolment, with the certificate it earned if any.
    db
      .selectFrom('assessments as a')
      .leftJoin('certificates as c', 'c.assessmentId', 'a.id')
      .distinctOn('a.enrolmentId')
      .select([
        'a.enrolmentId',
        'a.result',
        'a.level',
        'a.assessedOn',
        'a.theoryScore',
        'a.practiceScore',
        'c.number as certificateNumber',
        'c.level as certificateLevel',
        'c.status as certificateStatus',
        'c.issuedOn as certificateIssuedOn',
      ])
      .where('a.enrolmentId', 'in', enrolmentIds)
      .orderBy('a.enrolmentId')
      .orderBy('a.recordedAt', 'desc')
      .execute(),
    db
      .selectFrom('placements as p')
      .innerJoin('enterprises as en', 'en.id', 'p.enterpriseId')
      .select([
        'p.id',
        'p.enrolmentId',
        'p.enterpriseId',
        'en.name as enterpriseName',
        'p.demandOrderId',
        'p.startedOn',
        'p.contractType',
        'p.monthlyWageFen',
        'p.workRegionCode',
      ])
      .where('p.enrolmentId', 'in', enrolmentIds)
      .execute(),
    db
      .selectFrom('followUps as f')
      .innerJoin('placements as p', 'p.id', 'f.placementId')
      .select(['p.enrolmentId', 'f.milestoneMonths', 'f.dueOn', 'f.outcome', 'f.recordedAt'])
      .where('p.enrolmentId', 'in', enrolmentIds)
      .orderBy('f.milestoneMonths')
      .execute(),
    db
      .selectFrom('subsidyClaims')
      .select(['id', 'enrolmentId', 'status', 'amountFen'])
      .where('enrolmentId', 'in', enrolmentIds)
      .execute(),
  ]);
  const groupsOf = new Map<string, string[]>();
  for (const k of keyGroups)
    groupsOf.set(k.traineeId, [...(groupsOf.get(k.traineeId) ?? []), k.keyGroup]);
  const minutesOf = new Map(attended.map((a) => [a.enrolmentId, Number(a.m)]));
  const assessmentOf = new Map(assessments.map((a) => [a.enrolmentId, a]));
  const placementOf = new Map(placements.map((p) => [p.enrolmentId, p]));
  const followUpsOf = new Map<string, typeof followUps>();
  for (const f of followUps)
    followUpsOf.set(f.enrolmentId, [...(followUpsOf.get(f.enrolmentId) ?? []), f]);
  const claimOf = new Map(claims.map((c) => [c.enrolmentId, c]));
  return {
    rows: rows.map((r) => ({
      ...r,
      keyGroups: groupsOf.get(r.traineeId) ?? [],
      attendedMinutes: minutesOf.get(r.enrolmentId) ?? 0,
      assessment: assessmentOf.get(r.enrolmentId) ?? null,
      placement: placementOf.get(r.enrolmentId) ?? null,
      followUps: followUpsOf.get(r.enrolmentId) ?? [],
      claim: claimOf.get(r.enrolmentId) ?? null,
    })),
    total: Number(count.n),
    plannedMinutes: Number(planned.m),
  };
}
