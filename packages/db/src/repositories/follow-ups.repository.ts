import type { FollowUpMilestone, IsoDate, RetentionOutcome } from '@qiancheng/domain';
import type { Kysely } from 'kysely';
import type { Database, FollowUpRow } from '../database.js';

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
