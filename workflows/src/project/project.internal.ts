import { defineSignal } from '@temporalio/workflow';

// Signals between our own workflows; clients never send these.

/** A cost-share approval tells its project about reminders sent and escalation. */
export const shareProgressSignal =
  defineSignal<[{ regionCode: string; round: number; remindersSent: number; escalated: boolean }]>(
    'shareProgress',
  );
