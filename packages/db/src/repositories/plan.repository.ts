import type { PartnerRole, PlanParty } from '@qiancheng/domain';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database, NewAuditLogRow } from '../database.js';
import { inTransaction } from '../in-transaction.js';
import { appendOnceQuery } from './audit-log.repository.js';

/**
 * A project's plan as stored once: the parties of each round (round 1 is the draft, each revision
 * a new round) with their own funding lines, and the places the project holds on demand orders.
 */

/** A round's parties with their funds, in the order they were given (owner first by convention). */
export interface RoundParties {
  roundId: string;
  round: number;
  status: string;
  parties: PlanParty[];
}

async function agreementOf(db: Kysely<Database>, projectId: string) {
  return db
    .selectFrom('costSharingAgreements')
    .select(['id', 'status'])
    .where('projectId', '=', projectId)
    .executeTakeFirst();
}

async function insertParties(db: Kysely<Database>, roundId: string, parties: readonly PlanParty[]) {
  if (parties.length === 0) return;
  await db
    .insertInto('partyShares')
    .values(
      parties.map((p) => ({
        roundId,
        regionCode: p.regionCode,
        role: p.role,
        shareBp: p.shareBp,
      })),
    )
    .execute();
  const lines = parties.flatMap((p) =>
    p.funding.map((line, i) => ({
      roundId,
      regionCode: p.regionCode,
      position: i + 1,
      source: line.source,
      shareBp: line.shareBp,
    })),
  );
  if (lines.length > 0) await db.insertInto('partyFundingLines').values(lines).execute();
}

/**
 * Records a new project's draft plan: its agreement and round 1 (`draft`) with the parties. The
 * database checks at commit that the shares add up to the whole and each party's funds too.
 */
export async function createDraft(
  db: Kysely<Database>,
  input: { projectId: string; parties: readonly PlanParty[]; createdBy: string },
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const agreement = await trx
      .insertInto('costSharingAgreements')
      .values({ projectId: input.projectId, status: 'draft' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const round = await trx
      .insertInto('costSharingRounds')
      .values({
        agreementId: agreement.id,
        round: 1,
        status: 'draft',
        deadline: null,
        openedAt: null,
        createdBy: input.createdBy,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await insertParties(trx, round.id, input.parties);
  });
}

/** Replaces the parties of a project's draft round; false when the project has none (launched). */
export async function replaceDraftParties(
  db: Kysely<Database>,
  projectId: string,
  parties: readonly PlanParty[],
): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const round = await trx
      .selectFrom('costSharingRounds as r')
      .innerJoin('costSharingAgreements as a', 'a.id', 'r.agreementId')
      .select('r.id')
      .where('a.projectId', '=', projectId)
      .where('r.status', '=', 'draft')
      .forUpdate()
      .executeTakeFirst();
    if (!round) return false;
    await trx.deleteFrom('partyShares').where('roundId', '=', round.id).execute();
    await insertParties(trx, round.id, parties);
    return true;
  });
}

/**
 * Adds round `round` with the revised parties (a revision after a rejection or expiry, 十二),
 * as a draft the workflow then opens. Idempotent: a retried call finds the round written.
 */
