import type { PlanParty, ProjectDurations, ProjectStage } from '@qiancheng/domain';

/**
 * Every duration of a project, in milliseconds, from the project's configuration: the domain's
 * ProjectDurations, the one type of them (production projects wait weeks and months, tests run
 * the whole chain in seconds against the real server).
 */
export type ProjectTimings = ProjectDurations;

export interface CostSharePartyInput {
  /** GB/T 2260 code of the partner region. */
  regionCode: string;
  /** Share of the cost in basis points (10000 = 100%). */
  shareBp: number;
  /** The provincial coordinator escalations go to (the partner's province code). */
  coordinatorRegionCode: string;
}

export interface ProjectWorkflowInput {
  projectId: string;
  /** The owning region (labour-import region for cross-region projects). */
  regionCode: string;
  enterpriseId: string;
  sector: string;
  /** Partner regions and their shares; empty for a local project (no cost-sharing stage). */
  partners: CostSharePartyInput[];
  timings: ProjectTimings;
  launchedBy: string;
  /** How the project's activities retry before a step counts as failed; production defaults when absent. */
  activityRetry?: ActivityRetryBounds;
  /** Steps a run takes before it continues as new ({@link STEPS_PER_RUN} when absent; tests lower it). */
  stepsPerRun?: number;
  /** Set only by the project itself when it continues as new: where the last run stood. */
  carriedOver?: CarriedOver;
}

/** The stages people close by hand, in the order the chain runs them. */
export const HUMAN_STAGES = ['enrolment', 'training', 'evaluation', 'employment'] as const;
export type HumanStage = (typeof HUMAN_STAGES)[number];

/**
 * Temporal accepts at most 2,000 updates in one run (`history.maxTotalUpdates`) and replays a whole
 * history whenever a worker has not cached it: a project whose people take thousands of steps
 * (enrolment batches, attendance sessions, placements) carries its state into a new run of the same
 * workflow id long before either bites, after this many steps…
 */
export const STEPS_PER_RUN = 500;
/** …or this many history events (or when the server suggests it), keeping every history small. */
export const EVENTS_PER_RUN = 8_000;

/** What a run hands the next one: the human stage it was in and everything the stage needs. */
export interface CarriedOver {
  stage: HumanStage;
  state: ProjectState;
  closed: Record<HumanStage, boolean>;
  partners: CostSharePartyInput[];
  /** How many runs came before the new one. */
  runs: number;
}

/** Every activity retries a bounded number of times, then the step fails and shows in the state. */
export interface ActivityRetryBounds {
  maximumAttempts: number;
  initialIntervalMs: number;
}

/** The defaults: ten attempts over about four minutes (1 s doubling, at most a minute apart). */
export const DEFAULT_ACTIVITY_RETRY: ActivityRetryBounds = {
  maximumAttempts: 10,
  initialIntervalMs: 1_000,
};

export type ShareStatus = 'pending' | 'approved' | 'rejected' | 'expired';

export interface PartyState {
  regionCode: string;
  shareBp: number;
  status: ShareStatus;
  /** ISO timestamp of this round's deadline. */
  deadline: string;
  remindersSent: number;
  escalated: boolean;
  decidedBy: string | null;
  reason: string | null;
}

export interface Decision {
  at: string;
  by: string;
  action: string;
  reason: string | null;
}

export interface PendingStep {
  kind:
    | 'approve_share'
    | 'revise_shares'
    | 'enrol_trainees'
    | 'complete_training'
    | 'submit_assessments'
    | 'record_placements'
    | 'follow_ups'
    /** A step of the chain failed after its retries: an operator corrects the cause and retries it. */
    | 'retry_step';
  /** The party that must act (region code), when one region must. */
  regionCode: string | null;
  deadline: string | null;
}

export interface ProjectCounts {
  enrolled: number;
  ineligible: number;
  attendanceRecords: number;
  assessed: number;
  certified: number;
  placed: number;
  followUpsStarted: number;
  followUpsDone: number;
  claims: number;
  claimedFen: number;
  ledgerEntries: number;
  reversedClaims: number;
  reversedFen: number;
}

/** The one query: everything the console shows about a live project. */
export interface ProjectState {
  projectId: string;
  stage: ProjectStage;
  /** Cost-sharing round (0 for a local project). */
  round: number;
  parties: PartyState[];
  counts: ProjectCounts;
  pending: PendingStep[];
  decisions: Decision[];
  cancelled: { by: string; reason: string; at: string } | null;
  /** Steps that failed (newest last, at most {@link MAX_FAILURES}), so a manager can correct them. */
  failures: FailedStep[];
}

