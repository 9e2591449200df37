import { DEFAULT_PROJECT_DURATIONS, type ProjectDurations } from '@qiancheng/domain';
import Type, { type Static, type TSchema } from 'typebox';
import {
  BasisPoints,
  FundingSourceCode,
  IsoDate,
  IsoTimestamp,
  KeyGroupCode,
  Nullable,
  OccupationCode,
  Page,
  PageQuery,
  PartnerRole,
  ProjectStage,
  ProjectType,
  RegionCode,
  SectorCode,
  SkillLevelCode,
  StringEnum,
  Uuid,
} from './common.js';

const Ms = Type.Integer({ minimum: 1, maximum: 10 * 365 * 24 * 3600 * 1000 });

/** One schema entry per duration the domain knows (its defaults name them), so none is missed. */
function durationsOf<T extends TSchema>(item: T) {
  return Object.fromEntries(
    Object.keys(DEFAULT_PROJECT_DURATIONS).map((key) => [key, item]),
  ) as Record<keyof ProjectDurations, T>;
}

/**
 * The durations that drive a project's timers, in ms. Missing keys take the production defaults;
 * tests set small values to run a whole project in seconds against the real server.
 */
export const ProjectTimingsPatch = Type.Object(durationsOf(Type.Optional(Ms)), {
  additionalProperties: false,
});
export type ProjectTimingsPatch = Static<typeof ProjectTimingsPatch>;
export const ProjectTimings = Type.Object(durationsOf(Type.Integer()));

export const CourseModuleInput = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    theoryHours: Type.Integer({ minimum: 0, maximum: 2000 }),
    practiceHours: Type.Integer({ minimum: 0, maximum: 2000 }),
    mode: StringEnum(['online', 'offline', 'blended'] as const),
  },
  { additionalProperties: false },
);
export const CoursePlanInput = Type.Object(
  {
    modules: Type.Array(CourseModuleInput, { minItems: 1, maxItems: 100 }),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type CoursePlanInput = Static<typeof CoursePlanInput>;
export const CourseModule = Type.Object({
  id: Uuid,
  position: Type.Integer(),
  title: Type.String(),
  theoryHours: Type.Integer(),
  practiceHours: Type.Integer(),
  mode: Type.String(),
});

/** Why a change was made; kept in the audit log (十八 谁使用、谁负责). */
export const Reason = Type.String({ minLength: 1, maxLength: 2000 });

/** One fund paying part of one party's share (十七): bp of that party's part. */
export const FundingLineInput = Type.Object(
  { source: FundingSourceCode, shareBp: Type.Integer({ minimum: 1, maximum: 10000 }) },
  { additionalProperties: false },
);

/**
 * One region's part of the project's cost (十二 成本分担) and its own funds (十七). The owner is a
 * party too; the parties' shares add up to 10 000 bp and each party's funds to 10 000 bp of its
 * part (checked by the domain's validatePlan, reported as 422 with each problem's path).
 */
export const PlanPartyInput = Type.Object(
  {
    regionCode: RegionCode,
    role: PartnerRole,
    shareBp: BasisPoints,
    funding: Type.Array(FundingLineInput, { maxItems: 10 }),
  },
  { additionalProperties: false },
);
export type PlanPartyInput = Static<typeof PlanPartyInput>;

/** The parties of a draft plan, replaced whole (before launch). */
export const PartiesInput = Type.Object(
  {
    parties: Type.Array(PlanPartyInput, { minItems: 1, maxItems: 30 }),
    reason: Type.Optional(Reason),
  },
  { additionalProperties: false },
);
export type PartiesInput = Static<typeof PartiesInput>;

/** A party as stored: its share, its funds, and for rounds put to the parties its decision. */
export const PlanParty = Type.Object({
  regionCode: Type.String(),
  regionName: Nullable(Type.String()),
  role: Type.String(),
  shareBp: Type.Integer(),
  funding: Type.Array(Type.Object({ source: Type.String(), shareBp: Type.Integer() })),
});

export const ProjectCreate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    type: ProjectType,
    sector: SectorCode,
    sectorField: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    /** Only national users choose; a regional project manager's projects are their region's. */
    ownerRegionCode: Type.Optional(RegionCode),
    trainingRegionCode: RegionCode,
    targetLevel: SkillLevelCode,
    providerId: Uuid,
    evaluationBodyId: Uuid,
    plannedHeadcount: Type.Integer({ minimum: 1, maximum: 100000 }),
    occupationCodes: Type.Array(OccupationCode, { minItems: 1, maxItems: 20, uniqueItems: true }),
    demandOrders: Type.Array(
      Type.Object(
        { demandOrderId: Uuid, headcount: Type.Integer({ minimum: 1 }) },
        { additionalProperties: false },
      ),
      { maxItems: 50 },
    ),
    attendanceThresholdBp: Type.Optional(BasisPoints),
    employmentLinked: Type.Optional(Type.Boolean()),
    timings: Type.Optional(ProjectTimingsPatch),
    coursePlan: Type.Optional(CoursePlanInput),
    /** The owner and any partner regions; when absent, the owner alone, funds named later. */
    parties: Type.Optional(Type.Array(PlanPartyInput, { minItems: 1, maxItems: 30 })),
    reason: Type.Optional(Reason),
  },
  { additionalProperties: false },
);
export type ProjectCreate = Static<typeof ProjectCreate>;