export async function addRevision(
  db: Kysely<Database>,
  input: {
    projectId: string;
    round: number;
    parties: readonly PlanParty[];
    createdBy: string;
    reason: string;
  },
): Promise<{ created: boolean }> {
  return inTransaction(db, async (trx) => {
    const agreement = await agreementOf(trx, input.projectId);
    if (!agreement) throw new Error(`project ${input.projectId} has no plan`);
    const inserted = await trx
      .insertInto('costSharingRounds')
      .values({
        agreementId: agreement.id,
        round: input.round,
        status: 'draft',
        deadline: null,
        openedAt: null,
        createdBy: input.createdBy,
        reason: input.reason,
      })
      .onConflict((oc) => oc.constraint('cost_sharing_rounds_number_unique').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return { created: false };
    await insertParties(trx, inserted.id, input.parties);
    return { created: true };
  });
}

/**
 * Puts a drafted round to its parties: open, due by `deadline`, a pending approval for each
 * partner and the owner's approval recorded (it approves by launching). Idempotent: a round no
 * longer in draft is left as it is. Returns the round's parties.
 */
export async function openRound(
  db: Kysely<Database>,
  input: {
    projectId: string;
    round: number;
    deadline: Date;
    ownerRegionCode: string;
    ownerApprovedBy: string;
  },
): Promise<RoundParties> {
  return inTransaction(db, async (trx) => {
    const current = await findRound(trx, input.projectId, input.round);
    if (!current) throw new Error(`project ${input.projectId} has no round ${input.round}`);
    if (current.status !== 'draft') return current;
    await trx
      .updateTable('costSharingRounds')
      .set({ status: 'open', deadline: input.deadline, openedAt: sql`now()` })
      .where('id', '=', current.roundId)
      .execute();
    await trx
      .insertInto('approvals')
      .values(
        current.parties.map((p) => ({
          roundId: current.roundId,
          regionCode: p.regionCode,
          deadline: input.deadline,
          ...(p.regionCode === input.ownerRegionCode
            ? {
                status: 'approved' as const,
                decidedAt: new Date(),
                decidedBy: input.ownerApprovedBy,
                reason: 'owning region: approved when the project was launched',
              }
            : {}),
        })),
      )
      .execute();
    await trx
      .updateTable('costSharingAgreements')
      .set({ status: 'awaiting_approval', updatedAt: sql`now()` })
      .where('id', '=', (await agreementOf(trx, input.projectId))?.id ?? '')
      .execute();
    return { ...current, status: 'open' };
  });
}

/**
 * Approves a local project's plan (its owner alone) at launch: round 1 approved, the owner's
 * approval recorded. Idempotent.
 */
export async function approveLocalPlan(
  db: Kysely<Database>,
  input: { projectId: string; by: string },
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const current = await findRound(trx, input.projectId, 1);
    if (current?.status !== 'draft') return;
    const now = new Date();
    await trx
      .updateTable('costSharingRounds')
      .set({ status: 'approved', deadline: now, openedAt: now, closedAt: now })
      .where('id', '=', current.roundId)
      .execute();
    await trx
      .insertInto('approvals')
      .values(
        current.parties.map((p) => ({
          roundId: current.roundId,
          regionCode: p.regionCode,
          deadline: now,
          status: 'approved' as const,
          decidedAt: now,
          decidedBy: input.by,
          reason: 'owning region: approved when the project was launched',
        })),
      )
      .execute();
    await trx
      .updateTable('costSharingAgreements')
      .set({ status: 'approved', updatedAt: sql`now()` })
      .where('projectId', '=', input.projectId)
      .execute();
  });
}

/** Round `round` of a project with its parties and their funds, or null. */
export async function findRound(
  db: Kysely<Database>,
  projectId: string,
  round: number,
): Promise<RoundParties | null> {
  const rounds = await listRounds(db, projectId, round);
  return rounds[0] ?? null;
}

/** Every round of a project (or one), first to last, with its parties and their funds. */
export async function listRounds(
  db: Kysely<Database>,
  projectId: string,
  only?: number,
): Promise<RoundParties[]> {
  let query = db
    .selectFrom('costSharingRounds as r')
    .innerJoin('costSharingAgreements as a', 'a.id', 'r.agreementId')
    .select(['r.id', 'r.round', 'r.status'])
    .where('a.projectId', '=', projectId);
  if (only !== undefined) query = query.where('r.round', '=', only);
  const rounds = await query.orderBy('r.round').execute();
  if (rounds.length === 0) return [];
  const ids = rounds.map((r) => r.id);
  const [shares, lines] = await Promise.all([
    db
      .selectFrom('partyShares')
      .select(['roundId', 'regionCode', 'role', 'shareBp'])
      .where('roundId', 'in', ids)
      .execute(),
    db
      .selectFrom('partyFundingLines')
      .select(['roundId', 'regionCode', 'source', 'shareBp'])
      .where('roundId', 'in', ids)
      .orderBy('position')
      .execute(),
  ]);
  return rounds.map((r) => ({
    roundId: r.id,
    round: r.round,
    status: r.status,
    parties: orderParties(
      shares
        .filter((s) => s.roundId === r.id)
        .map((s) => ({
          regionCode: s.regionCode,
          role: s.role as PartnerRole,
          shareBp: s.shareBp,
          funding: lines
            .filter((l) => l.roundId === r.id && l.regionCode === s.regionCode)
            .map((l) => ({ source: l.source, shareBp: l.shareBp })),
        })),
    ),
  }));
}

