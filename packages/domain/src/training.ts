import type { IsoTimestamp } from './dates.js';
import { InvalidInputError } from './errors.js';
import { BASIS_POINTS_WHOLE, type BasisPoints } from './money.js';

/** A scheduled session of a course module. */
export interface TrainingSession {
  id: string;
  projectId: string;
  moduleId: string;
  startsAt: IsoTimestamp;
  minutes: number;
  mode: 'online' | 'offline';
}

/** How attendance was captured; face and platform logs are harder to fake (十八 false training). */
export type AttendanceMethod = 'face_recognition' | 'online_log' | 'sign_in' | 'manual';

/** A trainee's attendance at one session. */
export interface AttendanceRecord {
  id: string;
  sessionId: string;
  enrolmentId: string;
  minutesAttended: number;
  method: AttendanceMethod;
  recordedAt: IsoTimestamp;
}

function assertMinutes(attended: number, planned: number): void {
  if (!Number.isSafeInteger(attended) || attended < 0) {
    throw new InvalidInputError(
      'attended minutes must be a non-negative integer',
      'attendedMinutes',
    );
  }
  if (!Number.isSafeInteger(planned) || planned <= 0) {
    throw new InvalidInputError('planned minutes must be a positive integer', 'plannedMinutes');
  }
}

/**
 * Attendance rate in basis points, rounded down (so 79.99 % never shows as 80 %) and capped at
 * 10 000 when a trainee logs more than planned.
 */
export function attendanceRateBp(attendedMinutes: number, plannedMinutes: number): BasisPoints {
  assertMinutes(attendedMinutes, plannedMinutes);
  const bp = Math.floor((attendedMinutes * BASIS_POINTS_WHOLE) / plannedMinutes);
  return Math.min(bp, BASIS_POINTS_WHOLE);
}

/**
 * True when attendance reaches the threshold, compared exactly (attended × 10 000 ≥ threshold ×
 * planned) rather than through a rounded rate.
 */
export function meetsAttendanceThreshold(
  attendedMinutes: number,
  plannedMinutes: number,
  thresholdBp: BasisPoints,
): boolean {
  assertMinutes(attendedMinutes, plannedMinutes);
  if (!Number.isSafeInteger(thresholdBp) || thresholdBp < 0 || thresholdBp > BASIS_POINTS_WHOLE) {
    throw new InvalidInputError('threshold must be 0–10 000 basis points', 'attendanceThresholdBp');
  }
  return (
    BigInt(attendedMinutes) * BigInt(BASIS_POINTS_WHOLE) >=
    BigInt(thresholdBp) * BigInt(plannedMinutes)
  );
}
