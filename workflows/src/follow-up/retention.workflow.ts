import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities.types.js';
import { BOUNDED_ACTIVITY } from '../activity-options.js';
import { followUpsSettledSignal, projectWorkflowId } from '../project/project.definitions.js';
import {
  answerRetentionCheckUpdate,
  placedSignal,
  retentionStateQuery,
} from './follow-up.definitions.js';
import type {
  Checkpoint,
  FollowUpState,
  RecordedOutcome,
  RetentionAnswer,
  RetentionInput,
  RetentionTrainee,
} from './follow-up.types.js';

const { recordFollowUps } = proxyActivities<Activities>(BOUNDED_ACTIVITY);

/** Outcomes recorded by one activity call: one statement each for the checks and the audit rows. */
export const OUTCOMES_PER_BATCH = 500;
/** History events before the workflow carries its trainees into a new run (answers add events). */
export const RETENTION_EVENTS_PER_RUN = 5_000;

/**
 * The retention checks of every trainee a project placed (十三), in one workflow: each trainee's
 * 3-month check opens 3 months after placement and waits a while for its answer; no answer is
 * recorded as unknown, never as retained. The 6-month check opens at 6 months (never before the
 * 3-month one is recorded); someone who left at 3 months is not asked again. Outcomes are recorded
 * in batches — all answers that arrived while the last batch was written, all checks whose window
 * closed at the same time — so a day's answers cost a few activities, not one per trainee. The
 * workflow ends when every check it follows is recorded, telling the project.
 */
