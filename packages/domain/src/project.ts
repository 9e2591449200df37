import type { AuditStamp } from './actor.js';
import type { IsoDate } from './dates.js';
import { InvalidInputError } from './errors.js';
import type { BasisPoints } from './money.js';
import type { OccupationCode } from './occupation.js';
import { isWholeNumber, type PlanProblem, problem } from './plan-problems.js';
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
  /** After the deadline and the escalation, how long the provincial coordinator has before the share expires. */
  escalationGraceMs: number;
  /** How long a retention check waits for its answer before recording it as unknown. */
  followUpAnswerWindowMs: number;
  /** How often the project checks its follow-ups' progress while waiting for quality review. */
  followUpPollMs: number;
  /** After closing, how long fraud findings (clawback) are still accepted by the workflow. */
  auditWindowMs: number;
}

const DAY_MS = 86_400_000;

/**
 * Production defaults: a week to approve, reminders from two days before, daily; a week's grace
 * after escalation; two weeks to answer a retention check; fraud findings for three years.
 */
export const DEFAULT_PROJECT_DURATIONS: Readonly<ProjectDurations> = {
  approvalDeadlineMs: 7 * DAY_MS,
  reminderLeadMs: 2 * DAY_MS,
  reminderIntervalMs: DAY_MS,
  followUp3MonthMs: 91 * DAY_MS,
  followUp6MonthMs: 182 * DAY_MS,
  escalationGraceMs: 7 * DAY_MS,
  followUpAnswerWindowMs: 14 * DAY_MS,
  followUpPollMs: DAY_MS,
  auditWindowMs: 3 * 365 * DAY_MS,
};

/** A project's durations: its stored ones over the defaults (older records lack newer keys). */
export function projectDurations(stored: Partial<ProjectDurations> | undefined): ProjectDurations {
  return { ...DEFAULT_PROJECT_DURATIONS, ...(stored ?? {}) };
}

/** The durations rule: positive whole ms, the first reminder before the deadline, 3 months before 6. */
export function validateDurations(durations: ProjectDurations, at = 'durations'): PlanProblem[] {
  const problems: PlanProblem[] = [];
  for (const key of Object.keys(DEFAULT_PROJECT_DURATIONS) as (keyof ProjectDurations)[]) {
    if (!isWholeNumber(durations[key], 1, Number.MAX_SAFE_INTEGER)) {
      problems.push(problem(`${at}.${key}`, 'duration_invalid'));
    }
  }
  if (problems.length > 0) return problems;
  if (durations.reminderLeadMs >= durations.approvalDeadlineMs) {
    problems.push(problem(`${at}.reminderLeadMs`, 'reminder_after_deadline'));
  }
  if (durations.followUp6MonthMs <= durations.followUp3MonthMs) {
    problems.push(problem(`${at}.followUp6MonthMs`, 'follow_ups_out_of_order'));
  }
  return problems;
}

/** Throws {@link InvalidInputError} at the first broken duration rule ({@link validateDurations}). */
export function assertProjectDurations(durations: ProjectDurations): void {
  const [first] = validateDurations(durations);
  if (first) throw new InvalidInputError(`${first.path}: ${first.code}`, first.path);
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
