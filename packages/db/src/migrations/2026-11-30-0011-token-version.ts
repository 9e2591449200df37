import { type Kysely, sql } from 'kysely';

// Frozen in time: migrations use Kysely<any> and import nothing from the app.

/**
 * Per-user token revocation: every console token carries the user's `token_version` when it was
 * issued, and the API compares it with this column on each request. Logging out, changing the
 * password or disabling the user raises it, so every token issued before stops working at once.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table users add column token_version integer not null default 0
      constraint users_token_version_non_negative check (token_version >= 0);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only');
}
