// Loads the demo data set once (npm start calls this after migrating).
import { createDb } from '../create-db.js';
import { seedDemoData } from '../seed/index.js';

const url = process.env.DATABASE_URL;
if (!url) {
  process.stderr.write('DATABASE_URL is not set\n');
  process.exit(2);
}
const db = createDb(url, { max: 2 });
try {
  const loaded = await seedDemoData(db);
  process.stdout.write(loaded ? 'demo data loaded\n' : 'demo data already present\n');
} finally {
  await db.destroy();
}
