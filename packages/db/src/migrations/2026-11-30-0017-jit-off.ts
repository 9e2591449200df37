import { type Kysely, sql } from 'kysely';

// Frozen in time: migrations use Kysely<any> and import nothing from the app.

/**
 * No JIT compilation for this database's sessions. Its queries are short and planned once per
 * connection; JIT only pays off for long analytic scans. EXPLAIN ANALYZE of the heaviest read (the
 * dispatch report, all 13 targets, on a 5,000-trainee project) spent 104 of its 119 ms compiling;
 * with `jit = off` it takes 19 ms. New connections take the setting; the pool's old ones keep
 * theirs until they are replaced.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    do $$ begin
      execute format('alter database %I set jit = off', current_database());
    end $$
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    do $$ begin
      execute format('alter database %I reset jit', current_database());
    end $$
  `.execute(db);
}
