import type { AuditStamp } from './actor.js';
import type { IsoDate } from './dates.js';
import { InvalidInputError } from './errors.js';
import type { BasisPoints } from './money.js';
import type { OccupationCode } from './occupation.js';
import type { ProjectStage } from './project-stage.js';
import type { SectorCode } from './reference/sectors.js';
import type { SkillLevelCode } from './reference/skill-levels.js';
import type { RegionCode } from './region.js';

/** Project types of 订单、定向、定岗培训 (十二). */
export const PROJECT_TYPES = ['order', 'directed', 'post'] as const;
export type ProjectType = (typeof PROJECT_TYPES)[number];

/** Chinese names of project types. */
export const PROJECT_TYPE_NAMES: Record<ProjectType, string> = {
  order: '订单培训',
  directed: '定向培训',
  post: '定岗培训',
};

/** How a module is delivered (十三: 线上线下相结合). */
export type DeliveryMode = 'online' | 'offline' | 'blended';

/** A course module (十三: 模块化和微型化), with theory and practice class hours. */
export interface CourseModule {
  id: string;
  title: string;
  theoryHours: number;
  practiceHours: number;
  mode: DeliveryMode;
}

/**
 * Durations that drive a project's timers, in milliseconds. They live in project configuration,
 * not in code, so tests can run a whole project in seconds against a real Temporal server.
 */
export interface ProjectDurations {
  /** From an approval request to its deadline. */
  approvalDeadlineMs: number;
  /** The first reminder goes this long before the deadline. */
  reminderLeadMs: number;
  /** Later reminders repeat at this interval until the deadline. */
  reminderIntervalMs: number;
  /** From placement to the 3-month retention follow-up. */
  followUp3MonthMs: number;
  /** From placement to the 6-month retention follow-up. */
  followUp6MonthMs: number;
}

const DAY_MS = 86_400_000;

/** Production defaults: a week to approve, reminders from two days before, daily. */
export const DEFAULT_PROJECT_DURATIONS: Readonly<ProjectDurations> = {
  approvalDeadlineMs: 7 * DAY_MS,
  reminderLeadMs: 2 * DAY_MS,
  reminderIntervalMs: DAY_MS,
  followUp3MonthMs: 91 * DAY_MS,
  followUp6MonthMs: 182 * DAY_MS,
};

/** Throws {@link InvalidInputError} unless every duration is a positive safe integer and they fit together. */
export function assertProjectDurations(durations: ProjectDurations): void {
  for (const [key, value] of Object.entries(durations)) {
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new InvalidInputError(`${key} must be a positive integer of ms`, `durations.${key}`);
    }
  }
  if (durations.reminderLeadMs >= durations.approvalDeadlineMs) {
    throw new InvalidInputError(
      'the first reminder must fall after the request, before the deadline',
      'durations.reminderLeadMs',
    );
  }
  if (durations.followUp6MonthMs <= durations.followUp3MonthMs) {
    throw new InvalidInputError(
      'the 6-month follow-up must come after the 3-month one',
      'durations.followUp6MonthMs',
    );
  }
}

/**
 * When reminders fire, in ms after the approval request: first at deadline − lead, then every
 * interval while still before the deadline.
 */
export function reminderOffsetsMs(durations: ProjectDurations): number[] {
  assertProjectDurations(durations);
  const offsets: number[] = [];
  for (
    let at = durations.approvalDeadlineMs - durations.reminderLeadMs;
    at < durations.approvalDeadlineMs;
    at += durations.reminderIntervalMs
  ) {
    offsets.push(at);
  }
  return offsets;
}

/** A project-based training project (项目化培训, 十二). */
export interface Project {
  id: string;
  name: string;
  type: ProjectType;
  sector: SectorCode;
  /** Code of a field within the sector (see `SECTORS`), when the project targets one. */
  sectorField: string | null;
  /** The region whose HR department owns the project. */
  ownerRegionCode: RegionCode;
  /** Where the training is delivered. */
  trainingRegionCode: RegionCode;
  /** Other regions sharing cost (委托培训 + 成本分担, 十二); empty when not cross-region. */
  partnerRegionCodes: RegionCode[];
  demandOrderIds: string[];
  /** Occupations trained and certified for; claims are only for these. */
  occupationCodes: OccupationCode[];
  targetLevel: SkillLevelCode;
  providerId: string;
  evaluationBodyId: string;
  modules: CourseModule[];
  /** Minimum attendance for a subsidy claim, in basis points (8000 = 80 %). */
  attendanceThresholdBp: BasisPoints;
  durations: ProjectDurations;
  /** Whether the subsidy requires a recorded placement (就业服务). */
  employmentLinked: boolean;
  plannedHeadcount: number;
  fundingPlanId: string | null;
  /** The guidance catalogue version in force on approval (十二). */
  catalogueVersionId: string | null;
  approvedOn: IsoDate | null;
  stage: ProjectStage;
  created: AuditStamp;
}

/** True when the project involves other regions and so needs a cost-sharing agreement first. */
export function isCrossRegion(project: Pick<Project, 'partnerRegionCodes'>): boolean {
  return project.partnerRegionCodes.length > 0;
}

/** Class hours of a course plan, by kind and by delivery mode. */
export interface CoursePlanHours {
  theory: number;
  practice: number;
  total: number;
  online: number;
  offline: number;
  blended: number;
}

/** Totals the class hours of a course plan (十三: theory with practice, online with offline). */
export function coursePlanHours(modules: readonly CourseModule[]): CoursePlanHours {
  const hours: CoursePlanHours = {
    theory: 0,
    practice: 0,
    total: 0,
    online: 0,
    offline: 0,
    blended: 0,
  };
  for (const module of modules) {
    const total = module.theoryHours + module.practiceHours;
    hours.theory += module.theoryHours;
    hours.practice += module.practiceHours;
    hours.total += total;
    hours[module.mode] += total;
  }
  return hours;
}
