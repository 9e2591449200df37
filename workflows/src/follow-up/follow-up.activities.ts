import { auditLog, followUps, inTransaction, placements } from '@qiancheng/db';
import { addDays, shanghaiDateOfMs } from '@qiancheng/domain';
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { sql } from 'kysely';
import type { Activities } from '../activities.types.js';
import { callerWorkflowId } from '../activity-context.js';
import type { ActivityDeps } from '../activity-deps.js';
import { SEARCH_ATTRIBUTES } from '../search-attributes.js';
import { placedSignal, retentionWorkflowId } from './follow-up.definitions.js';
import type { PlacedTrainees, RetentionTimings } from './follow-up.types.js';
import type { retentionWorkflow } from './retention.workflow.js';

type FollowUpActivities = Pick<
  Activities,
  'startFollowUps' | 'followUpProgress' | 'recordFollowUp' | 'recordFollowUps'
>;

/**
 * Hands placed trainees to the project's retention workflow: one signal that starts it or reaches
 * the running one. The workflow keeps each trainee once, so a retried call follows nobody twice.
 */
export async function followPlacedTrainees(
  client: Client,
  input: {
    taskQueue: string;
    projectId: string;
    timings: RetentionTimings;
    placements: PlacedTrainees['placements'];
  },
): Promise<void> {
  const { taskQueue, projectId, timings, placements } = input;
  await client.workflow.signalWithStart<typeof retentionWorkflow, [PlacedTrainees]>(
    'retentionWorkflow',
    {
      taskQueue,
      workflowId: retentionWorkflowId(projectId),
      args: [
        {
          projectId,
          timings: {
            followUp3MonthMs: timings.followUp3MonthMs,
            followUp6MonthMs: timings.followUp6MonthMs,
            followUpAnswerWindowMs: timings.followUpAnswerWindowMs,
          },
        },
      ],
      signal: placedSignal,
      signalArgs: [{ placements }],
      typedSearchAttributes: [{ key: SEARCH_ATTRIBUTES.projectId, value: projectId }],
    },
  );
}

/**
 * Retention follow-ups (十三): scheduled in PostgreSQL, run by the project's retention workflow
 * (one per project, retention.workflow.ts), which records their outcomes in batches.
 */
export function createFollowUpActivities({ db, client }: ActivityDeps): FollowUpActivities {
  const noPlacement = (projectId: string, traineeId: string) =>
    ApplicationFailure.nonRetryable(
      `trainee ${traineeId} has no placement on project ${projectId}`,
      'NoPlacement',
    );

  return {
    // 2 statements per batch (the placements, their checkpoints), then one signal that starts the
    // project's retention workflow or reaches the running one: the trainees' checks are timed there.
    async startFollowUps({ projectId, traineeIds, timings }) {
      const { taskQueue } = Context.current().info;
      const placed = await placements.forTrainees(db, projectId, traineeIds);
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
      await followPlacedTrainees(client, {
        taskQueue,
        projectId,
        timings,
        placements: ordered.map(({ traineeId, placement }) => ({
          traineeId,
          placedAt: placement.recordedAt.toISOString(),
        })),
      });
      return { started: ordered.length };
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

    // The per-trainee follow-up workflows that were running before the retention workflow.
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

    // 3 statements per batch, whatever its size: the placements, the outcomes, the audit rows.
    async recordFollowUps({ projectId, outcomes }) {
      const traineeIds = [...new Set(outcomes.map((o) => o.traineeId))];
      const placed = await placements.forTrainees(db, projectId, traineeIds);
      const checks = outcomes.map((o) => {
        const placement = placed.get(o.traineeId);
        if (!placement) throw noPlacement(projectId, o.traineeId);
        return { ...o, placementId: placement.id };
      });
      const workflowId = callerWorkflowId();
      return inTransaction(db, async (trx) => {
        const recorded = await followUps.recordMany(
          trx,
          checks.map((c) => ({
            placementId: c.placementId,
            milestoneMonths: c.checkpointMonths,
            outcome: c.outcome,
          })),
        );
        await auditLog.appendManyOnce(
          trx,
          checks.map((c) => ({
            idempotencyKey: `${workflowId}:follow-up:${c.traineeId}:${c.checkpointMonths}`,
            actor: c.by ?? 'system',
            action: 'follow_up.recorded',
            subjectType: 'placement',
            subjectId: c.placementId,
            details: {
              projectId,
              traineeId: c.traineeId,
              checkpointMonths: c.checkpointMonths,
              outcome: c.outcome,
            },
          })),
        );
        return { recorded: recorded.length };
      });
    },
  };
}
