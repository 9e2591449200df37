import { describe, expect, it } from 'vitest';
import { InvalidInputError } from './errors.js';
import {
  assertProjectDurations,
  coursePlanHours,
  DEFAULT_PROJECT_DURATIONS,
  isCrossRegion,
  reminderOffsetsMs,
} from './project.js';

describe('project durations', () => {
  it('default to a week for approval with reminders from two days before', () => {
    expect(() => assertProjectDurations(DEFAULT_PROJECT_DURATIONS)).not.toThrow();
    const day = 86_400_000;
    expect(reminderOffsetsMs(DEFAULT_PROJECT_DURATIONS)).toEqual([5 * day, 6 * day]);
  });

  it('scale down to seconds for tests', () => {
    const fast = {
      ...DEFAULT_PROJECT_DURATIONS,
      approvalDeadlineMs: 10_000,
      reminderLeadMs: 4_000,
      reminderIntervalMs: 1_500,
      followUp3MonthMs: 3_000,
      followUp6MonthMs: 6_000,
    };
    expect(reminderOffsetsMs(fast)).toEqual([6_000, 7_500, 9_000]);
  });

  it('reject zero, fractional or inconsistent durations', () => {
    const d = DEFAULT_PROJECT_DURATIONS;
    expect(() => assertProjectDurations({ ...d, reminderIntervalMs: 0 })).toThrow(
      InvalidInputError,
    );
    expect(() => assertProjectDurations({ ...d, approvalDeadlineMs: 1.5 })).toThrow(
      InvalidInputError,
    );
    expect(() => assertProjectDurations({ ...d, reminderLeadMs: d.approvalDeadlineMs })).toThrow(
      InvalidInputError,
    );
    expect(() => assertProjectDurations({ ...d, followUp6MonthMs: d.followUp3MonthMs })).toThrow(
      InvalidInputError,
    );
  });
});

describe('course plans', () => {
  it('total theory and practice hours, by delivery mode', () => {
    expect(
      coursePlanHours([
        { id: 'm1', title: '安全规范', theoryHours: 16, practiceHours: 0, mode: 'online' },
        { id: 'm2', title: '实操', theoryHours: 8, practiceHours: 40, mode: 'offline' },
        { id: 'm3', title: '综合', theoryHours: 4, practiceHours: 4, mode: 'blended' },
      ]),
    ).toEqual({ theory: 28, practice: 44, total: 72, online: 16, offline: 48, blended: 8 });
  });
});

describe('cross-region projects', () => {
  it('are those with partner regions', () => {
    expect(isCrossRegion({ partnerRegionCodes: ['520500'] })).toBe(true);
    expect(isCrossRegion({ partnerRegionCodes: [] })).toBe(false);
  });
});
