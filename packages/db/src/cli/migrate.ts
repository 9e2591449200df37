// `pnpm --filter @qiancheng/db migrate`: runs pending migrations against DATABASE_URL, then brings
// the reference data (skill levels, sectors, key groups, funding sources, regions, demo
// occupations) up to date from @qiancheng/domain, since every record's codes point at it.
import { createDb } from '../create-db.js';
import { migrateToLatest } from '../migrate.js';
import * as referenceData from '../repositories/reference-data.repository.js';

const url = process.env.DATABASE_URL;
if (!url) {
  process.stderr.write('DATABASE_URL is not set\n');
  process.exit(2);
}
const db = createDb(url, { max: 1 });
try {
  const applied = await migrateToLatest(db);
  process.stdout.write(
    applied.length ? `applied ${applied.join(', ')}\n` : 'database is up to date\n',
  );
  await referenceData.sync(db);
  process.stdout.write('reference data is up to date\n');
} finally {
  await db.destroy();
}
