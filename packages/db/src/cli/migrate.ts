// `pnpm --filter @qiancheng/db migrate`: runs pending migrations against DATABASE_URL.
import { createDb } from '../create-db.js';
import { migrateToLatest } from '../migrate.js';

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
} finally {
  await db.destroy();
}
