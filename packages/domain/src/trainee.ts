import type { IsoDate, IsoTimestamp } from './dates.js';
import type { EmployeeTrainingMode, KeyGroupCode } from './reference/key-groups.js';
import type { SkillLevelCode } from './reference/skill-levels.js';
import type { RegionCode } from './region.js';

/** Sex as read from the resident ID's 17th digit. */
export type Sex = 'male' | 'female';

/**
 * A worker in training (劳动者). The raw resident ID never sits on this record: the API stores it
 * encrypted, keeps a keyed digest to find duplicates, and everyone else sees the masked form.
 */
export interface Trainee {
  id: string;
  name: string;
  /** e.g. `440106********123X`; see `maskResidentId`. */
  maskedResidentId: string;
  /** Keyed hash of the normalised resident ID, for "same person" checks across projects. */
  residentIdDigest: string;
  sex: Sex;
  birthDate: IsoDate;
  /** 户籍地, which decides labour-export side in cross-region projects (十二). */
  homeRegionCode: RegionCode;
  keyGroups: KeyGroupCode[];
  /** Masked mobile number for display, e.g. `138****5678`. */
  maskedPhone: string | null;
}

/** Lifecycle of a trainee's place on a project. */
export const ENROLMENT_STATUSES = ['enrolled', 'completed', 'withdrawn', 'void'] as const;
export type EnrolmentStatus = (typeof ENROLMENT_STATUSES)[number];

/** A trainee's place on a project. */
export interface Enrolment {
  id: string;
  projectId: string;
  traineeId: string;
  enrolledAt: IsoTimestamp;
  status: EnrolmentStatus;
  /** Certified level before training, for skill uplift (十三); null when none. */
  levelBefore: SkillLevelCode | null;
  /** For enterprise employees: 在岗 or 转岗 (七); null otherwise. */
  employeeTrainingMode: EmployeeTrainingMode | null;
  /** Why it was withdrawn or voided. */
  endedReason: string | null;
}
