import { type Expression, type SqlBool, sql } from 'kysely';
import type { Db } from '../create-db.js';
import { regionLike } from './demand-order-search.repository.js';

/** A region's pending cost shares with their projects and deadlines (an approver's inbox). */
export async function pendingApprovals(db: Db, regionCode: string) {
  return db
    .selectFrom('approvals as a')
    .innerJoin('costSharingRounds as r', 'r.id', 'a.roundId')
    .innerJoin('costSharingAgreements as g', 'g.id', 'r.agreementId')
    .innerJoin('projects as p', 'p.id', 'g.projectId')
    .innerJoin('partyShares as s', (join) =>
      join.onRef('s.roundId', '=', 'a.roundId').onRef('s.regionCode', '=', 'a.regionCode'),
    )
    .select([
      'a.id as approvalId',
      'p.id as projectId',
      'p.name as projectName',
      'p.ownerRegionCode',
      'r.round',
      'a.regionCode',
      's.role',
      's.shareBp',
      'a.deadline',
      'a.remindersSent',
      'a.escalatedAt',
    ])
    .where('a.regionCode', '=', regionCode)
    .where('a.status', '=', 'pending')
    .where('r.status', '=', 'open')
    .orderBy('a.deadline')
    .orderBy('a.id')
    .execute();
}

export interface LedgerFilter {
  projectId?: string;
  payerRegionCode?: string;
  fundingSource?: string;
  kind?: string;
}

function ledgerBase(db: Db, filter: LedgerFilter) {
  let query = db
    .selectFrom('ledgerEntries as l')
    .innerJoin('subsidyClaims as c', 'c.id', 'l.claimId');
  if (filter.projectId) query = query.where('c.projectId', '=', filter.projectId);
  if (filter.payerRegionCode) query = query.where('l.payerRegionCode', '=', filter.payerRegionCode);
  if (filter.fundingSource) {
    query = query.where('l.fundingSource', '=', filter.fundingSource as never);
  }
  if (filter.kind) query = query.where('l.kind', '=', filter.kind as never);
  return query;
}

/** Ledger entries by project, payer and source, in the order written, with net totals. */
export async function ledgerPage(db: Db, filter: LedgerFilter & { offset: number; limit: number }) {
  const base = ledgerBase(db, filter);
  const owed = sql<string>`coalesce(sum(case when l.kind in ('claim','reversal') then l.amount_fen * l.direction else 0 end), 0)`;
  const paid = sql<string>`coalesce(sum(case when l.kind in ('payment','clawback') then l.amount_fen * l.direction else 0 end), 0)`;
  // Owed lines whose paying region approved its part of the claim (claim_decisions).
  const approved = sql<string>`coalesce(sum(case when l.kind in ('claim','reversal') and exists (
    select 1 from claim_decisions d where d.claim_id = l.claim_id
      and d.payer_region_code = l.payer_region_code and d.decision = 'approved')
    then l.amount_fen * l.direction else 0 end), 0)`;
  const [rows, count, bySource, byPayer] = await Promise.all([
    base
      .select([
        'l.id',
        'l.seq',
        'c.projectId',
        'l.claimId',
        'l.kind',
        'l.direction',
        'l.fundingSource',
        'l.payerRegionCode',
        'l.amountFen',
        'l.reversesEntryId',
        'l.recordedAt',
        'l.recordedBy',
        'l.reason',
      ])
      .orderBy('l.seq')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    base
      .select([
        owed.as('owed'),
        approved.as('approved'),
        paid.as('paid'),
        sql<string>`count(*)`.as('n'),
      ])
      .executeTakeFirstOrThrow(),
    base
      .select(['l.fundingSource', owed.as('owed'), approved.as('approved'), paid.as('paid')])
      .groupBy('l.fundingSource')
      .orderBy('l.fundingSource')
      .execute(),
    base
      .select(['l.payerRegionCode', owed.as('owed'), approved.as('approved'), paid.as('paid')])
      .groupBy('l.payerRegionCode')
      .orderBy('l.payerRegionCode')
      .execute(),
  ]);
  return { rows, count, bySource, byPayer };
}

export interface AuditFilter {
  subjectType?: string;
  subjectId?: string;
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
}

/** The audit log, newest first. */
export async function auditPage(db: Db, filter: AuditFilter & { offset: number; limit: number }) {
  let query = db.selectFrom('auditLog');
  if (filter.subjectType) query = query.where('subjectType', '=', filter.subjectType);
  if (filter.subjectId) query = query.where('subjectId', '=', filter.subjectId);
  if (filter.actor) query = query.where('actor', '=', filter.actor);
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.from) query = query.where('occurredAt', '>=', filter.from as never);
  if (filter.to) query = query.where('occurredAt', '<', filter.to as never);
  const [rows, count] = await Promise.all([
    query
      .select([
        'id',
        'occurredAt',
        'actor',
        'action',
        'subjectType',
        'subjectId',
        'reason',
        'details',
        'requestId',
      ])
      .orderBy('id', 'desc')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/**
 * Person-times (人次) toward a target (二十): enrolments, certificates or placements of projects
 * trained in the region (training region: where the person-time is delivered, so a labour-export
 * region hosting commissioned training gets the credit), in the period up to `asOf`.
 */
export async function actualFor(
  db: Db,
  target: {
    regionCode: string;
    measure: 'enrolments' | 'certificates' | 'placements';
    sector: string | null;
    keyGroup: string | null;
    periodStart: string;
    periodEnd: string;
  },
  asOf: string,
): Promise<number> {
  const until = asOf < target.periodEnd ? asOf : target.periodEnd;
  const like = regionLike(target.regionCode);
  const projectScope = (p: string): Expression<SqlBool> =>
    sql<SqlBool>`${sql.ref(`${p}.training_region_code`)} like ${like}${
      target.sector ? sql` and ${sql.ref(`${p}.sector`)} = ${target.sector}` : sql``
    }`;
  const keyGroup = (traineeRef: string): Expression<SqlBool> =>
    target.keyGroup
      ? sql<SqlBool>`exists (select 1 from trainee_key_groups k where k.trainee_id = ${sql.ref(traineeRef)} and k.key_group = ${target.keyGroup})`
      : sql<SqlBool>`true`;
  let result: { n: string } | undefined;
  if (target.measure === 'enrolments') {
    result = await sql<{ n: string }>`
      select count(*) as n from enrolments e join projects p on p.id = e.project_id
      where ${projectScope('p')} and ${keyGroup('e.trainee_id')} and e.status <> 'void'
        and e.enrolled_at >= ${target.periodStart}::date
        and e.enrolled_at < ${until}::date + 1`
      .execute(db)
      .then((r) => r.rows[0]);
  } else if (target.measure === 'certificates') {
    result = await sql<{ n: string }>`
      select count(*) as n from certificates c
        join assessments a on a.id = c.assessment_id
        join enrolments e on e.id = a.enrolment_id
        join projects p on p.id = e.project_id
      where ${projectScope('p')} and ${keyGroup('c.trainee_id')} and c.status = 'valid'
        and c.issued_on between ${target.periodStart}::date and ${until}::date`
      .execute(db)
      .then((r) => r.rows[0]);
  } else {
    result = await sql<{ n: string }>`
      select count(*) as n from placements pl
        join enrolments e on e.id = pl.enrolment_id
        join projects p on p.id = e.project_id
      where ${projectScope('p')} and ${keyGroup('pl.trainee_id')}
        and pl.started_on between ${target.periodStart}::date and ${until}::date`
      .execute(db)
      .then((r) => r.rows[0]);
  }
  return Number(result?.n ?? 0);
}
