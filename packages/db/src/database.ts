import type {
  AgreementStatus,
  ApprovalStatus,
  AssessmentResult,
  AttendanceMethod,
  BasisPoints,
  CertificateStatus,
  ClaimStatus,
  ContractType,
  DeliveryMode,
  DemandOrderStatus,
  EmployeeTrainingMode,
  EnrolmentStatus,
  EvaluationBodyKind,
  Fen,
  FollowUpMilestone,
  FundingSourceCode,
  FundingSourceKind,
  IsoDate,
  KeyGroupCode,
  LedgerDirection,
  LedgerEntryKind,
  OccupationCode,
  PartnerRole,
  ProjectDurations,
  ProjectStage,
  ProjectType,
  ProviderGrade,
  ProviderKind,
  QualificationStatus,
  QualityMetrics,
  RegionCode,
  RegionLevel,
  RetentionOutcome,
  ReviewMethod,
  SectorCode,
  Sex,
  ShortageTier,
  SkillLevelCode,
  TargetMeasure,
} from '@qiancheng/domain';
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

// Conventions: camelCase here, snake_case in PostgreSQL (CamelCasePlugin maps them). Nullable
// columns are `T | null`, never optional; money is bigint fen read as number (see create-db.ts);
// `date` columns are IsoDate strings and `timestamptz` columns Dates (UTC).

/** Timestamps are `timestamptz`, stored in UTC; read as Date, written as Date or ISO string. */
export type Timestamp = ColumnType<Date, Date | string | undefined, never>;
/** A timestamp that changes with the row (e.g. `updated_at`). */
export type MutableTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A timestamp set when something happens (revoked, decided …). */
export type EventTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;
/** A jsonb column: read as T, written as its JSON text (repositories stringify). */
export type Json<T> = ColumnType<T, string, string>;
/** A uuid primary key the database generates unless the writer picks one (idempotent retries). */
export type Id = Generated<string>;

// ---- reference data ----------------------------------------------------------------------

export interface SkillLevelTable {
  code: SkillLevelCode;
  rank: number;
  name: string;
  grade: string | null;
  label: string;
  nameEn: string;
}

export interface SectorTable {
  code: SectorCode;
  name: string;
  nameEn: string;
  section: string;
}

export interface SectorFieldTable {
  sectorCode: SectorCode;
  code: string;
  name: string;
  nameEn: string;
}

export interface KeyGroupTable {
  code: KeyGroupCode;
  name: string;
  nameEn: string;
  parentCode: KeyGroupCode | null;
  section: string;
}

export interface FundingSourceTable {
  code: FundingSourceCode;
  name: string;
  nameEn: string;
  kind: FundingSourceKind;
}

export interface RegionTable {
  code: RegionCode;
  name: string;
  nameEn: string | null;
  level: RegionLevel;
  parentCode: RegionCode | null;
}
export type RegionRow = Selectable<RegionTable>;
export type NewRegionRow = Insertable<RegionTable>;

export interface OccupationTable {
  code: OccupationCode;
  name: string;
  category: string | null;
  sector: SectorCode | null;
  demo: Generated<boolean>;
  /** 新职业: announced as a new occupation. */
  isNew: Generated<boolean>;
}
export type OccupationRow = Selectable<OccupationTable>;
export type NewOccupationRow = Insertable<OccupationTable>;

// ---- parties and access ------------------------------------------------------------------

export interface EnterpriseTable {
  id: Id;
  name: string;
  unifiedSocialCreditCode: string;
  regionCode: RegionCode;
  sector: SectorCode | null;
  createdAt: Timestamp;
}
export type EnterpriseRow = Selectable<EnterpriseTable>;
export type NewEnterpriseRow = Insertable<EnterpriseTable>;

