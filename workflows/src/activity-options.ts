import type { ActivityOptions } from '@temporalio/workflow';

/**
 * How the child workflows' activities run (notifications, follow-up records): each a few
 * statements, retried ten times over about four minutes (1 s doubling, at most a minute apart),
 * then given up to the workflow, which decides what a lasting failure means. Workflow code only.
 */
export const BOUNDED_ACTIVITY: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 10,
  },
};
