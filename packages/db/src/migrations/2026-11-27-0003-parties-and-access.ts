import { type Kysely, sql } from 'kysely';

// Frozen in time: migrations use Kysely<any> and import nothing from the app.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- 统一社会信用代码 (GB 32100): 18 characters from a 31-letter alphabet without I, O, S, V, Z.
    create function is_uscc_shaped(code text) returns boolean
      language sql immutable strict
      return code ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$';

    create table enterprises (
      id uuid primary key default gen_random_uuid(),
      name text not null constraint enterprises_name_not_blank check (btrim(name) <> ''),
      unified_social_credit_code text not null
        constraint enterprises_uscc_unique unique
        constraint enterprises_uscc_format check (is_uscc_shaped(unified_social_credit_code)),
      region_code text not null references regions (code),
      sector text references sectors (code),
      created_at timestamptz not null default now()
    );

    -- 岗位需求 (十二). Reserved headcount is held by projects in progress, filled headcount has been
    -- placed; together they never promise more workers than the enterprise asked for.
    create table demand_orders (
      id uuid primary key default gen_random_uuid(),
      enterprise_id uuid not null references enterprises (id),
      external_ref text,
      occupation_code text not null references occupations (code),
      headcount integer not null constraint demand_orders_headcount_positive check (headcount > 0),
      reserved_headcount integer not null default 0
        constraint demand_orders_reserved_non_negative check (reserved_headcount >= 0),
      filled_headcount integer not null default 0
        constraint demand_orders_filled_non_negative check (filled_headcount >= 0),
      required_level text not null references skill_levels (code),
      wage_offer_fen bigint not null
        constraint demand_orders_wage_positive check (wage_offer_fen > 0),
      work_region_code text not null references regions (code),
      deadline date not null,
      status text not null default 'open' constraint demand_orders_status_valid
        check (status in ('open', 'reserved', 'fulfilled', 'closed', 'cancelled', 'expired')),
      description text,
      posted_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint demand_orders_not_overcommitted
        check (reserved_headcount + filled_headcount <= headcount),
      -- The enterprise's own reference makes a repeated API post find the first order.
      constraint demand_orders_external_ref_unique unique (enterprise_id, external_ref)
    );
    create index demand_orders_open_idx on demand_orders (occupation_code, work_region_code)
      where status in ('open', 'reserved');

    -- Training providers (十一), graded 分类分级; a revoked qualification (十八) blocks new projects
    -- and keeps who revoked it, when and why.
    create table training_providers (
      id uuid primary key default gen_random_uuid(),
      name text not null constraint training_providers_name_not_blank check (btrim(name) <> ''),
      kind text not null constraint training_providers_kind_valid check (kind in (
        'vocational_college', 'technical_school', 'private_institution',
        'enterprise_training_centre', 'public_training_base')),
      grade text constraint training_providers_grade_valid check (grade in ('A', 'B', 'C', 'D')),
      region_code text not null references regions (code),
      unified_social_credit_code text not null
        constraint training_providers_uscc_unique unique
        constraint training_providers_uscc_format check (is_uscc_shaped(unified_social_credit_code)),
      qualification_status text not null default 'active'
        constraint training_providers_qualification_valid
        check (qualification_status in ('active', 'revoked')),
      revoked_at timestamptz,
      revoked_by text,
      revoked_reason text,
      created_at timestamptz not null default now(),
      constraint training_providers_revocation_recorded check (
        (qualification_status = 'revoked') = (revoked_at is not null)
        and (revoked_at is null or (revoked_by is not null and btrim(coalesce(revoked_reason, '')) <> '')))
    );

    -- Evaluation bodies (十四): social evaluation organisations, or an enterprise evaluating its own
    -- staff (企业自主评价), which must then name the enterprise.
    create table evaluation_bodies (
      id uuid primary key default gen_random_uuid(),
      name text not null constraint evaluation_bodies_name_not_blank check (btrim(name) <> ''),
      kind text not null constraint evaluation_bodies_kind_valid
        check (kind in ('social_evaluation_org', 'enterprise_self_evaluation')),
      enterprise_id uuid references enterprises (id),
      grade text constraint evaluation_bodies_grade_valid check (grade in ('A', 'B', 'C', 'D')),
      region_code text not null references regions (code),
      unified_social_credit_code text
        constraint evaluation_bodies_uscc_unique unique
        constraint evaluation_bodies_uscc_format check (is_uscc_shaped(unified_social_credit_code)),
      max_level text not null references skill_levels (code),
      qualification_status text not null default 'active'
        constraint evaluation_bodies_qualification_valid
        check (qualification_status in ('active', 'revoked')),
      revoked_at timestamptz,
      revoked_by text,
      revoked_reason text,
      created_at timestamptz not null default now(),
      constraint evaluation_bodies_enterprise_iff_self_evaluation
        check ((kind = 'enterprise_self_evaluation') = (enterprise_id is not null)),
      constraint evaluation_bodies_revocation_recorded check (
        (qualification_status = 'revoked') = (revoked_at is not null)
        and (revoked_at is null or (revoked_by is not null and btrim(coalesce(revoked_reason, '')) <> '')))
    );
    -- Occupations a body is filed (备案) to evaluate.
    create table evaluation_body_occupations (
      evaluation_body_id uuid not null references evaluation_bodies (id),
      occupation_code text not null references occupations (code),
      primary key (evaluation_body_id, occupation_code)
    );

    -- Console users. Project managers and approvers act for a region, so they must have one;
    -- a null region means national scope.
    create table users (
      id uuid primary key default gen_random_uuid(),
      username text not null constraint users_username_unique unique
        constraint users_username_format check (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
      display_name text not null,
      role text not null constraint users_role_valid
        check (role in ('project_manager', 'approver', 'auditor', 'operator', 'admin')),
      region_code text references regions (code),
      password_hash text not null
        constraint users_password_hash_format check (password_hash ~ '^scrypt\\$'),
      active boolean not null default true,
      created_at timestamptz not null default now(),
      constraint users_regional_roles_have_region
        check (role not in ('project_manager', 'approver') or region_code is not null)
    );

    -- Enterprise API keys: only a SHA-256 of the (high-entropy) key is kept, plus a short prefix
    -- people can recognise in a list; the key itself is shown once, when created.
    create table enterprise_api_keys (
      id uuid primary key default gen_random_uuid(),
      enterprise_id uuid not null references enterprises (id),
      label text not null,
      prefix text not null constraint enterprise_api_keys_prefix_unique unique
        constraint enterprise_api_keys_prefix_format check (prefix ~ '^qck_[A-Za-z0-9]{8}$'),
      key_hash text not null constraint enterprise_api_keys_hash_unique unique
        constraint enterprise_api_keys_hash_format check (key_hash ~ '^[0-9a-f]{64}$'),
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    );

    -- Idempotency-Key handling for retried API requests: the first request's hash and answer.
    create table idempotency_keys (
      scope text not null,
      key text not null constraint idempotency_keys_key_length check (length(key) between 1 and 255),
      request_hash text not null,
      response_status smallint
        constraint idempotency_keys_status_range check (response_status between 100 and 599),
      response_body jsonb,
      created_at timestamptz not null default now(),
      completed_at timestamptz,
      primary key (scope, key),
      constraint idempotency_keys_completion check ((completed_at is null) = (response_status is null))
    );
    create index idempotency_keys_created_idx on idempotency_keys (created_at);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only');
}
