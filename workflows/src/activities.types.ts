import type { PlanParty, ProjectStage } from '@qiancheng/domain';
import type { RecordedOutcome } from './follow-up/follow-up.types.js';
import type {
  AssessmentResultInput,
  AttendanceInput,
  CostSharePartyInput,
  EnrolTraineesResult,
  FraudKind,
  PlacementInput,
  ProjectTimings,
} from './project/project.types.js';

/**
 * The activities' contract: workflow code imports this type only, the worker provides the
 * implementation (createActivities). Every activity is idempotent: a retry or a replay writes
 * nothing twice (unique keys derived from the workflow id and the step).
 */
export interface Activities {
  // Ping (operators' round-trip check).
  echo(message: string): Promise<{ echoed: string; answeredBy: string }>;

  // Stage bookkeeping, audit and notifications.
  /**
   * Records the stage and its audit entry; answers how many webhook endpoints the project's
   * enterprises have registered, so the workflow delivers the stage change only where someone
   * listens. (Workflows started before this answered `void`.)
   */
  recordStage(input: {
    projectId: string;
    stage: ProjectStage;
    by: string;
    reason: string | null;
  }): Promise<{ webhookEndpoints: number }>;
  notifyParty(input: {
    idempotencyKey: string;
    projectId: string;
    regionCode: string;
    partnerRegionCode: string;
    round: number;
    kind: 'requested' | 'reminder' | 'escalation';
    deadline: string;
  }): Promise<void>;
  deliverWebhook(input: {
    projectId: string;
    stage: ProjectStage;
    occurredAt: string;
  }): Promise<{ delivered: boolean }>;

  // Demand.
  reserveDemand(input: { projectId: string }): Promise<{ reserved: number }>;
  releaseDemand(input: { projectId: string }): Promise<{ released: number }>;

  // Cost sharing.
  /**
   * Opens a drafted round (round 1 at launch, later rounds after a revision) and answers its
   * partners. `parties` is what workflows started before the plan lived in the database sent;
   * it is ignored (the round's parties are read from the database).
   */
  openCostShareRound(input: {
    projectId: string;
    round: number;
    deadline: string;
    parties?: { regionCode: string; shareBp: number }[];
  }): Promise<{ parties: CostSharePartyInput[] }>;
  /** Writes a revision's parties as round `round` (a draft the next openCostShareRound opens). */
  recordRevision(input: {
    projectId: string;
    round: number;
    parties: PlanParty[];
    by: string;
    reason: string;
  }): Promise<void>;
  /** A coordinator's new deadline for an escalated share: the approval waits again (十二). */
  recordDeadlineExtension(input: {
    projectId: string;
    round: number;
    regionCode: string;
    deadline: string;
    by: string;
    reason: string;
  }): Promise<void>;
  recordShareDecision(input: {
    projectId: string;
    round: number;
    regionCode: string;
    status: 'approved' | 'rejected' | 'expired';
    by: string | null;
    reason: string | null;
  }): Promise<void>;

  // Enrolment, training, evaluation, employment.
  enrolTrainees(input: {
    projectId: string;
    traineeIds: string[];
    by: string;
  }): Promise<EnrolTraineesResult>;
  recordAttendance(input: AttendanceInput & { projectId: string }): Promise<{ recorded: number }>;
  recordAssessments(input: {
    projectId: string;
    results: AssessmentResultInput[];
    by: string;
  }): Promise<{
    recorded: number;
    certified: number;
  }>;
  recordPlacements(input: {
    projectId: string;
    placements: PlacementInput[];
    by: string;
  }): Promise<{
    recorded: number;
    traineeIds: string[];
  }>;
  startFollowUps(input: {
    projectId: string;
    traineeIds: string[];
    timings: ProjectTimings;
  }): Promise<{
    started: number;
  }>;
  followUpProgress(input: { projectId: string }): Promise<{ total: number; done: number }>;
  recordFollowUp(input: {
    projectId: string;
    traineeId: string;
    checkpointMonths: 3 | 6;
    outcome: 'retained' | 'left' | 'unknown';
    by: string | null;
  }): Promise<void>;
  /** The retention workflow's outcomes, a batch at a time; a check already recorded keeps its first outcome. */
  recordFollowUps(input: { projectId: string; outcomes: RecordedOutcome[] }): Promise<{
    recorded: number;
  }>;

  // Settlement, quality, fraud.
  settleClaims(input: {
    projectId: string;
    afterTraineeId: string | null;
    limit: number;
  }): Promise<{
    claims: number;
    claimedFen: number;
    ledgerEntries: number;
    nextAfterTraineeId: string | null;
  }>;
  reviewQuality(input: {
    projectId: string;
  }): Promise<{ passRateBp: number; employmentRateBp: number }>;
  clawBack(input: {
    projectId: string;
    findingKey: string;
    kind: FraudKind;
    traineeIds: string[];
    by: string;
    reason: string;
  }): Promise<{ reversedClaims: number; reversedFen: number }>;
  revokeQualifications(input: {
    projectId: string;
    provider: boolean;
    evaluationBody: boolean;
    by: string;
    reason: string;
  }): Promise<{ revoked: ('provider' | 'evaluation_body')[] }>;
  voidPendingRecords(input: {
    projectId: string;
    by: string;
    reason: string;
  }): Promise<{ voided: number }>;
}