export interface DemandOrderTable {
  id: Id;
  enterpriseId: string;
  externalRef: string | null;
  occupationCode: OccupationCode;
  headcount: number;
  reservedHeadcount: Generated<number>;
  filledHeadcount: Generated<number>;
  requiredLevel: SkillLevelCode;
  wageOfferFen: Fen;
  workRegionCode: RegionCode;
  deadline: IsoDate;
  status: Generated<DemandOrderStatus>;
  description: string | null;
  postedAt: Timestamp;
  updatedAt: MutableTimestamp;
}
export type DemandOrderRow = Selectable<DemandOrderTable>;
export type NewDemandOrderRow = Insertable<DemandOrderTable>;
export type DemandOrderPatch = Updateable<DemandOrderTable>;

/** Columns shared by providers and evaluation bodies: the qualification and its revocation (十八). */
interface QualificationColumns {
  qualificationStatus: Generated<QualificationStatus>;
  revokedAt: EventTimestamp;
  revokedBy: string | null;
  revokedReason: string | null;
  suspendedAt: EventTimestamp;
  suspendedBy: string | null;
  suspendedReason: string | null;
}

export interface TrainingProviderTable extends QualificationColumns {
  id: Id;
  name: string;
  kind: ProviderKind;
  grade: ProviderGrade | null;
  regionCode: RegionCode;
  unifiedSocialCreditCode: string;
  /** The highest level it is filed to train to; null when not filed. */
  maxLevel: SkillLevelCode | null;
  createdAt: Timestamp;
}

/** Occupations a provider is filed to train. */
export interface TrainingProviderOccupationTable {
  trainingProviderId: string;
  occupationCode: OccupationCode;
}
export type TrainingProviderRow = Selectable<TrainingProviderTable>;
export type NewTrainingProviderRow = Insertable<TrainingProviderTable>;

export interface EvaluationBodyTable extends QualificationColumns {
  id: Id;
  name: string;
  kind: EvaluationBodyKind;
  enterpriseId: string | null;
  grade: ProviderGrade | null;
  regionCode: RegionCode;
  unifiedSocialCreditCode: string | null;
  maxLevel: SkillLevelCode;
  createdAt: Timestamp;
}
export type EvaluationBodyRow = Selectable<EvaluationBodyTable>;
export type NewEvaluationBodyRow = Insertable<EvaluationBodyTable>;

export interface EvaluationBodyOccupationTable {
  evaluationBodyId: string;
  occupationCode: OccupationCode;
}

/** Console roles. */
export const USER_ROLES = [
  'project_manager',
  'approver',
  'provincial_coordinator',
  'auditor',
  'operator',
  'admin',
] as const;
export type UserRole = (typeof USER_ROLES)[number];

export interface UserTable {
  id: Id;
  username: string;
  displayName: string;
  role: UserRole;
  /** Region scope; null is national. */
  regionCode: RegionCode | null;
  passwordHash: string;
  active: Generated<boolean>;
  /** Raised by logout, a password change or disabling: older tokens stop working. */
  tokenVersion: Generated<number>;
  createdAt: Timestamp;
}
export type UserRow = Selectable<UserTable>;

export interface EnterpriseApiKeyTable {
  id: Id;
  enterpriseId: string;
  label: string;
  prefix: string;
  keyHash: string;
  createdAt: Timestamp;
  lastUsedAt: EventTimestamp;
  revokedAt: EventTimestamp;
}
export type EnterpriseApiKeyRow = Selectable<EnterpriseApiKeyTable>;

export interface IdempotencyKeyTable {
  scope: string;
  key: string;
  requestHash: string;
  responseStatus: number | null;
  responseBody: ColumnType<unknown, string | null | undefined, string | null>;
  createdAt: Timestamp;
  completedAt: EventTimestamp;
}
export type IdempotencyKeyRow = Selectable<IdempotencyKeyTable>;

// ---- catalogue and targets ---------------------------------------------------------------

export interface CatalogueVersionTable {
  id: Id;
  regionCode: RegionCode;
  label: string;
  /** Null while a draft. */
  publishedOn: IsoDate | null;
  effectiveFrom: IsoDate;
  effectiveTo: IsoDate | null;
  /** A published version is never edited (the database refuses); a correction is a new version. */
  status: Generated<'draft' | 'published'>;
  createdBy: string | null;
  publishedBy: string | null;
  createdAt: Timestamp;
}
export type CatalogueVersionRow = Selectable<CatalogueVersionTable>;

