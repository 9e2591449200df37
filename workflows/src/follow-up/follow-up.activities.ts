import { auditLog, followUps, inTransaction, placements } from '@qiancheng/db';
import { addDays, shanghaiDateOfMs } from '@qiancheng/domain';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { sql } from 'kysely';
import type { Activities } from '../activities.types.js';
import { callerWorkflowId } from '../activity-context.js';
import type { ActivityDeps } from '../activity-deps.js';
import { SEARCH_ATTRIBUTES } from '../search-attributes.js';
import { followUpWorkflowId } from './follow-up.definitions.js';
import type { followUpWorkflow } from './follow-up.workflow.js';

type FollowUpActivities = Pick<
  Activities,
  'startFollowUps' | 'followUpProgress' | 'recordFollowUp'
>;

/** Follow-up workflows started at once by one batch: enough to hide round trips, few enough not to flood the server. */
const START_CONCURRENCY = 16;

/** Retention follow-ups (十三): scheduled in PostgreSQL, each run by its own workflow. */
export function createFollowUpActivities({ db, client }: ActivityDeps): FollowUpActivities {
  const noPlacement = (projectId: string, traineeId: string) =>
    ApplicationFailure.nonRetryable(
      `trainee ${traineeId} has no placement on project ${projectId}`,
      'NoPlacement',
    );

  return {
    // 2 statements per batch (the placements, their checkpoints), then one workflow start per
    // trainee — Temporal's own cost — START_CONCURRENCY at a time, heartbeating as they go.
    async startFollowUps({ projectId, traineeIds, timings }) {
      const { taskQueue } = Context.current().info;
      const placed = await placements.forTrainees(db, projectId, traineeIds);
      const missing = traineeIds.find((id) => !placed.has(id));
      if (missing) throw noPlacement(projectId, missing);
      const days = (ms: number) => Math.max(0, Math.round(ms / 86_400_000));
      const ordered = traineeIds.map((traineeId) => {
        const placement = placed.get(traineeId);
        if (!placement) throw noPlacement(projectId, traineeId);
        return { traineeId, placement };
      });
      await followUps.scheduleMany(
        db,
        ordered.flatMap(({ placement }) => {
          const placedOn = shanghaiDateOfMs(placement.recordedAt.getTime());
          return [
            {
              placementId: placement.id,
              milestoneMonths: 3 as const,
              dueOn: addDays(placedOn, days(timings.followUp3MonthMs)),
            },
            {
              placementId: placement.id,
              milestoneMonths: 6 as const,
              dueOn: addDays(placedOn, days(timings.followUp6MonthMs)),
            },
          ];
        }),
      );
      let started = 0;
      const start = async ({ traineeId, placement }: (typeof ordered)[number]) => {
        // The workflow id is the idempotency key: starting it again finds the running one.
        await client.workflow.start<typeof followUpWorkflow>('followUpWorkflow', {
          taskQueue,
          workflowId: followUpWorkflowId(projectId, traineeId),
          workflowIdConflictPolicy: 'USE_EXISTING',
          args: [
            {
              projectId,
              traineeId,
              placedAt: placement.recordedAt.toISOString(),
              timings: {
                followUp3MonthMs: timings.followUp3MonthMs,
                followUp6MonthMs: timings.followUp6MonthMs,
                followUpAnswerWindowMs: timings.followUpAnswerWindowMs,
              },
            },
          ],
          typedSearchAttributes: [{ key: SEARCH_ATTRIBUTES.projectId, value: projectId }],
        });
        started += 1;
        Context.current().heartbeat(started);
      };
      // A fixed pool of workers over one shared cursor: at most START_CONCURRENCY in flight.
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(START_CONCURRENCY, ordered.length) }, async () => {
          while (next < ordered.length) {
            const item = ordered[next];
            next += 1;
            if (item) await start(item);
          }
        }),
      );
      return { started };
    },

    // In people, like followUpsStarted: a placed trainee is done once every checkpoint of theirs
    // (3 and 6 months) has an outcome. (Counting checkpoints showed "回访完成 12 / 6".)
    async followUpProgress({ projectId }) {
      const row = await db
        .selectFrom((eb) =>
          eb
            .selectFrom('followUps')
            .innerJoin('placements', 'placements.id', 'followUps.placementId')
            .innerJoin('enrolments', 'enrolments.id', 'placements.enrolmentId')
            .where('enrolments.projectId', '=', projectId)
            .groupBy('followUps.placementId')
            .select([
              sql<boolean>`count(follow_ups.outcome) = count(*)`.as('answered'),
              'followUps.placementId',
            ])
            .as('people'),
        )
        .select([
          sql<number>`count(*)::int`.as('total'),
          sql<number>`count(*) filter (where answered)::int`.as('done'),
        ])
        .executeTakeFirstOrThrow();
      return { total: row.total, done: row.done };
    },

    async recordFollowUp({ projectId, traineeId, checkpointMonths, outcome, by }) {
      const placement = (await placements.forTrainees(db, projectId, [traineeId])).get(traineeId);
      if (!placement) throw noPlacement(projectId, traineeId);
      await inTransaction(db, async (trx) => {
        const milestone = (await followUps.listForPlacement(trx, placement.id)).find(
          (f) => f.milestoneMonths === checkpointMonths,
        );
        if (!milestone)
          throw ApplicationFailure.nonRetryable(
            `no ${checkpointMonths}-month follow-up scheduled`,
            'NoFollowUp',
          );
        await followUps.record(trx, milestone.id, outcome);
        await auditLog.appendOnce(trx, {
          idempotencyKey: `${callerWorkflowId()}:follow-up:${checkpointMonths}`,
          actor: by ?? 'system',
          action: 'follow_up.recorded',
          subjectType: 'placement',
          subjectId: placement.id,
          details: { projectId, traineeId, checkpointMonths, outcome },
        });
      });
    },
  };
}
