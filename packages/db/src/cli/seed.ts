// Loads the demo data set once (npm start calls this after migrating).
import { createDb } from '../create-db.js';
import { seedDemoData } from '../seed/index.js';
import { demoAllowed } from '../seed/living-demo.js';

const url = process.env.DATABASE_URL;
if (!url) {
  process.stderr.write('DATABASE_URL is not set\n');
  process.exit(2);
}
if (!demoAllowed()) {
  process.stdout.write(
    'demo data not loaded: NODE_ENV=production (set QIANCHENG_DEMO=1 to load it anyway)\n',
  );
  process.exit(0);
}
const db = createDb(url, { max: 2 });
try {
  const loaded = await seedDemoData(db);
  process.stdout.write(loaded ? 'demo data loaded\n' : 'demo data already present\n');
} finally {
  await db.destroy();
}