export const Project = Type.Object({
  id: Uuid,
  name: Type.String(),
  type: ProjectType,
  sector: Type.String(),
  sectorField: Nullable(Type.String()),
  ownerRegionCode: Type.String(),
  trainingRegionCode: Type.String(),
  targetLevel: Type.String(),
  providerId: Uuid,
  evaluationBodyId: Uuid,
  plannedHeadcount: Type.Integer(),
  stage: ProjectStage,
  workflowId: Nullable(Type.String()),
  partnerRegions: Type.Array(
    Type.Object({
      regionCode: Type.String(),
      role: Type.String(),
      shareBp: Nullable(Type.Integer()),
    }),
  ),
  demandOrders: Type.Array(Type.Object({ demandOrderId: Uuid, headcount: Type.Integer() })),
  occupationCodes: Type.Array(Type.String()),
  attendanceThresholdBp: Type.Integer(),
  employmentLinked: Type.Boolean(),
  timings: ProjectTimings,
  catalogueVersionId: Nullable(Type.String()),
  approvedOn: Nullable(Type.String()),
  createdAt: IsoTimestamp,
  createdBy: Type.String(),
  /** The display name of `createdBy` (given in a project's detail). */
  createdByName: Type.Optional(Nullable(Type.String())),
  updatedAt: IsoTimestamp,
});
export type Project = Static<typeof Project>;

/** The workflow's live view (queried from Temporal), when the project runs. */
export const LiveProjectState = Type.Object({
  stage: ProjectStage,
  round: Type.Integer(),
  parties: Type.Array(
    Type.Object({
      regionCode: Type.String(),
      shareBp: Type.Integer(),
      status: Type.String(),
      deadline: Type.String(),
      remindersSent: Type.Integer(),
      escalated: Type.Boolean(),
      decidedBy: Nullable(Type.String()),
      reason: Nullable(Type.String()),
    }),
  ),
  counts: Type.Record(Type.String(), Type.Integer()),
  pending: Type.Array(
    Type.Object({
      kind: Type.String(),
      regionCode: Nullable(Type.String()),
      deadline: Nullable(Type.String()),
    }),
  ),
  decisions: Type.Array(
    Type.Object({
      at: Type.String(),
      by: Type.String(),
      /** The actor's display name (a user's, 系统 for the system); null if unknown. */
      byName: Nullable(Type.String()),
      action: Type.String(),
      reason: Nullable(Type.String()),
    }),
  ),
  cancelled: Nullable(
    Type.Object({
      by: Type.String(),
      byName: Nullable(Type.String()),
      reason: Type.String(),
      at: Type.String(),
    }),
  ),
  /** Chain steps that failed (newest last); an unresolved one waits for a `retry_step`. */
  failures: Type.Array(
    Type.Object({
      step: Type.String(),
      type: Type.String(),
      message: Type.String(),
      at: Type.String(),
      by: Nullable(Type.String()),
      resolvedAt: Nullable(Type.String()),
    }),
  ),
});

export const CostSharingRound = Type.Object({
  round: Type.Integer(),
  /** `draft` while the project is not launched; then open, approved, rejected, expired, cancelled. */
  status: Type.String(),
  deadline: Nullable(IsoTimestamp),
  /** Who drafted or revised the round, and why. */
  createdBy: Nullable(Type.String()),
  createdByName: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  parties: Type.Array(
    Type.Object({
      regionCode: Type.String(),
      regionName: Nullable(Type.String()),
      role: Type.String(),
      shareBp: Type.Integer(),
      funding: Type.Array(Type.Object({ source: Type.String(), shareBp: Type.Integer() })),
      status: Type.String(),
      decidedBy: Nullable(Type.String()),
      decidedByName: Nullable(Type.String()),
      decidedAt: Nullable(IsoTimestamp),
      reason: Nullable(Type.String()),
      remindersSent: Type.Integer(),
      escalatedAt: Nullable(IsoTimestamp),
    }),
  ),
});

