// DEMO ONLY — `node apps/api/dist/demo/main.js`: npm start runs it in the background once the
// platform is up (the living demo, issue 15). Needs API_URL and the database (APP_DATABASE_URL,
// or DATABASE_URL outside production). Refuses under NODE_ENV=production unless QIANCHENG_DEMO=1.
import { appDatabaseUrl, createDb, demoData } from '@qiancheng/db';
import { runLivingDemo } from './run.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

if (!demoData.demoAllowed()) {
  say('demo data: not loaded under NODE_ENV=production (set QIANCHENG_DEMO=1 to load it anyway)');
  process.exit(0);
}
const apiUrl = process.env.API_URL ?? 'http://127.0.0.1:3000';
let databaseUrl: string;
try {
  databaseUrl = appDatabaseUrl(process.env);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
}
const db = createDb(databaseUrl, { max: 4 });
try {
  const result = await runLivingDemo({ apiUrl, db, log: say });
  const seconds = (result.elapsedMs / 1000).toFixed(0);
  if (result.skipped && result.total === 0) say(`demo data: not run (${result.skipped})`);
  else if (result.skipped)
    say(`demo data: ${result.ready} of ${result.total} projects ready (${result.skipped})`);
  else
    say(
      `demo data: ${result.ready} of ${result.total} projects ready in ${seconds} s` +
        (result.failed ? `, ${result.failed} failed (see demo_runs.error)` : ''),
    );
  process.exitCode = result.failed > 0 ? 1 : 0;
} finally {
  await db.destroy();
}
