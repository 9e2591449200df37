import { type Kysely, sql } from 'kysely';

// Frozen in time: migrations use Kysely<any> and import nothing from the app.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- Trainees (劳动者). The resident ID number is never stored in the clear: a keyed HMAC-SHA256
    -- digest finds the same person again (and makes them unique), AES-256-GCM ciphertext recovers
    -- the number for authorised use, and the masked form is for display. The format checks make a
    -- plain number in any of these columns impossible.
    create table trainees (
      id uuid primary key default gen_random_uuid(),
      name text not null constraint trainees_name_not_blank check (btrim(name) <> ''),
      resident_id_digest text not null constraint trainees_resident_id_unique unique
        constraint trainees_resident_id_digest_format check (resident_id_digest ~ '^[0-9a-f]{64}$'),
      resident_id_ciphertext text not null constraint trainees_resident_id_ciphertext_format
        check (resident_id_ciphertext ~ '^v[0-9]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$'),
      masked_resident_id text not null constraint trainees_masked_resident_id_format
        check (masked_resident_id ~ '^[0-9]{6}\\*{8}[0-9]{3}[0-9X]$'),
      sex text not null constraint trainees_sex_valid check (sex in ('male', 'female')),
      birth_date date not null,
      -- 户籍地, which decides the labour-export side of cross-region projects (十二).
      home_region_code text not null references regions (code),
      masked_phone text constraint trainees_masked_phone_format
        check (masked_phone ~ '^1[0-9]{2}\\*{4}[0-9]{4}$'),
      created_at timestamptz not null default now()
    );
    create index trainees_home_region_idx on trainees (home_region_code);
    create table trainee_key_groups (
      trainee_id uuid not null references trainees (id),
      key_group text not null references key_groups (code),
      primary key (trainee_id, key_group)
    );
    create index trainee_key_groups_group_idx on trainee_key_groups (key_group);

    create table enrolments (
      id uuid primary key default gen_random_uuid(),
      project_id uuid not null references projects (id),
      trainee_id uuid not null references trainees (id),
      enrolled_at timestamptz not null default now(),
      status text not null default 'enrolled' constraint enrolments_status_valid
        check (status in ('enrolled', 'completed', 'withdrawn', 'void')),
      -- For skill uplift (十三).
      level_before text references skill_levels (code),
      -- 在岗 / 转岗 training of enterprise employees (七).
      employee_training_mode text constraint enrolments_training_mode_valid
        check (employee_training_mode in ('on_the_job', 'job_transfer')),
      ended_reason text,
      constraint enrolments_one_per_trainee_and_project unique (project_id, trainee_id),
      constraint enrolments_end_has_reason
        check (status not in ('withdrawn', 'void') or btrim(coalesce(ended_reason, '')) <> ''),
      -- Targets of the composite keys below, so rows further down the chain cannot mix up
      -- trainees and projects.
      unique (id, trainee_id),
      unique (id, project_id),
      unique (id, project_id, trainee_id)
    );
    create index enrolments_trainee_idx on enrolments (trainee_id);

    -- Attendance per session (十八: false training is what this evidence guards against).
    create table attendance (
      id uuid primary key default gen_random_uuid(),
      project_id uuid not null,
      session_id uuid not null,
      enrolment_id uuid not null,
      minutes_attended integer not null
        constraint attendance_minutes_non_negative check (minutes_attended >= 0),
      method text not null constraint attendance_method_valid
        check (method in ('face_recognition', 'online_log', 'sign_in', 'manual')),
      recorded_at timestamptz not null default now(),
      constraint attendance_session_of_project
        foreign key (session_id, project_id) references training_sessions (id, project_id),
      constraint attendance_enrolment_of_project
        foreign key (enrolment_id, project_id) references enrolments (id, project_id),
      constraint attendance_once_per_session unique (session_id, enrolment_id)
    );
    create index attendance_enrolment_idx on attendance (enrolment_id);

    -- Skill assessments (技能评价, 十四). Append-only: a false evaluation is answered by revoking the
    -- certificate (十八), never by rewriting the result.
    create table assessments (
      id uuid primary key default gen_random_uuid(),
      enrolment_id uuid not null,
      trainee_id uuid not null,
      evaluation_body_id uuid not null references evaluation_bodies (id),
      occupation_code text not null references occupations (code),
      level text not null references skill_levels (code),
      assessed_on date not null,
      result text not null constraint assessments_result_valid
        check (result in ('passed', 'failed', 'absent')),
      theory_score smallint constraint assessments_theory_score_range
        check (theory_score between 0 and 100),
      practice_score smallint constraint assessments_practice_score_range
        check (practice_score between 0 and 100),
      recorded_at timestamptz not null default now(),
      constraint assessments_enrolment_of_trainee
        foreign key (enrolment_id, trainee_id) references enrolments (id, trainee_id),
      constraint assessments_absent_unscored
        check (result <> 'absent' or (theory_score is null and practice_score is null)),
      unique (id, trainee_id, evaluation_body_id, occupation_code, level)
    );
    create index assessments_enrolment_idx on assessments (enrolment_id);
    create trigger assessments_append_only before update or delete on assessments
      for each row execute function forbid_change();
    create trigger assessments_no_truncate before truncate on assessments
      for each statement execute function forbid_change();

    -- Vocational skill level certificates (职业技能等级证书), one of the eight levels (十四), issued on
    -- a passed assessment and agreeing with it in trainee, body, occupation and level.
    create table certificates (
      id uuid primary key default gen_random_uuid(),
      number text not null constraint certificates_number_unique unique
        constraint certificates_number_not_blank check (btrim(number) <> ''),
      trainee_id uuid not null references trainees (id),
      assessment_id uuid not null constraint certificates_one_per_assessment unique,
      evaluation_body_id uuid not null,
      occupation_code text not null,
      level text not null references skill_levels (code),
      issued_on date not null,
      status text not null default 'valid' constraint certificates_status_valid
        check (status in ('valid', 'revoked')),
      revoked_at timestamptz,
      revoked_by text,
      revoked_reason text,
      recorded_at timestamptz not null default now(),
      constraint certificates_match_assessment
        foreign key (assessment_id, trainee_id, evaluation_body_id, occupation_code, level)
        references assessments (id, trainee_id, evaluation_body_id, occupation_code, level),
      constraint certificates_revocation_recorded check (
        (status = 'revoked') = (revoked_at is not null)
        and (revoked_at is null or (revoked_by is not null and btrim(coalesce(revoked_reason, '')) <> ''))),
      unique (id, trainee_id, occupation_code, level)
    );
    create index certificates_trainee_idx on certificates (trainee_id);

    create function certificates_require_passed_assessment() returns trigger
      language plpgsql as $$
    begin
      if not exists (select 1 from assessments where id = new.assessment_id and result = 'passed') then
        raise exception 'certificate % needs a passed assessment', new.number
          using errcode = 'check_violation', constraint = 'certificates_require_passed_assessment';
      end if;
      return new;
    end $$;
    create trigger certificates_require_passed_assessment before insert on certificates
      for each row execute function certificates_require_passed_assessment();

    -- Certificates are append-only except for the one change the policy asks for: revoking a valid
    -- certificate after a false evaluation (十八), recorded with who, when and why.
    create function certificates_only_revoke() returns trigger language plpgsql as $$
    declare
      revocation text[] := array['status', 'revoked_at', 'revoked_by', 'revoked_reason'];
    begin
      if tg_op = 'UPDATE' and old.status = 'valid' and new.status = 'revoked'
         and (to_jsonb(new) - revocation) = (to_jsonb(old) - revocation) then
        return new;
      end if;
      raise exception 'certificates are append-only (only revoking a valid one is allowed): % refused', tg_op
        using errcode = 'restrict_violation';
    end $$;
    create trigger certificates_only_revoke before update or delete on certificates
      for each row execute function certificates_only_revoke();
    create trigger certificates_no_truncate before truncate on certificates
      for each statement execute function forbid_change();

    -- Employment (就业服务): one placement per enrolment, retention checked at 3 and 6 months.
    create table placements (
      id uuid primary key default gen_random_uuid(),
      enrolment_id uuid not null constraint placements_one_per_enrolment unique,
      trainee_id uuid not null,
      enterprise_id uuid not null references enterprises (id),
      demand_order_id uuid references demand_orders (id),
      started_on date not null,
      contract_type text not null constraint placements_contract_type_valid check (contract_type in (
        'open_ended', 'fixed_term', 'part_time', 'labour_dispatch', 'flexible')),
      contract_months smallint constraint placements_contract_months_positive
        check (contract_months > 0),
      monthly_wage_fen bigint not null
        constraint placements_wage_positive check (monthly_wage_fen > 0),
      work_region_code text not null references regions (code),
      recorded_at timestamptz not null default now(),
      constraint placements_enrolment_of_trainee
        foreign key (enrolment_id, trainee_id) references enrolments (id, trainee_id)
    );
    create table follow_ups (
      id uuid primary key default gen_random_uuid(),
      placement_id uuid not null references placements (id),
      milestone_months smallint not null
        constraint follow_ups_milestone_valid check (milestone_months in (3, 6)),
      due_on date not null,
      outcome text constraint follow_ups_outcome_valid
        check (outcome in ('retained', 'left', 'unknown')),
      recorded_at timestamptz,
      constraint follow_ups_outcome_recorded check ((outcome is null) = (recorded_at is null)),
      constraint follow_ups_one_per_milestone unique (placement_id, milestone_months)
    );
    create index follow_ups_due_idx on follow_ups (due_on) where outcome is null;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('forward-only');
}
