import { createTestDatabase } from '@qiancheng/testing';
import { createDb, type Db } from '../src/create-db.js';
import { migrateToLatest } from '../src/migrate.js';
import * as referenceData from '../src/repositories/reference-data.repository.js';

/**
 * A new database on the run's PostgreSQL, migrated to the latest schema and, unless told
 * otherwise, holding the reference data (regions, occupations, levels …) records point at.
 */
export async function freshDatabase(
  label: string,
  options: { referenceData?: boolean } = {},
): Promise<{ db: Db; url: string; close(): Promise<void> }> {
  const database = await createTestDatabase(label);
  const db = createDb(database.url, { max: 4 });
  await migrateToLatest(db);
  if (options.referenceData ?? true) await referenceData.sync(db);
  return {
    db,
    url: database.url,
    async close() {
      await db.destroy();
      await database.drop();
    },
  };
}
