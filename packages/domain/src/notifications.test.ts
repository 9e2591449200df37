import { describe, expect, it } from 'vitest';
import { isNotificationFor, notificationKindsFor } from './notifications.js';

describe('who reads a notification', () => {
  it('gives escalations to the coordinator of the province and not to the approver', () => {
    const escalation = { kind: 'approval_escalation' as const, recipientRegionCode: '520000' };
    expect(
      isNotificationFor({ role: 'provincial_coordinator', regionCode: '520000' }, escalation),
    ).toBe(true);
    expect(
      isNotificationFor({ role: 'provincial_coordinator', regionCode: '440000' }, escalation),
    ).toBe(false);
    expect(isNotificationFor({ role: 'approver', regionCode: '520500' }, escalation)).toBe(false);
  });

  it('gives requests to the approvers of the region and rejections to its managers', () => {
    const request = { kind: 'approval_requested' as const, recipientRegionCode: '520500' };
    expect(isNotificationFor({ role: 'approver', regionCode: '520500' }, request)).toBe(true);
    expect(isNotificationFor({ role: 'approver', regionCode: '520300' }, request)).toBe(false);
    const rejected = { kind: 'share_rejected' as const, recipientRegionCode: '441900' };
    expect(isNotificationFor({ role: 'project_manager', regionCode: '441900' }, rejected)).toBe(
      true,
    );
    expect(isNotificationFor({ role: 'approver', regionCode: '441900' }, rejected)).toBe(false);
  });

  it('lets national oversight roles read every kind', () => {
    expect(notificationKindsFor('admin')).toContain('pace_reminder');
    expect(
      isNotificationFor(
        { role: 'auditor', regionCode: null },
        { kind: 'approval_reminder', recipientRegionCode: '520500' },
      ),
    ).toBe(true);
  });
});
