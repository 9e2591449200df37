import { createTestDatabase } from '@qiancheng/testing';
import { createDb, type Db } from '../src/create-db.js';
import { migrateToLatest } from '../src/migrate.js';

/** A new database on the run's PostgreSQL, migrated to the latest schema. */
export async function freshDatabase(
  label: string,
): Promise<{ db: Db; url: string; close(): Promise<void> }> {
  const database = await createTestDatabase(label);
  const db = createDb(database.url, { max: 4 });
  await migrateToLatest(db);
  return {
    db,
    url: database.url,
    async close() {
      await db.destroy();
      await database.drop();
    },
  };
}