export interface CatalogueEntryTable {
  catalogueVersionId: string;
  occupationCode: OccupationCode;
  shortageTier: ShortageTier;
}

export interface CatalogueStandardTable {
  catalogueVersionId: string;
  occupationCode: OccupationCode;
  level: SkillLevelCode;
  amountFen: Fen;
}

export interface RegionalTargetTable {
  id: Id;
  regionCode: RegionCode;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  measure: TargetMeasure;
  sector: SectorCode | null;
  keyGroup: KeyGroupCode | null;
  target: number;
}
export type RegionalTargetRow = Selectable<RegionalTargetTable>;
export type NewRegionalTargetRow = Insertable<RegionalTargetTable>;

// ---- projects ----------------------------------------------------------------------------

/** A project's `config` jsonb: what drives its timers and its claim rules. */
export interface ProjectConfig {
  durations: ProjectDurations;
  /** Minimum attendance for a subsidy claim, in basis points (8000 = 80 %). */
  attendanceThresholdBp: BasisPoints;
  /** Whether the subsidy requires a recorded placement (就业服务). */
  employmentLinked: boolean;
}

export interface ProjectTable {
  id: Id;
  name: string;
  type: ProjectType;
  sector: SectorCode;
  sectorField: string | null;
  ownerRegionCode: RegionCode;
  trainingRegionCode: RegionCode;
  targetLevel: SkillLevelCode;
  providerId: string;
  evaluationBodyId: string;
  plannedHeadcount: number;
  config: Json<ProjectConfig>;
  catalogueVersionId: string | null;
  approvedOn: IsoDate | null;
  stage: Generated<ProjectStage>;
  workflowId: string | null;
  createdAt: Timestamp;
  createdBy: string;
  updatedAt: MutableTimestamp;
}
export type ProjectRow = Selectable<ProjectTable>;
export type NewProjectRow = Insertable<ProjectTable>;

/** A view: the regions taking part besides the owner, in any round (never written). */
export interface ProjectPartnerRegionTable {
  projectId: string;
  regionCode: RegionCode;
  role: PartnerRole;
}

/** A demand order a project serves: the places it plans, holds (reserved) and has filled. */
export interface ProjectDemandOrderTable {
  projectId: string;
  demandOrderId: string;
  headcount: number;
  held: Generated<number>;
  filled: Generated<number>;
}

export interface ProjectOccupationTable {
  projectId: string;
  occupationCode: OccupationCode;
}

export interface CourseModuleTable {
  id: Id;
  projectId: string;
  position: number;
  title: string;
  theoryHours: number;
  practiceHours: number;
  mode: DeliveryMode;
}
export type CourseModuleRow = Selectable<CourseModuleTable>;

export interface TrainingSessionTable {
  id: Id;
  projectId: string;
  moduleId: string;
  startsAt: ColumnType<Date, Date | string, Date | string>;
  minutes: number;
  mode: 'online' | 'offline';
}
export type TrainingSessionRow = Selectable<TrainingSessionTable>;
export type NewTrainingSessionRow = Insertable<TrainingSessionTable>;

export interface CostSharingAgreementTable {
  id: Id;
  projectId: string;
  status: Generated<AgreementStatus>;
  createdAt: Timestamp;
  updatedAt: MutableTimestamp;
}
export type CostSharingAgreementRow = Selectable<CostSharingAgreementTable>;

/**
 * Where a round stands: `draft` while the project is not launched (its plan may change), `open`
 * until every party decided or it was closed.
 */
export const ROUND_STATUSES = [
  'draft',
  'open',
  'approved',
  'rejected',
  'expired',
  'cancelled',
] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

export interface CostSharingRoundTable {
  id: Id;
  agreementId: string;
  round: number;
  /** Null while `draft`. */
  deadline: ColumnType<Date | null, Date | string | null, Date | string | null>;
  status: Generated<RoundStatus>;
  openedAt: EventTimestamp;
  closedAt: EventTimestamp;
  /** Who drafted or revised this round's parties, and why (a revision needs a reason). */
  createdBy: string | null;
  reason: string | null;
}
export type CostSharingRoundRow = Selectable<CostSharingRoundTable>;