/** A project as the console shows it: records from PostgreSQL and the workflow's live state. */
export const ProjectDetail = Type.Object({
  project: Project,
  coursePlan: Type.Array(CourseModule),
  /**
   * The plan's rounds (round 1 the draft, each revision another), each party with its share,
   * funds and decision; `approvedRound` is the one whose shares bind the money (十二, 十七).
   */
  costSharing: Type.Object({
    agreementStatus: Nullable(Type.String()),
    approvedRound: Nullable(Type.Integer()),
    rounds: Type.Array(CostSharingRound),
  }),
  /**
   * Places held and filled on each demand order the project serves, each order with what a person
   * reads of it: the enterprise's reference, the enterprise and the occupation by name.
   */
  reservations: Type.Array(
    Type.Object({
      demandOrderId: Uuid,
      headcount: Type.Integer(),
      held: Type.Integer(),
      filled: Type.Integer(),
      externalRef: Nullable(Type.String()),
      enterpriseId: Uuid,
      enterpriseName: Type.String(),
      occupationCode: Type.String(),
      /** The occupation's name in the 职业分类大典 registry; null if the registry lacks it. */
      occupationName: Nullable(Type.String()),
    }),
  ),
  enrolments: Type.Record(Type.String(), Type.Integer()),
  live: Nullable(LiveProjectState),
  /** Why the live state is missing while the project runs (e.g. Temporal unreachable). */
  liveError: Nullable(Type.String()),
});
export type ProjectDetail = Static<typeof ProjectDetail>;

export const ProjectListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'name contains' })),
    stage: Type.Optional(ProjectStage),
    type: Type.Optional(ProjectType),
    sector: Type.Optional(SectorCode),
    regionCode: Type.Optional(RegionCode),
    demandOrderId: Type.Optional(Uuid),
    createdFrom: Type.Optional(IsoDate),
    createdTo: Type.Optional(IsoDate),
    sort: Type.Optional(StringEnum(['createdAt', '-createdAt', 'name', '-name'] as const)),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type ProjectListQuery = Static<typeof ProjectListQuery>;
export const ProjectPage = Page(Project);

export const LaunchRequest = Type.Object(
  { timings: Type.Optional(ProjectTimingsPatch), reason: Type.Optional(Reason) },
  { additionalProperties: false },
);
export const LaunchResponse = Type.Object({
  projectId: Uuid,
  workflowId: Type.String(),
  runId: Nullable(Type.String()),
  /** True when the project had been launched before: nothing new was started. */
  alreadyLaunched: Type.Boolean(),
});

export const TraineeInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    residentId: Type.String({ minLength: 1, maxLength: 30, description: 'shown only masked' }),
    homeRegionCode: RegionCode,
    keyGroups: Type.Array(KeyGroupCode, { maxItems: 20, uniqueItems: true }),
    maskedPhone: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
  },
  { additionalProperties: false },
);
export type TraineeInput = Static<typeof TraineeInput>;
export const EnrolRequest = Type.Object(
  { trainees: Type.Array(TraineeInput, { minItems: 1, maxItems: 5000 }) },
  { additionalProperties: false },
);
export type EnrolRequest = Static<typeof EnrolRequest>;
export const EnrolResponse = Type.Object({
  registered: Type.Integer({ description: 'people new to the register' }),
  enrolled: Type.Integer(),
  alreadyEnrolled: Type.Integer(),
  ineligible: Type.Array(
    Type.Object({ traineeId: Uuid, maskedResidentId: Type.String(), reason: Type.String() }),
  ),
  trainees: Type.Array(
    Type.Object({ row: Type.Integer(), traineeId: Uuid, maskedResidentId: Type.String() }),
  ),
});
export type EnrolResponse = Static<typeof EnrolResponse>;

export const ImportRowError = Type.Object({
  row: Type.Integer({ description: '1-based data row' }),
  line: Nullable(Type.Integer({ description: 'CSV line, when imported from CSV' })),
  field: Nullable(Type.String()),
  code: Type.String(),
  message: Type.String(),
});
export type ImportRowError = Static<typeof ImportRowError>;

