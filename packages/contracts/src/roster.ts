import { ENROLMENT_STATUSES } from '@qiancheng/domain';
import Type, { type Static } from 'typebox';
import {
  IsoDate,
  IsoTimestamp,
  KeyGroupCode,
  Nullable,
  Page,
  PageQuery,
  SkillLevelCode,
  StringEnum,
  Uuid,
} from './common.js';

/** Filters of a project's roster: enrolment status, key group, name or masked ID contains. */
export const RosterQuery = Type.Object(
  {
    status: Type.Optional(StringEnum(ENROLMENT_STATUSES)),
    keyGroup: Type.Optional(KeyGroupCode),
    q: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'name or masked ID contains' }),
    ),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type RosterQuery = Static<typeof RosterQuery>;

/** One trainee of a project with every outcome of the chain so far (十三, 十七). */
export const RosterTrainee = Type.Object({
  traineeId: Uuid,
  enrolmentId: Uuid,
  name: Type.String(),
  maskedResidentId: Type.String(),
  homeRegionCode: Type.String(),
  keyGroups: Type.Array(Type.String()),
  status: StringEnum(ENROLMENT_STATUSES),
  enrolledAt: IsoTimestamp,
  attendance: Type.Object({
    attendedMinutes: Type.Integer({ minimum: 0 }),
    plannedMinutes: Type.Integer({ minimum: 0 }),
    /** Attended of planned minutes in basis points; null before any session. */
    rateBp: Nullable(Type.Integer({ minimum: 0 })),
  }),
  assessment: Nullable(
    Type.Object({
      result: Type.String(),
      level: SkillLevelCode,
      assessedOn: IsoDate,
      theoryScore: Nullable(Type.Number()),
      practiceScore: Nullable(Type.Number()),
    }),
  ),
  certificate: Nullable(
    Type.Object({
      number: Type.String(),
      level: SkillLevelCode,
      status: Type.String(),
      issuedOn: IsoDate,
    }),
  ),
  placement: Nullable(
    Type.Object({
      enterpriseId: Uuid,
      enterpriseName: Type.String(),
      demandOrderId: Nullable(Uuid),
      startedOn: IsoDate,
      contractType: Type.String(),
      monthlyWageFen: Type.Integer(),
      workRegionCode: Type.String(),
    }),
  ),
  followUps: Type.Array(
    Type.Object({
      milestoneMonths: Type.Integer(),
      dueOn: IsoDate,
      outcome: Nullable(Type.String()),
      recordedAt: Nullable(IsoTimestamp),
    }),
  ),
  claim: Nullable(Type.Object({ id: Uuid, status: Type.String(), amountFen: Type.Integer() })),
});
export type RosterTrainee = Static<typeof RosterTrainee>;
export const RosterPage = Page(RosterTrainee);
export type RosterPage = Static<typeof RosterPage>;

/** An operator's retry of a chain step that failed (see `failures` in the live state). */
export const RetryStepResponse = Type.Object({ applied: Type.Boolean(), step: Type.String() });
