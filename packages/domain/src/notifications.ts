import { isWithinRegion } from './region.js';

/** What a notification is about; each kind has one audience (below). */
export const NOTIFICATION_KINDS = [
  'approval_requested',
  'approval_reminder',
  'approval_escalation',
  'follow_up_due',
  'share_rejected',
  'share_expired',
  'pace_reminder',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** The console roles a notification speaks to (national roles read everything). */
type AudienceRole = 'approver' | 'provincial_coordinator' | 'project_manager';

/**
 * Who reads a kind of notification addressed to a region: a partner region's approvers its
 * requests and reminders (十二), the provincial coordinator its province's escalations (十二), the
 * managers of the owning region their projects' rejections, expiries and follow-ups, and a
 * region's managers the 督促提醒 sent to it (二十).
 */
export const NOTIFICATION_AUDIENCE: Record<NotificationKind, AudienceRole> = {
  approval_requested: 'approver',
  approval_reminder: 'approver',
  approval_escalation: 'provincial_coordinator',
  follow_up_due: 'project_manager',
  share_rejected: 'project_manager',
  share_expired: 'project_manager',
  pace_reminder: 'project_manager',
};

/** The kinds a user of `role` reads (every kind for national oversight roles). */
export function notificationKindsFor(role: string): NotificationKind[] {
  if (role === 'admin' || role === 'operator' || role === 'auditor') return [...NOTIFICATION_KINDS];
  return NOTIFICATION_KINDS.filter((k) => NOTIFICATION_AUDIENCE[k] === role);
}

/**
 * True when a user (role, region scope; null is national) is an addressee of a notification
 * sent to `recipientRegionCode`: its kind speaks to the role and the region lies in the scope.
 */
export function isNotificationFor(
  user: { role: string; regionCode: string | null },
  notification: { kind: NotificationKind; recipientRegionCode: string },
): boolean {
  if (!notificationKindsFor(user.role).includes(notification.kind)) return false;
  return (
    user.regionCode === null || isWithinRegion(notification.recipientRegionCode, user.regionCode)
  );
}
