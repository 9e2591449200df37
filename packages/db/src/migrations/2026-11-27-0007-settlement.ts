import { type Kysely, sql } from 'kysely';

// Frozen in time: migrations use Kysely<any> and import nothing from the app.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- 补贴结算: one claim per trainee and project, for a valid certificate of that trainee, priced by
    -- the catalogue version in force (十七 差异化补贴).
    create table subsidy_claims (
      id uuid primary key default gen_random_uuid(),
      project_id uuid not null,
      enrolment_id uuid not null,
      trainee_id uuid not null,
      certificate_id uuid not null,
      occupation_code text not null,
      level text not null,
      -- Asia/Shanghai year of the certificate.
      policy_year smallint not null
        constraint subsidy_claims_policy_year_range check (policy_year between 2000 and 2100),
      catalogue_version_id uuid not null references catalogue_versions (id),
      shortage_tier smallint not null
        constraint subsidy_claims_tier_range check (shortage_tier between 1 and 3),
      amount_fen bigint not null
        constraint subsidy_claims_amount_non_negative check (amount_fen >= 0),
      status text not null default 'pending' constraint subsidy_claims_status_valid
        check (status in ('pending', 'approved', 'paid', 'rejected', 'clawed_back')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint subsidy_claims_match_enrolment foreign key (enrolment_id, project_id, trainee_id)
        references enrolments (id, project_id, trainee_id),
      constraint subsidy_claims_match_certificate
        foreign key (certificate_id, trainee_id, occupation_code, level)
        references certificates (id, trainee_id, occupation_code, level),
      constraint subsidy_claims_one_per_trainee_and_project unique (project_id, trainee_id)
    );
    -- Not subsidised twice for the same occupation and level in one year (十七, 十八); a rejected or
    -- clawed-back claim no longer counts.
    create unique index subsidy_claims_once_per_occupation_level_year
      on subsidy_claims (trainee_id, occupation_code, level, policy_year)
      where status in ('pending', 'approved', 'paid');
    create index subsidy_claims_project_idx on subsidy_claims (project_id, status);

    -- The settlement ledger: append-only. Money owed (claim) and paid (payment) is undone only by
    -- a new entry (reversal, clawback 十八 追回) that mirrors and names the entry it undoes, at most
    -- once. Every entry carries an idempotency key derived by its writer (workflow id + step), so a
    -- retried activity finds its earlier write instead of doubling it.
    create table ledger_entries (
      id uuid primary key default gen_random_uuid(),
      seq bigint generated always as identity constraint ledger_entries_seq_unique unique,
      idempotency_key text not null constraint ledger_entries_idempotency_key_unique unique
        constraint ledger_entries_idempotency_key_length
        check (length(idempotency_key) between 1 and 200),
      claim_id uuid not null references subsidy_claims (id),
      kind text not null constraint ledger_entries_kind_valid
        check (kind in ('claim', 'payment', 'reversal', 'clawback')),
      direction smallint not null generated always as
        (case when kind in ('claim', 'payment') then 1 else -1 end) stored,
      funding_source text not null references funding_sources (code),
      payer_region_code text references regions (code),
      amount_fen bigint not null
        constraint ledger_entries_amount_non_negative check (amount_fen >= 0),
      reverses_entry_id uuid references ledger_entries (id)
        constraint ledger_entries_reversed_at_most_once unique,
      recorded_at timestamptz not null default now(),
      recorded_by text not null,
      reason text,
      constraint ledger_entries_reversal_names_entry
        check ((kind in ('reversal', 'clawback')) = (reverses_entry_id is not null)),
      constraint ledger_entries_reversal_has_reason
        check (kind in ('claim', 'payment') or btrim(coalesce(reason, '')) <> '')
    );
    create index ledger_entries_claim_idx on ledger_entries (claim_id);

    create function ledger_entries_reversal_mirrors() returns trigger language plpgsql as $$
    declare
      original ledger_entries%rowtype;
    begin
      if new.reverses_entry_id is null then return new; end if;
      select * into original from ledger_entries where id = new.reverses_entry_id;
      -- A missing original is the foreign key's to report.
      if not found then return new; end if;
      if not ((original.kind = 'claim' and new.kind = 'reversal')
              or (original.kind = 'payment' and new.kind = 'clawback'))
         or original.claim_id <> new.claim_id
         or original.funding_source <> new.funding_source
         or original.payer_region_code is distinct from new.payer_region_code
         or original.amount_fen <> new.amount_fen then
        raise exception 'a % entry must mirror the % entry it reverses (claim, source, payer, amount)',
          new.kind, original.kind
          using errcode = 'check_violation', constraint = 'ledger_entries_reversal_mirrors';
      end if;
      return new;
    end $$;
    create trigger ledger_entries_reversal_mirrors before insert on ledger_entries
      for each row execute function ledger_entries_reversal_mirrors();
    create trigger ledger_entries_append_only before update or delete on ledger_entries
      for each row execute function forbid_change();
    create trigger ledger_entries_no_truncate before truncate on ledger_entries
      for each statement execute function forbid_change();

    -- 质效评估 (十三): metrics, method and the provider grade it proposes (十一 分类分级).
    create table quality_reviews (
      id uuid primary key default gen_random_uuid(),
      project_id uuid not null references projects (id),
      method text not null constraint quality_reviews_method_valid
        check (method in ('self', 'third_party', 'spot_check')),
      reviewer text not null constraint quality_reviews_reviewer_not_blank check (btrim(reviewer) <> ''),
      reviewed_on date not null,
      metrics jsonb not null constraint quality_reviews_metrics_object check (jsonb_typeof(metrics) = 'object'),
      provider_grade text constraint quality_reviews_grade_valid
        check (provider_grade in ('A', 'B', 'C', 'D')),
      findings text,
      recorded_at timestamptz not null default now(),
      recorded_by text not null
    );
    create index quality_reviews_project_idx on quality_reviews (project_id);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only');
}
