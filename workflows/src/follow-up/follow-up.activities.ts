import { auditLog, enrolments, followUps, inTransaction, placements } from '@qiancheng/db';
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

/** Retention follow-ups (十三): scheduled in PostgreSQL, each run by its own workflow. */
export function createFollowUpActivities({ db, client }: ActivityDeps): FollowUpActivities {
  const placementOf = async (projectId: string, traineeId: string) => {
    const enrolment = await enrolments.findFor(db, projectId, traineeId);
    const placement = enrolment ? await placements.findForEnrolment(db, enrolment.id) : null;
    if (!placement) {
      throw ApplicationFailure.nonRetryable(
        `trainee ${traineeId} has no placement on project ${projectId}`,
        'NoPlacement',
      );
    }
    return placement;
  };

  return {
    async startFollowUps({ projectId, traineeIds, timings }) {
      const { taskQueue } = Context.current().info;
      let started = 0;
      for (const traineeId of traineeIds) {
        const placement = await placementOf(projectId, traineeId);
        const placedAt = placement.recordedAt.toISOString();
        const placedOn = shanghaiDateOfMs(placement.recordedAt.getTime());
        const days = (ms: number) => Math.max(0, Math.round(ms / 86_400_000));
        await followUps.schedule(db, placement.id, [
          { milestoneMonths: 3, dueOn: addDays(placedOn, days(timings.followUp3MonthMs)) },
          { milestoneMonths: 6, dueOn: addDays(placedOn, days(timings.followUp6MonthMs)) },
        ]);
        // The workflow id is the idempotency key: starting it again finds the running one.
        await client.workflow.start<typeof followUpWorkflow>('followUpWorkflow', {
          taskQueue,
          workflowId: followUpWorkflowId(projectId, traineeId),
          workflowIdConflictPolicy: 'USE_EXISTING',
          args: [
            {
              projectId,
              traineeId,
              placedAt,
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
      }
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
      const placement = await placementOf(projectId, traineeId);
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
