import { type Kysely, sql } from 'kysely';

// Frozen in time: migrations use Kysely<any> and import nothing from the app.

/**
 * Indexes for the filters the console offers and the reads that grow with the country (issue 13):
 *
 * - Region scopes are code prefixes (`LIKE '44%'`); under a non-C collation (C.UTF-8 included)
 *   only a `text_pattern_ops` index serves a prefix, so projects (owner, training region), partner
 *   regions (party_shares) and demand orders (work region) get one. The same index answers equality.
 * - Lists sort newest first and page: projects, demand orders and claims by their creation time.
 * - Project names are searched anywhere in the name (`ILIKE '%…%'`): a trigram index (pg_trgm,
 *   a trusted extension the database owner may create).
 * - The audit log, the fastest-growing table, is filtered by actor, action and time.
 *
 * On a large live database build these with CREATE INDEX CONCURRENTLY by hand first (this
 * migration then finds them by name and skips them).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`
    create index if not exists projects_owner_region_prefix_idx
      on projects (owner_region_code text_pattern_ops);
    create index if not exists projects_training_region_prefix_idx
      on projects (training_region_code text_pattern_ops);
    -- Partner regions are a view over party_shares.
    create index if not exists party_shares_region_prefix_idx
      on party_shares (region_code text_pattern_ops);
    create index if not exists projects_created_idx on projects (created_at desc, id);
    create index if not exists projects_name_trgm_idx on projects using gin (name gin_trgm_ops);

    create index if not exists demand_orders_work_region_prefix_idx
      on demand_orders (work_region_code text_pattern_ops);
    create index if not exists demand_orders_posted_idx on demand_orders (posted_at desc, id);
    create index if not exists demand_orders_enterprise_posted_idx
      on demand_orders (enterprise_id, posted_at desc, id);

    create index if not exists subsidy_claims_created_idx on subsidy_claims (created_at desc, id);

    create index if not exists audit_log_actor_idx on audit_log (actor, id desc);
    create index if not exists audit_log_action_idx on audit_log (action, id desc);
    create index if not exists audit_log_occurred_idx on audit_log (occurred_at);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only');
}