export interface PartyShareTable {
  roundId: string;
  regionCode: RegionCode;
  role: PartnerRole;
  shareBp: BasisPoints;
}
export type PartyShareRow = Selectable<PartyShareTable>;

/** One fund paying part of one party's share in one round (bp of that party's part, 十七). */
export interface PartyFundingLineTable {
  roundId: string;
  regionCode: RegionCode;
  position: number;
  source: FundingSourceCode;
  shareBp: BasisPoints;
}

/** A paying party's decision on its part of a claim; append-only, once per party. */
export interface ClaimDecisionTable {
  id: Id;
  claimId: string;
  payerRegionCode: RegionCode;
  decision: 'approved' | 'rejected';
  decidedAt: Timestamp;
  decidedBy: string;
  reason: string | null;
}
export type ClaimDecisionRow = Selectable<ClaimDecisionTable>;

export interface ApprovalTable {
  id: Id;
  roundId: string;
  regionCode: RegionCode;
  status: Generated<ApprovalStatus>;
  deadline: ColumnType<Date, Date | string, Date | string>;
  remindersSent: Generated<number>;
  escalatedAt: EventTimestamp;
  decidedAt: EventTimestamp;
  decidedBy: string | null;
  reason: string | null;
}
export type ApprovalRow = Selectable<ApprovalTable>;

// ---- trainees and the chain --------------------------------------------------------------

export interface TraineeTable {
  id: Id;
  name: string;
  /** HMAC-SHA256 of the normalised resident ID (see identity-protection.ts). */
  residentIdDigest: string;
  /** AES-256-GCM ciphertext of the resident ID, `v1:iv:ciphertext:tag` (base64url). */
  residentIdCiphertext: string;
  /** e.g. `440106********123X`. */
  maskedResidentId: string;
  sex: Sex;
  birthDate: IsoDate;
  homeRegionCode: RegionCode;
  maskedPhone: string | null;
  createdAt: Timestamp;
}
export type TraineeRow = Selectable<TraineeTable>;

export interface TraineeKeyGroupTable {
  traineeId: string;
  keyGroup: KeyGroupCode;
}

export interface EnrolmentTable {
  id: Id;
  projectId: string;
  traineeId: string;
  enrolledAt: Timestamp;
  status: Generated<EnrolmentStatus>;
  levelBefore: SkillLevelCode | null;
  employeeTrainingMode: EmployeeTrainingMode | null;
  endedReason: string | null;
}
export type EnrolmentRow = Selectable<EnrolmentTable>;
export type NewEnrolmentRow = Insertable<EnrolmentTable>;

export interface AttendanceTable {
  id: Id;
  projectId: string;
  sessionId: string;
  enrolmentId: string;
  minutesAttended: number;
  method: AttendanceMethod;
  recordedAt: MutableTimestamp;
}
export type AttendanceRow = Selectable<AttendanceTable>;
export type NewAttendanceRow = Insertable<AttendanceTable>;

export interface AssessmentTable {
  id: Id;
  enrolmentId: string;
  traineeId: string;
  evaluationBodyId: string;
  occupationCode: OccupationCode;
  level: SkillLevelCode;
  assessedOn: IsoDate;
  result: AssessmentResult;
  theoryScore: number | null;
  practiceScore: number | null;
  recordedAt: Timestamp;
}
export type AssessmentRow = Selectable<AssessmentTable>;
export type NewAssessmentRow = Insertable<AssessmentTable>;

export interface CertificateTable {
  id: Id;
  number: string;
  traineeId: string;
  assessmentId: string;
  evaluationBodyId: string;
  occupationCode: OccupationCode;
  level: SkillLevelCode;
  issuedOn: IsoDate;
  status: Generated<CertificateStatus>;
  revokedAt: EventTimestamp;
  revokedBy: string | null;
  revokedReason: string | null;
  recordedAt: Timestamp;
}
export type CertificateRow = Selectable<CertificateTable>;
export type NewCertificateRow = Insertable<CertificateTable>;