// The owner pays the largest share by convention, so sort by share then region for a stable order.
function orderParties(parties: PlanParty[]): PlanParty[] {
  return parties.sort((a, b) => b.shareBp - a.shareBp || a.regionCode.localeCompare(b.regionCode));
}

/** The latest round of the project (the plan in force or being decided), or null. */
export async function latestRound(
  db: Kysely<Database>,
  projectId: string,
): Promise<RoundParties | null> {
  const rounds = await listRounds(db, projectId);
  return rounds.at(-1) ?? null;
}

/** The last approved round: the shares and funds that bind the money (十二, 十七), or null. */
export async function approvedRound(
  db: Kysely<Database>,
  projectId: string,
): Promise<RoundParties | null> {
  const rounds = await listRounds(db, projectId);
  return rounds.filter((r) => r.status === 'approved').at(-1) ?? null;
}

// ---- reservations of demand-order places ----------------------------------------------------

/** A demand order a project serves: places planned, held (reserved) and filled. */
export interface Reservation {
  demandOrderId: string;
  headcount: number;
  held: number;
  filled: number;
}

/** The project's reservations, by order id. */
export async function reservations(
  db: Kysely<Database>,
  projectId: string,
): Promise<Reservation[]> {
  return db
    .selectFrom('projectDemandOrders')
    .select(['demandOrderId', 'headcount', 'held', 'filled'])
    .where('projectId', '=', projectId)
    .orderBy('demandOrderId')
    .execute();
}

/** A reservation with what a person reads of its order: reference, enterprise, occupation. */
export interface NamedReservation extends Reservation {
  externalRef: string | null;
  enterpriseId: string;
  enterpriseName: string;
  occupationCode: string;
  /** Null when the occupation is not (or no longer) in the registry. */
  occupationName: string | null;
}

/** The project's reservations with their orders' names, in one query (the project's detail). */
export async function namedReservations(
  db: Kysely<Database>,
  projectId: string,
): Promise<NamedReservation[]> {
  return db
    .selectFrom('projectDemandOrders as r')
    .innerJoin('demandOrders as o', 'o.id', 'r.demandOrderId')
    .innerJoin('enterprises as e', 'e.id', 'o.enterpriseId')
    .leftJoin('occupations as c', 'c.code', 'o.occupationCode')
    .select([
      'r.demandOrderId',
      'r.headcount',
      'r.held',
      'r.filled',
      'o.externalRef',
      'o.enterpriseId',
      'e.name as enterpriseName',
      'o.occupationCode',
      'c.name as occupationName',
    ])
    .where('r.projectId', '=', projectId)
    .orderBy('r.demandOrderId')
    .execute();
}

/**
 * The reservation's part of a statement, as `with` queries: the orders locked (so two projects
 * reserving at once cannot both take the last places), what this project wants of each (`wanted`)
 * and the move; the places trigger then sums each order's places and settles its status. `when`:
 * a condition on earlier `with` queries; false, nothing is locked or moved.
 */
function reservation(projectId: string, when: RawBuilder<unknown> = sql`true`) {
  return sql`
    orders as materialized (
      select o.id, o.headcount, o.reserved_headcount, o.filled_headcount, o.status
        from demand_orders o
       where ${when}
         and o.id in (select demand_order_id from project_demand_orders
                       where project_id = ${projectId})
       order by o.id
         for update),
    wanted as (
      select r.demand_order_id,
             case when o.status in ('open', 'reserved')
                  then greatest(0, least(r.headcount - r.filled,
                                         o.headcount - o.reserved_headcount - o.filled_headcount
                                           + r.held))
                  else r.held end as want
        from project_demand_orders r join orders o on o.id = r.demand_order_id
       where r.project_id = ${projectId}),
    moved as (
      update project_demand_orders r set held = w.want
        from wanted w
       where r.project_id = ${projectId} and r.demand_order_id = w.demand_order_id
         and r.held <> w.want)`;
}