export const ShareDecisionRequest = Type.Object(
  {
    round: Type.Integer({ minimum: 1 }),
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export const ShareDecisionParams = Type.Object({ id: Uuid, regionCode: RegionCode });
export const ShareDecisionResponse = Type.Object({
  /** True: the decision took effect in the workflow (a refused one is a 409/422 problem). */
  applied: Type.Boolean(),
  regionCode: Type.String(),
  round: Type.Integer(),
  status: Type.String(),
  roundComplete: Type.Boolean(),
});
/** A revision after a rejection or expiry: the whole new set of parties (owner included). */
export const ReviseSharesRequest = Type.Object(
  {
    parties: Type.Array(PlanPartyInput, { minItems: 1, maxItems: 30 }),
    reason: Reason,
  },
  { additionalProperties: false },
);
export type ReviseSharesRequest = Static<typeof ReviseSharesRequest>;
export const ReviseSharesResponse = Type.Object({ applied: Type.Boolean(), round: Type.Integer() });

export const StepResponse = Type.Object({
  applied: Type.Boolean(),
  result: Type.Record(Type.String(), Type.Integer()),
});

/** One session of a course module and who attended it (a fact: the workflow takes it as a signal). */
export const AttendanceRequest = Type.Object(
  {
    moduleId: Uuid,
    startsAt: IsoTimestamp,
    minutes: Type.Integer({ minimum: 1, maximum: 24 * 60 }),
    mode: StringEnum(['online', 'offline'] as const),
    /** How attendance was taken (十八: real attendance, checked). */
    method: StringEnum(['face_recognition', 'online_log', 'sign_in', 'manual'] as const),
    presentTraineeIds: Type.Array(Uuid, { minItems: 1, maxItems: 500, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type AttendanceRequest = Static<typeof AttendanceRequest>;
export const AcceptedResponse = Type.Object({ accepted: Type.Boolean() });

const Score = Nullable(Type.Number({ minimum: 0, maximum: 100 }));
export const AssessmentsRequest = Type.Object(
  {
    results: Type.Array(
      Type.Object(
        {
          traineeId: Uuid,
          result: StringEnum(['passed', 'failed', 'absent'] as const),
          /** The level assessed; the project's target level when null. */
          level: Nullable(SkillLevelCode),
          theoryScore: Score,
          practiceScore: Score,
          /** 职业技能等级证书 number, for a pass. */
          certificateNo: Nullable(Type.String({ minLength: 1, maxLength: 64 })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 500 },
    ),
    reason: Type.Optional(Reason),
  },
  { additionalProperties: false },
);
export type AssessmentsRequest = Static<typeof AssessmentsRequest>;

export const PlacementsRequest = Type.Object(
  {
    placements: Type.Array(
      Type.Object(
        {
          traineeId: Uuid,
          enterpriseId: Uuid,
          demandOrderId: Nullable(Uuid),
          startedOn: IsoDate,
          contractType: StringEnum([
            'open_ended',
            'fixed_term',
            'part_time',
            'labour_dispatch',
            'flexible',
          ] as const),
          contractMonths: Nullable(Type.Integer({ minimum: 1, maximum: 600 })),
          monthlyWageFen: Type.Integer({ minimum: 1 }),
          workRegionCode: RegionCode,
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 500 },
    ),
    reason: Type.Optional(Reason),
  },
  { additionalProperties: false },
);
export type PlacementsRequest = Static<typeof PlacementsRequest>;

export const FollowUpParams = Type.Object({ id: Uuid, traineeId: Uuid });
export const FollowUpAnswerRequest = Type.Object(
  { checkpointMonths: Type.Union([Type.Literal(3), Type.Literal(6)]), retained: Type.Boolean() },
  { additionalProperties: false },
);
export const FollowUpAnswerResponse = Type.Object({
  checkpointMonths: Type.Integer(),
  outcome: Type.String(),
});

export const FraudFindingRequest = Type.Object(
  {
    kind: StringEnum(['false_training', 'false_evaluation', 'defrauded_subsidy'] as const),
    traineeIds: Type.Array(Uuid, { maxItems: 5000, uniqueItems: true }),
    revokeProvider: Type.Boolean(),
    revokeEvaluationBody: Type.Boolean(),
    reason: Type.String({ minLength: 1, maxLength: 2000 }),
  },
  { additionalProperties: false },
);
export type FraudFindingRequest = Static<typeof FraudFindingRequest>;
export const FraudFindingResponse = Type.Object({
  reversedClaims: Type.Integer(),
  reversedFen: Type.Integer(),
  revoked: Type.Array(Type.String()),
});

export const CancelResponse = Type.Object({ stage: Type.Literal('cancelled') });
