import { sql } from 'kysely';
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
      'a.roundId',
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

/**
 * What the ceiling of each inbox item's share needs, for all items at once: each project's
 * planned headcount, level, owner region and occupations, and each round's parties' shares.
 */
export async function shareCeilingFacts(
  db: Db,
  items: readonly { projectId: string; roundId: string }[],
) {
  const projectIds = [...new Set(items.map((i) => i.projectId))];
  const roundIds = [...new Set(items.map((i) => i.roundId))];
  if (projectIds.length === 0) return { projects: new Map(), shares: new Map() };
  const [projects, occupations, shares] = await Promise.all([
    db
      .selectFrom('projects')
      .select(['id', 'plannedHeadcount', 'targetLevel', 'ownerRegionCode'])
      .where('id', 'in', projectIds)
      .execute(),
    db
      .selectFrom('projectOccupations')
      .select(['projectId', 'occupationCode'])
      .where('projectId', 'in', projectIds)
      .execute(),
    db
      .selectFrom('partyShares')
      .select(['roundId', 'regionCode', 'shareBp'])
      .where('roundId', 'in', roundIds)
      .orderBy('roundId')
      .orderBy('regionCode')
      .execute(),
  ]);
  const byProject = new Map(
    projects.map((p) => [
      p.id,
      {
        ...p,
        occupationCodes: occupations
          .filter((o) => o.projectId === p.id)
          .map((o) => o.occupationCode),
      },
    ]),
  );
  const byRound = new Map<string, { regionCode: string; shareBp: number }[]>();
  for (const s of shares) {
    const list = byRound.get(s.roundId) ?? [];
    list.push({ regionCode: s.regionCode, shareBp: s.shareBp });
    byRound.set(s.roundId, list);
  }
  return { projects: byProject, shares: byRound };
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

/**
 * Ledger entries by project (with its name, joined), payer and source, in the order written, with
 * net totals. The totals (overall, by source, by payer) come from ONE pass over the entries
 * (grouping sets), and "approved" joins the paying region's decision instead of probing it once
 * per entry.
 */
export async function ledgerPage(db: Db, filter: LedgerFilter & { offset: number; limit: number }) {
  const base = ledgerBase(db, filter);
  const owed = sql<string>`coalesce(sum(case when l.kind in ('claim','reversal') then l.amount_fen * l.direction else 0 end), 0)`;
  const paid = sql<string>`coalesce(sum(case when l.kind in ('payment','clawback') then l.amount_fen * l.direction else 0 end), 0)`;
  // Owed lines whose paying region approved its part of the claim (one decision per claim and payer).
  const approved = sql<string>`coalesce(sum(case when l.kind in ('claim','reversal') and d.claim_id is not null
    then l.amount_fen * l.direction else 0 end), 0)`;
  const [rows, sums] = await Promise.all([
    base
      .innerJoin('projects as p', 'p.id', 'c.projectId')
      .select([
        'l.id',
        'l.seq',
        'c.projectId',
        'p.name as projectName',
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
      .leftJoin('claimDecisions as d', (join) =>
        join
          .onRef('d.claimId', '=', 'l.claimId')
          .onRef('d.payerRegionCode', '=', 'l.payerRegionCode')
          .on('d.decision', '=', 'approved'),
      )
      .select([
        'l.fundingSource',
        'l.payerRegionCode',
        sql<number>`grouping(l.funding_source)`.as('bySourceOff'),
        sql<number>`grouping(l.payer_region_code)`.as('byPayerOff'),
        owed.as('owed'),
        approved.as('approved'),
        paid.as('paid'),
        sql<string>`count(*)`.as('n'),
      ])
      .groupBy(sql`grouping sets ((), (l.funding_source), (l.payer_region_code))`)
      .execute(),
  ]);
  const total = sums.find((r) => r.bySourceOff === 1 && r.byPayerOff === 1);
  const count = {
    owed: total?.owed ?? '0',
    approved: total?.approved ?? '0',
    paid: total?.paid ?? '0',
    n: total?.n ?? '0',
  };
  const bySource = sums
    .filter((r) => r.bySourceOff === 0)
    .map(({ fundingSource, owed, approved, paid }) => ({ fundingSource, owed, approved, paid }))
    .sort((a, b) => (a.fundingSource < b.fundingSource ? -1 : 1));
  const byPayer = sums
    .filter((r) => r.byPayerOff === 0)
    .map(({ payerRegionCode, owed, approved, paid }) => ({ payerRegionCode, owed, approved, paid }))
    .sort((a, b) =>
      // As ORDER BY payer_region_code did: nulls last.
      a.payerRegionCode === b.payerRegionCode
        ? 0
        : a.payerRegionCode === null
          ? 1
          : b.payerRegionCode === null
            ? -1
            : a.payerRegionCode < b.payerRegionCode
              ? -1
              : 1,
    );
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

/** What a target counts, and where and when. */
export interface TargetScope {
  regionCode: string;
  measure: 'enrolments' | 'certificates' | 'placements';
  sector: string | null;
  keyGroup: string | null;
  periodStart: string;
  periodEnd: string;
}

/**
 * Person-times (人次) toward a target (二十): enrolments, certificates or placements of projects
 * trained in the region (training region: where the person-time is delivered, so a labour-export
 * region hosting commissioned training gets the credit), in the period up to `asOf`.
 */
export async function actualFor(db: Db, target: TargetScope, asOf: string): Promise<number> {
  const [actual] = await actualsFor(db, [target], asOf);
  return actual ?? 0;
}

/**
 * {@link actualFor} of many targets in one statement (the dispatch dashboard shows them all): the
 * targets travel as arrays, and each is counted by a subquery on the indexes of its measure.
 */
export async function actualsFor(
  db: Db,
  targets: readonly TargetScope[],
  asOf: string,
): Promise<number[]> {
  if (targets.length === 0) return [];
  const column = <T>(pick: (t: TargetScope, i: number) => T) => targets.map(pick);
  const projectScope = sql`p.training_region_code like t.region_like
    and (t.sector is null or p.sector = t.sector)`;
  const keyGroup = (traineeRef: string) => sql`(t.key_group is null or exists (
    select 1 from trainee_key_groups k
    where k.trainee_id = ${sql.ref(traineeRef)} and k.key_group = t.key_group))`;
  const { rows } = await sql<{ i: number; n: string }>`
    select t.i, case t.measure
      when 'enrolments' then (
        select count(*) from enrolments e join projects p on p.id = e.project_id
        where ${projectScope} and ${keyGroup('e.trainee_id')} and e.status <> 'void'
          and e.enrolled_at >= t.period_start and e.enrolled_at < t.until + 1)
      when 'certificates' then (
        select count(*) from certificates c
          join assessments a on a.id = c.assessment_id
          join enrolments e on e.id = a.enrolment_id
          join projects p on p.id = e.project_id
        where ${projectScope} and ${keyGroup('c.trainee_id')} and c.status = 'valid'
          and c.issued_on between t.period_start and t.until)
      else (
        select count(*) from placements pl
          join enrolments e on e.id = pl.enrolment_id
          join projects p on p.id = e.project_id
        where ${projectScope} and ${keyGroup('pl.trainee_id')}
          and pl.started_on between t.period_start and t.until)
      end as n
    from unnest(
      ${column((_, i) => i)}::int[],
      ${column((t) => t.measure)}::text[],
      ${column((t) => regionLike(t.regionCode))}::text[],
      ${column((t) => t.sector)}::text[],
      ${column((t) => t.keyGroup)}::text[],
      ${column((t) => t.periodStart)}::date[],
      ${column((t) => (asOf < t.periodEnd ? asOf : t.periodEnd))}::date[]
    ) as t(i, measure, region_like, sector, key_group, period_start, until)
    order by t.i`.execute(db);
  return rows.map((r) => Number(r.n));
}
