import { type Kysely, sql } from 'kysely';

// Frozen in time: migrations use Kysely<any> and import nothing from the app.

/**
 * One project plan, each fact stored once (issue: "approved cost shares bind the money").
 *
 * Before: a party's region, role and share lived in `projects.config.costSharing`, in
 * `project_partner_regions`, in each round's `party_shares` and in the workflow input; funding was
 * a project-wide `funding_plans` split set before anyone approved; a project's hold on a demand
 * order's places was stored nowhere.
 *
 * After:
 * - Every project has a cost-sharing agreement; its round 1 is the plan as drafted (status
 *   `draft`, editable until launch), and each revision is a new round. `party_shares` (per round:
 *   region, role, share) is THE parties table, `approvals` the decisions, and the new
 *   `party_funding_lines` each party's funds (bp of that party's part). A local project's plan is
 *   its owner alone, approved at launch.
 * - `project_partner_regions` becomes a view over the parties of every round (so a partner added
 *   by a revision can act on its step); `funding_plans` and `config.costSharing` go.
 * - `project_demand_orders` records the places a project holds and has filled on each order; the
 *   order's own reserved/filled counts follow from them by trigger, so cancelling releases exactly
 *   what this project holds and a placement moves exactly one of its places to filled.
 * - Claims have a life after settlement: each paying party approves or rejects its part
 *   (`claim_decisions`, append-only), then pays it (ledger `payment` entries).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- Round 1 of a project not yet launched is its draft plan: no deadline, not open.
    alter table cost_sharing_rounds drop constraint cost_sharing_rounds_status_valid;
    alter table cost_sharing_rounds add constraint cost_sharing_rounds_status_valid
      check (status in ('draft', 'open', 'approved', 'rejected', 'expired', 'cancelled'));
    alter table cost_sharing_rounds alter column deadline drop not null;
    alter table cost_sharing_rounds add constraint cost_sharing_rounds_deadline_unless_draft
      check ((status = 'draft') = (deadline is null));
    alter table cost_sharing_rounds drop constraint cost_sharing_rounds_closed_iff_decided;
    alter table cost_sharing_rounds add constraint cost_sharing_rounds_closed_iff_decided
      check ((status in ('draft', 'open')) = (closed_at is null));
    alter table cost_sharing_rounds add column created_by text;
    alter table cost_sharing_rounds add column reason text;
    alter table cost_sharing_rounds alter column opened_at drop not null;

    -- Parties of a draft round may change; once the round is put to the parties they are fixed
    -- (a revision is a new round).
    create function party_rows_fixed_unless_draft() returns trigger language plpgsql as $$
    declare
      round_status text;
    begin
      select status into round_status from cost_sharing_rounds
        where id = coalesce(old.round_id, new.round_id);
      if round_status is distinct from 'draft' then
        raise exception '% of a round that is % are fixed: % refused', tg_table_name,
          coalesce(round_status, 'gone'), tg_op using errcode = 'restrict_violation';
      end if;
      return coalesce(new, old);
    end $$;
    drop trigger party_shares_immutable on party_shares;
    create trigger party_shares_fixed_unless_draft before update or delete on party_shares
      for each row execute function party_rows_fixed_unless_draft();

    -- The shares of a round add up to the whole, checked at commit after any change.
    drop trigger party_shares_sum on party_shares;
    create or replace function party_shares_sum_check() returns trigger language plpgsql as $$
    declare
      the_round uuid;
      total bigint;
    begin
      if tg_table_name = 'cost_sharing_rounds' then
        the_round := new.id;
      elsif tg_op = 'DELETE' then
        the_round := old.round_id;
      else
        the_round := new.round_id;
      end if;
      if not exists (select 1 from cost_sharing_rounds where id = the_round) then return null; end if;
      select coalesce(sum(share_bp), 0) into total from party_shares where round_id = the_round;
      if total <> 10000 then
        raise exception 'cost-sharing round % shares add up to % basis points, not 10000',
          the_round, total using errcode = 'check_violation', constraint = 'party_shares_sum';
      end if;
      return null;
    end $$;
    create constraint trigger party_shares_sum after insert or update or delete on party_shares
      deferrable initially deferred for each row execute function party_shares_sum_check();

    -- Each party's funds (十七): basis points of that party's part, adding up to 10 000 when any.
    create table party_funding_lines (
      round_id uuid not null,
      region_code text not null,
      position smallint not null constraint party_funding_lines_position_positive check (position >= 1),
      source text not null references funding_sources (code),
      share_bp integer not null
        constraint party_funding_lines_bp_range check (share_bp between 1 and 10000),
      primary key (round_id, region_code, source),
      constraint party_funding_lines_position_unique unique (round_id, region_code, position),
      constraint party_funding_lines_of_party foreign key (round_id, region_code)
        references party_shares (round_id, region_code) on delete cascade
    );
    create trigger party_funding_lines_fixed_unless_draft
      before update or delete on party_funding_lines
      for each row execute function party_rows_fixed_unless_draft();
    create trigger party_funding_lines_no_truncate before truncate on party_funding_lines
      for each statement execute function forbid_change();

    create function party_funding_lines_sum_check() returns trigger language plpgsql as $$
    declare
      the_round uuid;
      the_region text;
      total bigint;
    begin
      if tg_op = 'DELETE' then
        the_round := old.round_id; the_region := old.region_code;
      else
        the_round := new.round_id; the_region := new.region_code;
      end if;
      select sum(share_bp) into total from party_funding_lines
        where round_id = the_round and region_code = the_region;
      if total is not null and total <> 10000 then
        raise exception 'the funds of party % in round % add up to % basis points, not 10000',
          the_region, the_round, total
          using errcode = 'check_violation', constraint = 'party_funding_lines_sum';
      end if;
      return null;
    end $$;
    create constraint trigger party_funding_lines_sum
      after insert or update or delete on party_funding_lines
      deferrable initially deferred for each row execute function party_funding_lines_sum_check();
  `.execute(db);

  // Every project gets an agreement and a round 1 holding its parties as they stand.
  await sql`
    insert into cost_sharing_agreements (project_id, status)
    select p.id, case when p.workflow_id is null then 'draft' else 'approved' end
      from projects p
     where not exists (select 1 from cost_sharing_agreements a where a.project_id = p.id);

    -- Draft projects: round 1 from the owner (the rest of the whole) and the planned partners.
    insert into cost_sharing_rounds (agreement_id, round, deadline, status, opened_at, closed_at)
    select a.id, 1, null, 'draft', null, null
      from cost_sharing_agreements a join projects p on p.id = a.project_id
     where p.workflow_id is null
       and not exists (select 1 from cost_sharing_rounds r where r.agreement_id = a.id);
    -- Launched local projects: round 1, the owner alone, approved at launch.
    insert into cost_sharing_rounds (agreement_id, round, deadline, status, opened_at, closed_at)
    select a.id, 1, p.created_at, 'approved', p.created_at, p.created_at
      from cost_sharing_agreements a join projects p on p.id = a.project_id
     where p.workflow_id is not null
       and not exists (select 1 from cost_sharing_rounds r where r.agreement_id = a.id);

    insert into party_shares (round_id, region_code, role, share_bp)
    select r.id, p.owner_region_code, 'labour_import',
           10000 - coalesce((select sum((x ->> 'shareBp')::int)
                               from jsonb_array_elements(p.config -> 'costSharing' -> 'partners') x), 0)
      from cost_sharing_rounds r
      join cost_sharing_agreements a on a.id = r.agreement_id
      join projects p on p.id = a.project_id
     where not exists (select 1 from party_shares s where s.round_id = r.id);
    insert into party_shares (round_id, region_code, role, share_bp)
    select r.id, pr.region_code, pr.role,
           coalesce((select (x ->> 'shareBp')::int
                       from jsonb_array_elements(p.config -> 'costSharing' -> 'partners') x
                      where x ->> 'regionCode' = pr.region_code), 0)
      from cost_sharing_rounds r
      join cost_sharing_agreements a on a.id = r.agreement_id
      join projects p on p.id = a.project_id
      join project_partner_regions pr on pr.project_id = p.id
     where r.status = 'draft';
    insert into approvals (round_id, region_code, status, deadline, decided_at, decided_by, reason)
    select r.id, s.region_code, 'approved', r.deadline, r.closed_at, p.created_by,
           'owning region: approved when the project was launched'
      from cost_sharing_rounds r
      join cost_sharing_agreements a on a.id = r.agreement_id
      join projects p on p.id = a.project_id
      join party_shares s on s.round_id = r.id
     where r.status = 'approved'
       and not exists (select 1 from approvals x where x.round_id = r.id);

    -- Funds: the old project-wide plan's mix (by source) becomes every party's own mix.
    insert into party_funding_lines (round_id, region_code, position, source, share_bp)
    select s.round_id, s.region_code,
           row_number() over (partition by s.round_id, s.region_code order by min(f.position)),
           f.source, sum(f.share_bp)
      from party_shares s
      join cost_sharing_rounds r on r.id = s.round_id
      join cost_sharing_agreements a on a.id = r.agreement_id
      join funding_plans fp on fp.project_id = a.project_id
      join funding_plan_shares f on f.funding_plan_id = fp.id
     where s.share_bp > 0
     group by s.round_id, s.region_code, f.source;
  `.execute(db);

  await sql`
    drop table funding_plan_shares;
    drop table funding_plans;
    drop function funding_plan_shares_sum_check();
    update projects set config = config - 'costSharing' where config ? 'costSharing';
    drop table project_partner_regions;

    -- The regions taking part besides the owner, in any round (a revision's new partner too),
    -- with the role of their latest round. Derived, never written.
    create view project_partner_regions as
    select distinct on (a.project_id, s.region_code)
           a.project_id, s.region_code, s.role
      from party_shares s
      join cost_sharing_rounds r on r.id = s.round_id
      join cost_sharing_agreements a on a.id = r.agreement_id
      join projects p on p.id = a.project_id
     where s.region_code <> p.owner_region_code
     order by a.project_id, s.region_code, r.round desc;
    create index party_shares_region_idx on party_shares (region_code);

    -- Places a project holds (reserved) and has filled on each demand order it serves.
    alter table project_demand_orders add column held integer not null default 0
      constraint project_demand_orders_held_non_negative check (held >= 0);
    alter table project_demand_orders add column filled integer not null default 0
      constraint project_demand_orders_filled_non_negative check (filled >= 0);
    alter table project_demand_orders add constraint project_demand_orders_within_headcount
      check (held + filled <= headcount);

    update project_demand_orders d
       set filled = least(d.headcount, (select count(*) from placements pl
                          join enrolments e on e.id = pl.enrolment_id
                         where e.project_id = d.project_id and pl.demand_order_id = d.demand_order_id))
      from projects p where p.id = d.project_id;
    update project_demand_orders d set held = d.headcount - d.filled
      from projects p
     where p.id = d.project_id and p.workflow_id is not null
       and p.stage not in ('cancelled', 'closed', 'settlement', 'quality_review');

    -- An order's reserved and filled places are the sums of its projects' (one rule, here).
    create function project_demand_orders_move_places() returns trigger language plpgsql as $$
    begin
      update demand_orders
         set reserved_headcount = reserved_headcount + (new.held - coalesce(old.held, 0)),
             filled_headcount = filled_headcount + (new.filled - coalesce(old.filled, 0)),
             updated_at = now()
       where id = new.demand_order_id;
      return null;
    end $$;
    create trigger project_demand_orders_move_places
      after update of held, filled on project_demand_orders
      for each row when (old.held is distinct from new.held or old.filled is distinct from new.filled)
      execute function project_demand_orders_move_places();
    create function project_demand_orders_insert_places() returns trigger language plpgsql as $$
    begin
      if new.held = 0 and new.filled = 0 then return null; end if;
      update demand_orders
         set reserved_headcount = reserved_headcount + new.held,
             filled_headcount = filled_headcount + new.filled, updated_at = now()
       where id = new.demand_order_id;
      return null;
    end $$;
    create trigger project_demand_orders_insert_places after insert on project_demand_orders
      for each row execute function project_demand_orders_insert_places();
    update demand_orders o set
      reserved_headcount = coalesce((select sum(held) from project_demand_orders d
                                     where d.demand_order_id = o.id), 0),
      filled_headcount = coalesce((select sum(filled) from project_demand_orders d
                                   where d.demand_order_id = o.id), 0);

    -- Each paying party approves or rejects its part of a claim, once (十八 谁使用、谁负责).
    create table claim_decisions (
      id uuid primary key default gen_random_uuid(),
      claim_id uuid not null references subsidy_claims (id),
      payer_region_code text not null references regions (code),
      decision text not null constraint claim_decisions_decision_valid
        check (decision in ('approved', 'rejected')),
      decided_at timestamptz not null default now(),
      decided_by text not null,
      reason text,
      constraint claim_decisions_once_per_payer unique (claim_id, payer_region_code),
      constraint claim_decisions_rejection_has_reason
        check (decision <> 'rejected' or btrim(coalesce(reason, '')) <> '')
    );
    create trigger claim_decisions_append_only before update or delete on claim_decisions
      for each row execute function forbid_change();
    create trigger claim_decisions_no_truncate before truncate on claim_decisions
      for each statement execute function forbid_change();

    create index ledger_entries_payer_idx on ledger_entries (payer_region_code, funding_source);
    create index subsidy_claims_trainee_idx on subsidy_claims (trainee_id);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only');
}
