import { type Kysely, sql } from 'kysely';

// Frozen in time: migrations use Kysely<any> and import nothing from the app.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- A project's configuration: the durations that drive its timers (so tests can run a project in
    -- seconds), the attendance threshold for a claim and whether the subsidy is employment-linked.
    create function project_config_valid(config jsonb) returns boolean
      language plpgsql immutable strict as $$
    declare
      duration_key text;
      threshold jsonb;
      duration jsonb;
    begin
      if jsonb_typeof(config) <> 'object' then return false; end if;
      if jsonb_typeof(config -> 'employmentLinked') is distinct from 'boolean' then return false; end if;
      threshold := config -> 'attendanceThresholdBp';
      if jsonb_typeof(threshold) is distinct from 'number' then return false; end if;
      if not (threshold::numeric between 0 and 10000 and threshold::numeric % 1 = 0) then
        return false;
      end if;
      if jsonb_typeof(config -> 'durations') is distinct from 'object' then return false; end if;
      foreach duration_key in array array['approvalDeadlineMs', 'reminderLeadMs',
          'reminderIntervalMs', 'followUp3MonthMs', 'followUp6MonthMs'] loop
        duration := config -> 'durations' -> duration_key;
        if jsonb_typeof(duration) is distinct from 'number' then return false; end if;
        if not (duration::numeric > 0 and duration::numeric % 1 = 0) then return false; end if;
      end loop;
      return true;
    end $$;

    -- 项目化培训 (十二): 订单/定向/定岗 projects run by a region's HR department.
    create table projects (
      id uuid primary key default gen_random_uuid(),
      name text not null constraint projects_name_not_blank check (btrim(name) <> ''),
      type text not null constraint projects_type_valid check (type in ('order', 'directed', 'post')),
      sector text not null references sectors (code),
      sector_field text,
      owner_region_code text not null references regions (code),
      training_region_code text not null references regions (code),
      target_level text not null references skill_levels (code),
      provider_id uuid not null references training_providers (id),
      evaluation_body_id uuid not null references evaluation_bodies (id),
      planned_headcount integer not null
        constraint projects_planned_headcount_positive check (planned_headcount > 0),
      config jsonb not null constraint projects_config_valid check (project_config_valid(config)),
      catalogue_version_id uuid references catalogue_versions (id),
      approved_on date,
      stage text not null default 'demand' constraint projects_stage_valid check (stage in (
        'demand', 'cost_sharing', 'enrolment', 'training', 'evaluation', 'employment',
        'settlement', 'quality_review', 'closed', 'cancelled')),
      workflow_id text constraint projects_workflow_id_unique unique,
      created_at timestamptz not null default now(),
      created_by text not null,
      updated_at timestamptz not null default now(),
      -- MATCH SIMPLE: checked only when a field is given.
      constraint projects_sector_field_of_sector
        foreign key (sector, sector_field) references sector_fields (sector_code, code)
    );
    create index projects_owner_region_idx on projects (owner_region_code, stage);
    create index projects_stage_idx on projects (stage);

    -- Regions taking part besides the owner (委托培训 + 成本分担, 十二).
    create table project_partner_regions (
      project_id uuid not null references projects (id),
      region_code text not null references regions (code),
      role text not null constraint project_partner_regions_role_valid
        check (role in ('labour_import', 'labour_export', 'training_host')),
      primary key (project_id, region_code)
    );
    create index project_partner_regions_region_idx on project_partner_regions (region_code);

    -- The demand orders a project serves, and how much of each it holds.
    create table project_demand_orders (
      project_id uuid not null references projects (id),
      demand_order_id uuid not null references demand_orders (id),
      headcount integer not null
        constraint project_demand_orders_headcount_positive check (headcount > 0),
      primary key (project_id, demand_order_id)
    );
    create index project_demand_orders_order_idx on project_demand_orders (demand_order_id);

    -- Occupations a project trains and certifies for; claims are only for these.
    create table project_occupations (
      project_id uuid not null references projects (id),
      occupation_code text not null references occupations (code),
      primary key (project_id, occupation_code)
    );

    -- Course plan (十三: 模块化和微型化, 理论与实操, 线上线下).
    create table course_modules (
      id uuid primary key default gen_random_uuid(),
      project_id uuid not null references projects (id),
      position smallint not null constraint course_modules_position_positive check (position >= 1),
      title text not null constraint course_modules_title_not_blank check (btrim(title) <> ''),
      theory_hours integer not null
        constraint course_modules_theory_non_negative check (theory_hours >= 0),
      practice_hours integer not null
        constraint course_modules_practice_non_negative check (practice_hours >= 0),
      mode text not null constraint course_modules_mode_valid
        check (mode in ('online', 'offline', 'blended')),
      constraint course_modules_has_hours check (theory_hours + practice_hours > 0),
      constraint course_modules_position_unique unique (project_id, position),
      unique (id, project_id)
    );
    create table training_sessions (
      id uuid primary key default gen_random_uuid(),
      project_id uuid not null,
      module_id uuid not null,
      starts_at timestamptz not null,
      minutes integer not null constraint training_sessions_minutes_positive check (minutes > 0),
      mode text not null constraint training_sessions_mode_valid check (mode in ('online', 'offline')),
      constraint training_sessions_module_of_project
        foreign key (module_id, project_id) references course_modules (id, project_id),
      unique (id, project_id)
    );
    create index training_sessions_project_idx on training_sessions (project_id);

    -- Funding plan (十七 资金统筹): which sources pay which share of the project's subsidies.
    create table funding_plans (
      id uuid primary key default gen_random_uuid(),
      project_id uuid not null constraint funding_plans_one_per_project unique references projects (id),
      created_at timestamptz not null default now()
    );
    create table funding_plan_shares (
      funding_plan_id uuid not null references funding_plans (id),
      position smallint not null constraint funding_plan_shares_position_positive check (position >= 1),
      source text not null references funding_sources (code),
      payer_region_code text references regions (code),
      share_bp integer not null
        constraint funding_plan_shares_bp_range check (share_bp between 0 and 10000),
      primary key (funding_plan_id, position),
      constraint funding_plan_shares_source_unique
        unique nulls not distinct (funding_plan_id, source, payer_region_code)
    );

    -- Cost sharing between regions (成本分担, 十二). Each revision after a rejection is a new round
    -- with new shares and fresh approvals; earlier rounds stay on record.
    create table cost_sharing_agreements (
      id uuid primary key default gen_random_uuid(),
      project_id uuid not null constraint cost_sharing_agreements_one_per_project unique
        references projects (id),
      status text not null default 'draft' constraint cost_sharing_agreements_status_valid check (
        status in ('draft', 'awaiting_approval', 'approved', 'revising', 'cancelled')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create table cost_sharing_rounds (
      id uuid primary key default gen_random_uuid(),
      agreement_id uuid not null references cost_sharing_agreements (id),
      round smallint not null constraint cost_sharing_rounds_round_positive check (round >= 1),
      deadline timestamptz not null,
      status text not null default 'open' constraint cost_sharing_rounds_status_valid
        check (status in ('open', 'approved', 'rejected', 'expired', 'cancelled')),
      opened_at timestamptz not null default now(),
      closed_at timestamptz,
      constraint cost_sharing_rounds_closed_iff_decided check ((status = 'open') = (closed_at is null)),
      constraint cost_sharing_rounds_number_unique unique (agreement_id, round)
    );
    create unique index cost_sharing_rounds_one_open on cost_sharing_rounds (agreement_id)
      where status = 'open';
    -- A party's share of one round; immutable (a revision is a new round).
    create table party_shares (
      round_id uuid not null references cost_sharing_rounds (id),
      region_code text not null references regions (code),
      role text not null constraint party_shares_role_valid
        check (role in ('labour_import', 'labour_export', 'training_host')),
      share_bp integer not null constraint party_shares_bp_range check (share_bp between 0 and 10000),
      primary key (round_id, region_code)
    );
    create trigger party_shares_immutable before update or delete on party_shares
      for each row execute function forbid_change();
    create trigger party_shares_no_truncate before truncate on party_shares
      for each statement execute function forbid_change();
    -- One decision per party and round, due by its deadline; reminders and escalation are counted.
    create table approvals (
      id uuid primary key default gen_random_uuid(),
      round_id uuid not null,
      region_code text not null,
      status text not null default 'pending' constraint approvals_status_valid
        check (status in ('pending', 'approved', 'rejected', 'expired')),
      deadline timestamptz not null,
      reminders_sent integer not null default 0
        constraint approvals_reminders_non_negative check (reminders_sent >= 0),
      escalated_at timestamptz,
      decided_at timestamptz,
      decided_by text,
      reason text,
      constraint approvals_party_of_round
        foreign key (round_id, region_code) references party_shares (round_id, region_code),
      constraint approvals_one_per_party_and_round unique (round_id, region_code),
      constraint approvals_decision_recorded check (
        (status in ('approved', 'rejected')) = (decided_at is not null and decided_by is not null)),
      -- The owner must know what to revise (十二).
      constraint approvals_rejection_has_reason
        check (status <> 'rejected' or btrim(coalesce(reason, '')) <> '')
    );
    create index approvals_pending_idx on approvals (deadline) where status = 'pending';

    -- A decision, once made, is final ("谁使用、谁负责", 十八): a changed mind is a new round.
    create function approvals_decision_final() returns trigger language plpgsql as $$
    begin
      if old.status in ('approved', 'rejected') then
        raise exception 'approval % was % and is final: % refused', old.id, old.status, tg_op
          using errcode = 'restrict_violation';
      end if;
      return coalesce(new, old);
    end $$;
    create trigger approvals_decision_final before update or delete on approvals
      for each row execute function approvals_decision_final();

    -- Shares add up to the whole. A deferred constraint trigger checks at commit, so a plan or
    -- round and its shares are written in one transaction and nobody (an approver above all)
    -- ever sees a set that does not add up; a plan's shares may be replaced within a transaction.
    create function funding_plan_shares_sum_check() returns trigger language plpgsql as $$
    declare
      plan_id uuid;
      total bigint;
    begin
      if tg_table_name = 'funding_plans' then
        plan_id := new.id;
      elsif tg_op = 'DELETE' then
        plan_id := old.funding_plan_id;
      else
        plan_id := new.funding_plan_id;
      end if;
      select coalesce(sum(share_bp), 0) into total
        from funding_plan_shares where funding_plan_id = plan_id;
      if total <> 10000 then
        raise exception 'funding plan % shares add up to % basis points, not 10000', plan_id, total
          using errcode = 'check_violation', constraint = 'funding_plan_shares_sum';
      end if;
      return null;
    end $$;
    create constraint trigger funding_plans_shares_sum after insert on funding_plans
      deferrable initially deferred for each row execute function funding_plan_shares_sum_check();
    create constraint trigger funding_plan_shares_sum
      after insert or update or delete on funding_plan_shares
      deferrable initially deferred for each row execute function funding_plan_shares_sum_check();

    create function party_shares_sum_check() returns trigger language plpgsql as $$
    declare
      the_round uuid;
      total bigint;
    begin
      if tg_table_name = 'cost_sharing_rounds' then
        the_round := new.id;
      else
        the_round := new.round_id;
      end if;
      select coalesce(sum(share_bp), 0) into total from party_shares where round_id = the_round;
      if total <> 10000 then
        raise exception 'cost-sharing round % shares add up to % basis points, not 10000',
          the_round, total using errcode = 'check_violation', constraint = 'party_shares_sum';
      end if;
      return null;
    end $$;
    create constraint trigger cost_sharing_rounds_shares_sum after insert on cost_sharing_rounds
      deferrable initially deferred for each row execute function party_shares_sum_check();
    create constraint trigger party_shares_sum after insert on party_shares
      deferrable initially deferred for each row execute function party_shares_sum_check();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only');
}