/** How many failed steps the state keeps. */
export const MAX_FAILURES = 50;

/** A step whose activity failed: permanently (bad data, a refusal) or after all its retries. */
export interface FailedStep {
  /** The step, e.g. `record_placements`, `approve_share:520500`, `enter_stage:enrolment`. */
  step: string;
  /** The failure's stable type, e.g. `ConstraintViolated`, `InvalidData`, `DatabaseUnavailable`. */
  type: string;
  message: string;
  at: string;
  /** Who asked for the step; null for the chain's own steps. */
  by: string | null;
  /** When the same step later succeeded. */
  resolvedAt: string | null;
}

// Update and signal payloads. Trainees travel as ids only: identity numbers stay in PostgreSQL.

export interface ShareDecisionInput {
  regionCode: string;
  round: number;
  by: string;
  reason?: string;
}
export interface ShareDecisionResult {
  regionCode: string;
  round: number;
  status: ShareStatus;
  /** True when every party of the round has now decided. */
  roundComplete: boolean;
}

/**
 * A provincial coordinator's decision on an escalated share (十二 省级统筹): approve or reject as
 * the partner would, or extend the deadline (a new deadline and a reason).
 */
export interface CoordinatorDecisionInput {
  regionCode: string;
  round: number;
  action: 'approve' | 'reject' | 'extend';
  by: string;
  reason?: string;
  /** ISO timestamp, for an extension. */
  deadline?: string;
}
export interface CoordinatorDecisionResult extends ShareDecisionResult {
  /** The party's deadline after the decision (the new one after an extension). */
  deadline: string;
}

/**
 * A revision after a rejection or expiry (十二): the whole new set of parties, owner included,
 * each with its share and funds — a new round, checked by the domain's validateParties.
 */
export interface ReviseSharesInput {
  parties: PlanParty[];
  by: string;
  reason: string;
}

export interface EnrolTraineesInput {
  traineeIds: string[];
  by: string;
}
export interface EnrolTraineesResult {
  enrolled: number;
  alreadyEnrolled: number;
  ineligible: { traineeId: string; reason: string }[];
}

export interface AttendanceInput {
  /** One training session of a course module, and who attended it. */
  moduleId: string;
  /** ISO timestamp the session started. */
  startsAt: string;
  minutes: number;
  mode: 'online' | 'offline';
  /** How attendance was taken (face recognition, online log, sign-in sheet, manual). */
  method: 'face_recognition' | 'online_log' | 'sign_in' | 'manual';
  presentTraineeIds: string[];
  by: string;
}

export interface AssessmentResultInput {
  traineeId: string;
  result: 'passed' | 'failed' | 'absent';
  /** The level assessed (a skill-level code); the project's target level when null. */
  level: string | null;
  theoryScore: number | null;
  practiceScore: number | null;
  /** The certificate issued for a pass (职业技能等级证书 number). */
  certificateNo: string | null;
}
export interface SubmitAssessmentsInput {
  results: AssessmentResultInput[];
  by: string;
}
export interface SubmitAssessmentsResult {
  recorded: number;
  certified: number;
}

export interface PlacementInput {
  traineeId: string;
  enterpriseId: string;
  /** The demand order the post came from, when it did. */
  demandOrderId: string | null;
  startedOn: string;
  contractType: 'open_ended' | 'fixed_term' | 'part_time' | 'labour_dispatch' | 'flexible';
  contractMonths: number | null;
  monthlyWageFen: number;
  workRegionCode: string;
}
export interface RecordPlacementsInput {
  placements: PlacementInput[];
  by: string;
}
export interface RecordPlacementsResult {
  recorded: number;
  followUpsStarted: number;
}

export interface StepInput {
  by: string;
  reason?: string;
}

export type FraudKind = 'false_training' | 'false_evaluation' | 'defrauded_subsidy';
export interface FraudFindingInput {
  kind: FraudKind;
  /** The trainees whose claims are affected; empty means every claim of the project. */
  traineeIds: string[];
  revokeProvider: boolean;
  revokeEvaluationBody: boolean;
  by: string;
  reason: string;
}
export interface FraudFindingResult {
  reversedClaims: number;
  reversedFen: number;
  revoked: ('provider' | 'evaluation_body')[];
}

export interface ProjectResult {
  projectId: string;
  stage: 'closed' | 'cancelled';
  counts: ProjectCounts;
}
