import {
  ApplicationFailure,
  condition,
  proxyActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import type { Activities } from '../activities.types.js';
import { BOUNDED_ACTIVITY } from '../activity-options.js';
import { answerFollowUpUpdate, followUpStateQuery } from './follow-up.definitions.js';
import type {
  FollowUpAnswer,
  FollowUpInput,
  FollowUpState,
  RetentionOutcome,
} from './follow-up.types.js';

const { recordFollowUp } = proxyActivities<Activities>(BOUNDED_ACTIVITY);

/**
 * Retention checks of one placed trainee at 3 and 6 months (十三). A check waits for its answer
 * for a while; no answer is recorded as unknown, never as retained. Someone who left at 3 months
 * is not asked again.
 */
export async function followUpWorkflow(input: FollowUpInput): Promise<FollowUpState> {
  const state: FollowUpState = { open: null, outcomes: { 3: null, 6: null } };
  let answer: FollowUpAnswer | null = null;
  setHandler(followUpStateQuery, () => state);
  setHandler(
    answerFollowUpUpdate,
    (a) => {
      answer = a;
      const outcome: RetentionOutcome = a.retained ? 'retained' : 'left';
      return { checkpointMonths: a.checkpointMonths, outcome };
    },
    {
      validator: (a) => {
        if (state.open === null) {
          throw ApplicationFailure.nonRetryable(
            'no retention check is open for this trainee now',
            'NoOpenCheck',
          );
        }
        if (a.checkpointMonths !== state.open) {
          throw ApplicationFailure.nonRetryable(
            `the open check is the ${state.open}-month one`,
            'WrongCheckpoint',
          );
        }
      },
    },
  );

  const placedAt = Date.parse(input.placedAt);
  for (const [months, afterMs] of [
    [3, input.timings.followUp3MonthMs],
    [6, input.timings.followUp6MonthMs],
  ] as const) {
    const wait = placedAt + afterMs - Date.now();
    if (wait > 0) await sleep(wait);
    let outcome: RetentionOutcome;
    let by: string | null = null;
    if (months === 6 && state.outcomes[3] === 'left') {
      outcome = 'left';
    } else {
      answer = null;
      state.open = months;
      await condition(() => answer !== null, input.timings.followUpAnswerWindowMs);
      state.open = null;
      const given = answer as FollowUpAnswer | null;
      outcome = given ? (given.retained ? 'retained' : 'left') : 'unknown';
      by = given?.by ?? null;
    }
    state.outcomes[months] = outcome;
    await recordFollowUp({
      projectId: input.projectId,
      traineeId: input.traineeId,
      checkpointMonths: months,
      outcome,
      by,
    });
  }
  return state;
}
