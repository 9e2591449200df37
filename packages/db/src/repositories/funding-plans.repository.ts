import type { FundingPlan, FundingShare } from '@qiancheng/domain';
import type { Kysely } from 'kysely';
import type { Database } from '../database.js';
import { inTransaction } from '../in-transaction.js';

/**
 * Records a project's funding plan (十七): which sources pay which share. The shares must add up
 * to 10 000 bp; the database checks that when the transaction commits.
 */
export async function create(
  db: Kysely<Database>,
  plan: { id?: string; projectId: string; shares: FundingShare[] },
): Promise<FundingPlan> {
  return inTransaction(db, async (trx) => {
    const inserted = await trx
      .insertInto('fundingPlans')
      .values({ ...(plan.id ? { id: plan.id } : {}), projectId: plan.projectId })
      .returning(['id', 'projectId'])
      .executeTakeFirstOrThrow();
    await insertShares(trx, inserted.id, plan.shares);
    return { id: inserted.id, projectId: inserted.projectId, shares: plan.shares };
  });
}

/** Replaces a plan's shares (a revision before approval), atomically. */
export async function replaceShares(
  db: Kysely<Database>,
  planId: string,
  shares: FundingShare[],
): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx.deleteFrom('fundingPlanShares').where('fundingPlanId', '=', planId).execute();
    await insertShares(trx, planId, shares);
  });
}

/** The project's funding plan with its shares in order, or null. */
export async function findForProject(
  db: Kysely<Database>,
  projectId: string,
): Promise<FundingPlan | null> {
  const plan = await db
    .selectFrom('fundingPlans')
    .select(['id', 'projectId'])
    .where('projectId', '=', projectId)
    .executeTakeFirst();
  if (!plan) return null;
  const shares = await db
    .selectFrom('fundingPlanShares')
    .select(['source', 'payerRegionCode', 'shareBp'])
    .where('fundingPlanId', '=', plan.id)
    .orderBy('position')
    .execute();
  return { id: plan.id, projectId: plan.projectId, shares };
}

async function insertShares(
  db: Kysely<Database>,
  fundingPlanId: string,
  shares: FundingShare[],
): Promise<void> {
  if (shares.length === 0) return;
  await db
    .insertInto('fundingPlanShares')
    .values(
      shares.map((s, i) => ({
        fundingPlanId,
        position: i + 1,
        source: s.source,
        payerRegionCode: s.payerRegionCode,
        shareBp: s.shareBp,
      })),
    )
    .execute();
}
