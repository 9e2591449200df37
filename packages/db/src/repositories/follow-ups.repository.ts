import type { FollowUpMilestone, IsoDate, RetentionOutcome } from '@qiancheng/domain';
import { type Kysely, sql } from 'kysely';
import type { Database, FollowUpRow } from '../database.js';
import { anyUuid } from './sets.js';

const columns = ['id', 'placementId', 'milestoneMonths', 'dueOn', 'outcome', 'recordedAt'] as const;

/**
 * Schedules a placement's retention checks (e.g. 3 and 6 months). Milestones already scheduled
 * are kept as they are, so a retried call changes nothing; returns all the placement's checks.
 */
export async function schedule(
  db: Kysely<Database>,
  placementId: string,
  milestones: { milestoneMonths: FollowUpMilestone; dueOn: IsoDate }[],
): Promise<FollowUpRow[]> {
  if (milestones.length > 0) {
    await db
      .insertInto('followUps')
      .values(milestones.map((m) => ({ placementId, ...m })))
      .onConflict((oc) => oc.columns(['placementId', 'milestoneMonths']).doNothing())
      .execute();
  }
  return listForPlacement(db, placementId);
}

/**
 * Schedules the retention checks of many placements in one statement; checks already scheduled
 * are kept as they are (as {@link schedule}).
 */
export async function scheduleMany(
  db: Kysely<Database>,
  checks: readonly { placementId: string; milestoneMonths: FollowUpMilestone; dueOn: IsoDate }[],
): Promise<void> {
  if (checks.length === 0) return;
  await db
    .insertInto('followUps')
    .values([...checks])
    .onConflict((oc) => oc.columns(['placementId', 'milestoneMonths']).doNothing())
    .execute();
}

/** The checks of many placements, by placement id (each by milestone), in one query. */
export async function listForPlacements(
  db: Kysely<Database>,
  placementIds: readonly string[],
): Promise<Map<string, FollowUpRow[]>> {
  if (placementIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('followUps')
    .select(columns)
    .where('placementId', '=', anyUuid(placementIds))
    .orderBy('placementId')
    .orderBy('milestoneMonths')
    .execute();
  const byPlacement = new Map<string, FollowUpRow[]>();
  for (const row of rows) {
    const list = byPlacement.get(row.placementId) ?? [];
    list.push(row);
    byPlacement.set(row.placementId, list);
  }
  return byPlacement;
}

/** Records what a check found; null when it was already recorded (the first answer stands). */
export async function record(
  db: Kysely<Database>,
  id: string,
  outcome: RetentionOutcome,
  at: Date = new Date(),
): Promise<FollowUpRow | null> {
  const row = await db
    .updateTable('followUps')
    .set({ outcome, recordedAt: at })
    .where('id', '=', id)
    .where('outcome', 'is', null)
    .returning(columns)
    .executeTakeFirst();
  return row ?? null;
}

/** A placement's checks, by milestone. */
export async function listForPlacement(
  db: Kysely<Database>,
  placementId: string,
): Promise<FollowUpRow[]> {
  return db
    .selectFrom('followUps')
    .select(columns)
    .where('placementId', '=', placementId)
    .orderBy('milestoneMonths')
    .execute();
}

/** Checks not yet made that are due on or before `on`, by due date. */
export async function listDue(db: Kysely<Database>, on: IsoDate): Promise<FollowUpRow[]> {
  return db
    .selectFrom('followUps')
    .select(columns)
    .where('outcome', 'is', null)
    .where('dueOn', '<=', on)
    .orderBy('dueOn')
    .orderBy('id')
    .execute();
}

/**
 * Records many checks' outcomes in one statement; a check already recorded keeps its first
 * outcome (as {@link record}). Returns the checks this call recorded.
 */
export async function recordMany(
  db: Kysely<Database>,
  checks: readonly {
    placementId: string;
    milestoneMonths: FollowUpMilestone;
    outcome: RetentionOutcome;
  }[],
  at: Date = new Date(),
): Promise<{ placementId: string; milestoneMonths: FollowUpMilestone }[]> {
  if (checks.length === 0) return [];
  const { rows } = await sql<{ placementId: string; milestoneMonths: FollowUpMilestone }>`
    update follow_ups f set outcome = c.outcome, recorded_at = ${at}
    from unnest(
      ${checks.map((c) => c.placementId)}::uuid[],
      ${checks.map((c) => c.milestoneMonths)}::int[],
      ${checks.map((c) => c.outcome)}::text[]
    ) as c(placement_id, milestone_months, outcome)
    where f.placement_id = c.placement_id and f.milestone_months = c.milestone_months
      and f.outcome is null
    returning f.placement_id, f.milestone_months
  `.execute(db);
  return rows;
}
