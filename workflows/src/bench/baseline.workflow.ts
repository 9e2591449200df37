import { proxyActivities } from '@temporalio/workflow';
import type * as activities from './baseline.activities.js';

const { noop } = proxyActivities<typeof activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 3 },
});

/** The benchmark's baseline: the same number of activities as a project, each doing nothing. */
export async function baselineWorkflow(activityCount: number): Promise<number> {
  for (let i = 0; i < activityCount; i += 1) await noop(i);
  return activityCount;
}