export interface PlacementTable {
  id: Id;
  enrolmentId: string;
  traineeId: string;
  enterpriseId: string;
  demandOrderId: string | null;
  startedOn: IsoDate;
  contractType: ContractType;
  contractMonths: number | null;
  monthlyWageFen: Fen;
  workRegionCode: RegionCode;
  recordedAt: Timestamp;
}
export type PlacementRow = Selectable<PlacementTable>;
export type NewPlacementRow = Insertable<PlacementTable>;

export interface FollowUpTable {
  id: Id;
  placementId: string;
  milestoneMonths: FollowUpMilestone;
  dueOn: IsoDate;
  outcome: RetentionOutcome | null;
  recordedAt: EventTimestamp;
}
export type FollowUpRow = Selectable<FollowUpTable>;

// ---- settlement and quality --------------------------------------------------------------

export interface SubsidyClaimTable {
  id: Id;
  projectId: string;
  enrolmentId: string;
  traineeId: string;
  certificateId: string;
  occupationCode: OccupationCode;
  level: SkillLevelCode;
  policyYear: number;
  catalogueVersionId: string;
  shortageTier: ShortageTier;
  amountFen: Fen;
  status: Generated<ClaimStatus>;
  createdAt: Timestamp;
  updatedAt: MutableTimestamp;
}
export type SubsidyClaimRow = Selectable<SubsidyClaimTable>;
export type NewSubsidyClaimRow = Insertable<SubsidyClaimTable>;

/** Append-only: no UPDATE or DELETE (the database refuses them). */
export interface LedgerEntryTable {
  id: Id;
  /** Order of writing, for readers that follow the ledger. */
  seq: ColumnType<number, never, never>;
  idempotencyKey: string;
  claimId: string;
  kind: LedgerEntryKind;
  /** Generated from the kind: +1 for claim and payment, −1 for reversal and clawback. */
  direction: ColumnType<LedgerDirection, never, never>;
  fundingSource: FundingSourceCode;
  payerRegionCode: RegionCode | null;
  amountFen: Fen;
  reversesEntryId: string | null;
  recordedAt: Timestamp;
  recordedBy: string;
  reason: string | null;
}
export type LedgerEntryRow = Selectable<LedgerEntryTable>;
export type NewLedgerEntryRow = Insertable<LedgerEntryTable>;

export interface QualityReviewTable {
  id: Id;
  projectId: string;
  method: ReviewMethod;
  reviewer: string;
  reviewedOn: IsoDate;
  metrics: Json<Partial<QualityMetrics>>;
  providerGrade: ProviderGrade | null;
  findings: string | null;
  recordedAt: Timestamp;
  recordedBy: string;
}
export type QualityReviewRow = Selectable<QualityReviewTable>;

/** Append-only: who changed what, when and why (十八 "谁使用、谁负责"). */
export interface AuditLogTable {
  /** bigint identity, read as number (see create-db.ts). */
  id: Generated<number>;
  occurredAt: Timestamp;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  reason: string | null;
  details: ColumnType<Record<string, unknown>, Record<string, unknown> | string, never>;
  requestId: string | null;
  /** Set by writers that may retry (activities): the same key never writes a second entry. */
  idempotencyKey: string | null;
}
export type AuditLogRow = Selectable<AuditLogTable>;
export type NewAuditLogRow = Insertable<AuditLogTable>;