/**
 * Holds the project's planned places on its demand orders, as many as each order still has free
 * (a place filled or held stays so), in one statement. Idempotent; returns the places held now.
 */
export async function reserve(db: Kysely<Database>, projectId: string): Promise<number> {
  const { rows } = await sql<{ held: number }>`
    with ${reservation(projectId)}
    select coalesce(sum(want), 0)::int as held from wanted`.execute(db);
  return rows[0]?.held ?? 0;
}

/**
 * A project's approval and the places it reserves then, once: the approval date and the catalogue
 * version in force (十二, kept once set; `approval` null: already approved), the audit entry whose
 * key makes the step happen once, and {@link reserve}'s reservation — one statement, committed on
 * its own, so the orders' locks last only while it runs (projects launched together on one order
 * queue for that alone: issue 13). A retry finds the entry and changes nothing.
 */
export async function approveAndReserve(
  db: Kysely<Database>,
  projectId: string,
  approval: { approvedOn: string; catalogueVersionId: string | null } | null,
  audit: NewAuditLogRow & { idempotencyKey: string },
): Promise<{ created: boolean; reserved: number }> {
  const { rows } = await sql<{ created: boolean; reserved: number }>`
    with audited as (${appendOnceQuery(db, audit)}),
    approved as (
      update projects
         set approved_on = ${approval?.approvedOn ?? null}::date,
             catalogue_version_id = ${approval?.catalogueVersionId ?? null}::uuid,
             updated_at = now()
       where id = ${projectId} and approved_on is null and ${approval !== null}),
    ${reservation(projectId, sql`exists (select 1 from audited)`)}
    select exists (select 1 from audited) as created,
           coalesce((select sum(want) from wanted), 0)::int as reserved`.execute(db);
  const row = rows[0];
  return { created: row?.created ?? false, reserved: row?.reserved ?? 0 };
}

/** Gives back exactly the places this project holds (a cancelled project's compensation). */
export async function release(db: Kysely<Database>, projectId: string): Promise<number> {
  const { rows } = await sql<{ released: number }>`
    with held as materialized (
      select demand_order_id, held from project_demand_orders
       where project_id = ${projectId} and held > 0
         for update),
    moved as (
      update project_demand_orders r set held = 0
        from held h
       where r.project_id = ${projectId} and r.demand_order_id = h.demand_order_id)
    select coalesce(sum(held), 0)::int as released from held`.execute(db);
  return rows[0]?.released ?? 0;
}

/**
 * A placement on a demand order this project holds places on moves exactly one of them from held
 * to filled; false (nothing moves) when the project holds none there.
 */
export async function fillPlace(
  db: Kysely<Database>,
  projectId: string,
  demandOrderId: string,
): Promise<boolean> {
  const moved = await db
    .updateTable('projectDemandOrders')
    .set((eb) => ({ held: eb('held', '-', 1), filled: eb('filled', '+', 1) }))
    .where('projectId', '=', projectId)
    .where('demandOrderId', '=', demandOrderId)
    .where('held', '>', 0)
    .returning('filled')
    .executeTakeFirst();
  return moved !== undefined;
}

/**
 * {@link fillPlace} for a batch: `placed` maps each demand order to the placements just recorded
 * on it, and each moves one of the project's held places there to filled while any are held. One
 * statement for all orders (the row's current `held` decides, so concurrent batches never move a
 * place twice); the places trigger settles their statuses.
 */
export async function fillPlaces(
  db: Kysely<Database>,
  projectId: string,
  placed: ReadonlyMap<string, number>,
): Promise<void> {
  const orders = [...placed].filter(([, n]) => n > 0);
  if (orders.length === 0) return;
  await sql`
    update project_demand_orders pd
      set held = pd.held - least(pd.held, v.n), filled = pd.filled + least(pd.held, v.n)
    from unnest(${orders.map(([id]) => id)}::uuid[], ${orders.map(([, n]) => n)}::int[]) as v(id, n)
    where pd.project_id = ${projectId} and pd.demand_order_id = v.id and pd.held > 0
  `.execute(db);
}