export async function retentionWorkflow(input: RetentionInput): Promise<{ followed: number }> {
  const { projectId, timings } = input;
  const trainees = new Map<string, RetentionTrainee>(
    (input.carriedOver ?? []).map((t) => [t.traineeId, t]),
  );
  /** Answers accepted and not yet recorded, by `${traineeId}:${months}`. */
  const answers = new Map<string, RetentionAnswer>();
  let placedSinceWake = false;

  const opensAt = (t: RetentionTrainee, months: Checkpoint): number | null => {
    if (months === 3) return t.placedAtMs + timings.followUp3MonthMs;
    if (t.outcomes[3] === null || t.settled3AtMs === null) return null;
    return Math.max(t.placedAtMs + timings.followUp6MonthMs, t.settled3AtMs);
  };
  /** The checkpoint open for answers now, if any (time is the workflow's, so replays agree). */
  const openCheck = (t: RetentionTrainee, at: number): Checkpoint | null => {
    for (const months of [3, 6] as const) {
      if (t.outcomes[months] !== null || answers.has(`${t.traineeId}:${months}`)) continue;
      if (months === 6 && t.outcomes[3] === 'left') return null;
      const opens = opensAt(t, months);
      if (opens === null || at < opens) return null;
      return at < opens + timings.followUpAnswerWindowMs ? months : null;
    }
    return null;
  };
  const settled = (t: RetentionTrainee) => t.outcomes[3] !== null && t.outcomes[6] !== null;

  setHandler(placedSignal, ({ placements }) => {
    for (const { traineeId, placedAt } of placements) {
      if (trainees.has(traineeId)) continue;
      trainees.set(traineeId, {
        traineeId,
        placedAtMs: Date.parse(placedAt),
        outcomes: { 3: null, 6: null },
        settled3AtMs: null,
      });
      placedSinceWake = true;
    }
  });
  setHandler(retentionStateQuery, (traineeId): FollowUpState | null => {
    const t = trainees.get(traineeId);
    if (!t) return null;
    const pending = (months: Checkpoint) => answers.get(`${traineeId}:${months}`);
    const outcome = (months: Checkpoint) => {
      const answer = pending(months);
      return t.outcomes[months] ?? (answer ? (answer.retained ? 'retained' : 'left') : null);
    };
    return { open: openCheck(t, Date.now()), outcomes: { 3: outcome(3), 6: outcome(6) } };
  });
  setHandler(
    answerRetentionCheckUpdate,
    // Answered once the outcome is recorded, not when accepted: whoever asks next (the roster)
    // finds it. (It also keeps the answer's completion out of the workflow task that cancels the
    // wait's timer: completing in that same task replayed in another order — nondeterminism.)
    async (answer) => {
      const key = `${answer.traineeId}:${answer.checkpointMonths}`;
      answers.set(key, answer);
      await condition(() => !answers.has(key));
      return {
        checkpointMonths: answer.checkpointMonths,
        outcome: answer.retained ? ('retained' as const) : ('left' as const),
      };
    },
    {
      validator: ({ traineeId, checkpointMonths }) => {
        const t = trainees.get(traineeId);
        if (!t)
          throw ApplicationFailure.nonRetryable(
            `trainee ${traineeId} is not followed by this project's retention checks`,
            'UnknownTrainee',
          );
        const open = openCheck(t, Date.now());
        if (open === null)
          throw ApplicationFailure.nonRetryable(
            'no retention check is open for this trainee now',
            'NoOpenCheck',
          );
        if (open !== checkpointMonths)
          throw ApplicationFailure.nonRetryable(
            `the open check is the ${open}-month one`,
            'WrongCheckpoint',
          );
      },
    },
  );

  for (;;) {
    const at = Date.now();
    // What is ready to record: every answer, every window that has closed without one, and the
    // 6-month outcome of whoever had left at 3 months once its time comes.
    const ready: RecordedOutcome[] = [];
    let nextWake = Number.POSITIVE_INFINITY;
    for (const t of trainees.values()) {
      for (const months of [3, 6] as const) {
        if (t.outcomes[months] !== null) continue;
        const answer = answers.get(`${t.traineeId}:${months}`);
        if (answer) {
          ready.push({
            traineeId: t.traineeId,
            checkpointMonths: months,
            outcome: answer.retained ? 'retained' : 'left',
            by: answer.by,
          });
          break;
        }
        const opens = opensAt(t, months);
        if (opens === null) break;
        const left = months === 6 && t.outcomes[3] === 'left';
        const due = left ? opens : opens + timings.followUpAnswerWindowMs;
        if (at >= due) {
          ready.push({
            traineeId: t.traineeId,
            checkpointMonths: months,
            outcome: left ? 'left' : 'unknown',
            by: null,
          });
        } else {
          // Wake when the check opens too: a query reads the time of the last wake, not the clock.
          nextWake = Math.min(nextWake, at < opens ? opens : due);
        }
        break;
      }
    }

    if (ready.length > 0) {
      for (let i = 0; i < ready.length; i += OUTCOMES_PER_BATCH)
        await recordFollowUps({ projectId, outcomes: ready.slice(i, i + OUTCOMES_PER_BATCH) });
      const recordedAt = Date.now();
      for (const r of ready) {
        const t = trainees.get(r.traineeId) as RetentionTrainee;
        t.outcomes[r.checkpointMonths] = r.outcome;
        if (r.checkpointMonths === 3) t.settled3AtMs = recordedAt;
        answers.delete(`${r.traineeId}:${r.checkpointMonths}`);
      }
      continue;
    }

    if ([...trainees.values()].every(settled)) {
      // Answers still being validated, or placements signalled meanwhile, keep the workflow going.
      await condition(allHandlersFinished);
      if (answers.size > 0 || ![...trainees.values()].every(settled)) continue;
      await getExternalWorkflowHandle(projectWorkflowId(projectId))
        .signal(followUpsSettledSignal)
        // A project that has ended (cancelled) has nobody waiting for the news.
        .catch(() => undefined);
      return { followed: trainees.size };
    }

    const info = workflowInfo();
    if (
      answers.size === 0 &&
      (info.historyLength >= (input.eventsPerRun ?? RETENTION_EVENTS_PER_RUN) ||
        info.continueAsNewSuggested)
    ) {
      await condition(allHandlersFinished);
      if (answers.size === 0)
        await continueAsNew<typeof retentionWorkflow>({
          ...input,
          carriedOver: [...trainees.values()],
        });
    }

    placedSinceWake = false;
    const woken = () => answers.size > 0 || placedSinceWake;
    if (Number.isFinite(nextWake)) await condition(woken, Math.max(1, nextWake - at));
    else await condition(woken);
  }
}