/** The database as Kysely sees it (camelCase here, snake_case in PostgreSQL). */
export interface Database {
  skillLevels: SkillLevelTable;
  sectors: SectorTable;
  sectorFields: SectorFieldTable;
  keyGroups: KeyGroupTable;
  fundingSources: FundingSourceTable;
  regions: RegionTable;
  occupations: OccupationTable;
  enterprises: EnterpriseTable;
  demandOrders: DemandOrderTable;
  trainingProviders: TrainingProviderTable;
  evaluationBodies: EvaluationBodyTable;
  evaluationBodyOccupations: EvaluationBodyOccupationTable;
  trainingProviderOccupations: TrainingProviderOccupationTable;
  users: UserTable;
  enterpriseApiKeys: EnterpriseApiKeyTable;
  idempotencyKeys: IdempotencyKeyTable;
  catalogueVersions: CatalogueVersionTable;
  catalogueEntries: CatalogueEntryTable;
  catalogueStandards: CatalogueStandardTable;
  regionalTargets: RegionalTargetTable;
  projects: ProjectTable;
  projectPartnerRegions: ProjectPartnerRegionTable;
  projectDemandOrders: ProjectDemandOrderTable;
  projectOccupations: ProjectOccupationTable;
  courseModules: CourseModuleTable;
  trainingSessions: TrainingSessionTable;
  costSharingAgreements: CostSharingAgreementTable;
  costSharingRounds: CostSharingRoundTable;
  partyShares: PartyShareTable;
  partyFundingLines: PartyFundingLineTable;
  approvals: ApprovalTable;
  claimDecisions: ClaimDecisionTable;
  trainees: TraineeTable;
  traineeKeyGroups: TraineeKeyGroupTable;
  enrolments: EnrolmentTable;
  attendance: AttendanceTable;
  assessments: AssessmentTable;
  certificates: CertificateTable;
  placements: PlacementTable;
  followUps: FollowUpTable;
  subsidyClaims: SubsidyClaimTable;
  ledgerEntries: LedgerEntryTable;
  qualityReviews: QualityReviewTable;
  auditLog: AuditLogTable;
  notifications: NotificationTable;
  notificationReads: NotificationReadTable;
  webhookEndpoints: WebhookEndpointTable;
  webhookDeliveries: WebhookDeliveryTable;
  demoRuns: DemoRunTable;
}

export type NotificationKind =
  | 'approval_requested'
  | 'approval_reminder'
  | 'approval_escalation'
  | 'follow_up_due'
  | 'share_rejected'
  | 'share_expired'
  | 'pace_reminder';

/** Append-only: what was sent to whom (approval requests, reminders, escalations). */
export interface NotificationTable {
  id: Generated<string>;
  idempotencyKey: string;
  /** Null only for a 督促提醒 (pace_reminder), which concerns a region, not a project. */
  projectId: string | null;
  recipientRegionCode: string;
  kind: NotificationKind;
  payload: ColumnType<Record<string, unknown>, Record<string, unknown> | string, never>;
  createdAt: Timestamp;
}
export type NotificationRow = Selectable<NotificationTable>;

/** Who read which notification (notifications themselves are append-only). */
export interface NotificationReadTable {
  notificationId: string;
  userId: string;
  readAt: Generated<Date>;
}

export interface WebhookEndpointTable {
  enterpriseId: string;
  url: string;
  secret: string;
  createdAt: Timestamp;
  rotatedAt: Date | null;
}
export type WebhookEndpointRow = Selectable<WebhookEndpointTable>;

export interface WebhookDeliveryTable {
  id: Generated<string>;
  idempotencyKey: string;
  enterpriseId: string;
  projectId: string;
  event: string;
  payload: ColumnType<
    Record<string, unknown>,
    Record<string, unknown> | string,
    Record<string, unknown> | string
  >;
  attempts: Generated<number>;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Timestamp;
}
export type WebhookDeliveryRow = Selectable<WebhookDeliveryTable>;

/** Where a living-demo project stands (issue 15): one row per demo project, see migration 0015. */
export type DemoRunStatus = 'pending' | 'running' | 'ready' | 'failed';
export interface DemoRunTable {
  key: string;
  title: string;
  target: string;
  position: number;
  status: ColumnType<DemoRunStatus, DemoRunStatus | undefined, DemoRunStatus>;
  projectId: string | null;
  step: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  error: string | null;
  createdAt: Timestamp;
  updatedAt: MutableTimestamp;
  finishedAt: EventTimestamp;
}
export type DemoRunRow = Selectable<DemoRunTable>;
