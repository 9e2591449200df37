import { proxyActivities } from '@temporalio/workflow';
import type * as activities from './ping.activities.js';
import type { PingInput, PingResult } from './ping.types.js';

const { echo } = proxyActivities<typeof activities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 3 },
});

/** The smallest real round trip: workflow → activity → result. Operators use it to check a worker. */
export async function pingWorkflow(input: PingInput): Promise<PingResult> {
  return echo(input.message);
}
