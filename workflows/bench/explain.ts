// The plans of the read models behind the console's lists and dashboard, on a database a bench
// left behind (`BENCH_KEEP_DATABASE=1 npm run bench:scale`, then
// `EXPLAIN_DATABASE_URL=<the URL it printed> pnpm --filter @qiancheng/workflows exec tsx bench/explain.ts`):
// each repository read runs as the API runs it, its statements are captured, then run again under
// EXPLAIN (ANALYZE, BUFFERS); prints every statement's time and the plans of the heaviest.
import {
  createDb,
  type Db,
  demandOrderSearch,
  oversight,
  projectSearch,
  roster,
  subsidyClaims,
} from '@qiancheng/db';
import { formatTable } from '@qiancheng/testing';
import { CompiledQuery, type KyselyPlugin } from 'kysely';

const url = process.env.EXPLAIN_DATABASE_URL;
if (!url) throw new Error('EXPLAIN_DATABASE_URL: the database to look at');
const TOP = Number(process.env.EXPLAIN_TOP ?? 3);

const base = createDb(url, { max: 2 });
let captured: { label: string; query: CompiledQuery }[] = [];
let label = '';
// Sees each statement after the column names are mapped, compiles it as it will run.
const capture: KyselyPlugin = {
  transformQuery: (args) => {
    captured.push({ label, query: base.getExecutor().compileQuery(args.node, args.queryId) });
    return args.node;
  },
  transformResult: async (args) => args.result,
};
const db: Db = base.withPlugin(capture);

const biggest = await base
  .selectFrom('enrolments')
  .select((eb) => ['projectId', eb.fn.countAll<string>().as('n')])
  .groupBy('projectId')
  .orderBy('n', 'desc')
  .executeTakeFirstOrThrow();
const targets = await base.selectFrom('regionalTargets').selectAll().execute();
const asOf = new Date().toISOString().slice(0, 10);

const reads: [string, () => Promise<unknown>][] = [
  [
    'projects: a province’s list',
    () => projectSearch.page(db, { visibleTo: '440000', offset: 0, limit: 20 }),
  ],
  ['projects: name search', () => projectSearch.page(db, { q: '培训', offset: 0, limit: 20 })],
  [
    'roster: the largest project',
    () => roster.page(db, { projectId: biggest.projectId, offset: 0, limit: 50 }),
  ],
  ['claims: national, newest first', () => subsidyClaims.page(db, { offset: 0, limit: 50 })],
  [
    'claims: paid by a region',
    () => subsidyClaims.page(db, { payerRegionCode: '520500', offset: 0, limit: 50 }),
  ],
  [
    'ledger: totals of the largest project',
    () => oversight.ledgerPage(db, { projectId: biggest.projectId, offset: 0, limit: 50 }),
  ],
  ['ledger: national totals', () => oversight.ledgerPage(db, { offset: 0, limit: 50 })],
  ['dispatch: every target', () => oversight.actualsFor(db, targets, asOf)],
  [
    'demand orders: a province',
    () => demandOrderSearch.page(db, { withinRegion: '440000', offset: 0, limit: 20 }),
  ],
  [
    'audit log: one actor',
    () => oversight.auditPage(db, { actor: 'system', offset: 0, limit: 50 }),
  ],
];

const measured: { label: string; ms: number; plan: string }[] = [];
for (const [name, read] of reads) {
  label = name;
  captured = [];
  await read();
  for (const { label: which, query } of captured) {
    const result = await base.executeQuery<{ 'QUERY PLAN': string }>(
      CompiledQuery.raw(`explain (analyze, buffers) ${query.sql}`, [...query.parameters]),
    );
    const plan = result.rows.map((r) => Object.values(r)[0]).join('\n');
    const ms = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? Number.NaN);
    measured.push({ label: `${which}: ${query.sql.slice(0, 60).replace(/\s+/g, ' ')}…`, ms, plan });
  }
}
measured.sort((a, b) => b.ms - a.ms);
process.stdout.write(
  `${formatTable([['statement', 'ms'], ...measured.map((m) => [m.label, m.ms.toFixed(2)])])}\n`,
);
for (const m of measured.slice(0, TOP))
  process.stdout.write(`\n== ${m.label} (${m.ms} ms)\n${m.plan}\n`);
await base.destroy();
