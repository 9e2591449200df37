import { provinceCodeOf } from '@qiancheng/domain';
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { Activities } from '../activities.types.js';
import { followPlacedTrainees } from '../follow-up/follow-up.activities.js';
import type { Checkpoint } from '../follow-up/follow-up.types.js';
import { echo } from '../ping/ping.activities.js';
import type { CostSharePartyInput } from '../project/project.types.js';

/** A subsidy per claim, for the figure's shape only: nothing downstream reads the amount. */
const CLAIM_FEN = 2_000_00;

export interface NoopActivityDeps {
  /** Starts the projects' retention workflows: a Temporal operation, so done for real. */
  client: Client;
  /** Each project's partner parties (owner excluded), read before the clock starts. */
  partners: ReadonlyMap<string, CostSharePartyInput[]>;
}

/** What the no-op activities saw of a project: the answers later ones give depend on it. */
interface Seen {
  certified: Set<string>;
  followed: Set<string>;
  /** Checkpoints recorded, by trainee. */
  checked: Map<string, Set<Checkpoint>>;
}

/**
 * The benchmark's floor (issue 13): every activity of the real chain answering as the real one
 * would, from its input, without PostgreSQL, so the same workflows run with nothing but
 * Temporal's own work. What is a Temporal operation stays one: startFollowUps starts the retention
 * workflow. Kept in memory per project, keyed by trainee, so a retry counts nobody twice.
 */
export function createNoopActivities({ client, partners }: NoopActivityDeps): Activities {
  const projects = new Map<string, Seen>();
  const seen = (projectId: string): Seen => {
    let s = projects.get(projectId);
    if (!s) {
      s = { certified: new Set(), followed: new Set(), checked: new Map() };
      projects.set(projectId, s);
    }
    return s;
  };
  const check = (projectId: string, traineeId: string, months: Checkpoint): boolean => {
    const { checked } = seen(projectId);
    const done = checked.get(traineeId) ?? new Set<Checkpoint>();
    checked.set(traineeId, done);
    const fresh = !done.has(months);
    done.add(months);
    return fresh;
  };

  return {
    echo,
    // As for the benchmarks' projects: no enterprise of theirs registers a webhook endpoint.
    async recordStage() {
      return { webhookEndpoints: 0 };
    },
    async notifyParty() {},
    async deliverWebhook() {
      return { delivered: true };
    },
    // The places of one demand order, as copyDemoProject caps them.
    async reserveDemand() {
      return { reserved: 5 };
    },
    async releaseDemand() {
      return { released: 5 };
    },

    async openCostShareRound({ projectId, parties }) {
      const known = partners.get(projectId);
      if (known) return { parties: known };
      return {
        parties: (parties ?? []).map((p) => ({
          regionCode: p.regionCode,
          shareBp: p.shareBp,
          coordinatorRegionCode: provinceCodeOf(p.regionCode),
        })),
      };
    },
    async recordRevision() {},
    async recordDeadlineExtension() {},
    async recordShareDecision() {},

    async enrolTrainees({ traineeIds }) {
      return { enrolled: traineeIds.length, alreadyEnrolled: 0, ineligible: [] };
    },
    async recordAttendance({ presentTraineeIds }) {
      return { recorded: presentTraineeIds.length };
    },
    async recordAssessments({ projectId, results }) {
      // As the real one: a pass with a certificate number is certified.
      const certified = results.filter((r) => r.result === 'passed' && r.certificateNo);
      for (const r of certified) seen(projectId).certified.add(r.traineeId);
      return { recorded: results.length, certified: certified.length };
    },
    async recordPlacements({ placements }) {
      return { recorded: placements.length, traineeIds: placements.map((p) => p.traineeId) };
    },

    async startFollowUps({ projectId, traineeIds, timings }) {
      for (const traineeId of traineeIds) seen(projectId).followed.add(traineeId);
      const placedAt = new Date().toISOString();
      await followPlacedTrainees(client, {
        taskQueue: Context.current().info.taskQueue,
        projectId,
        timings,
        placements: traineeIds.map((traineeId) => ({ traineeId, placedAt })),
      });
      return { started: traineeIds.length };
    },
    // As the real one, in people: done once both checkpoints have an outcome.
    async followUpProgress({ projectId }) {
      const { followed, checked } = seen(projectId);
      const done = [...followed].filter((id) => checked.get(id)?.size === 2).length;
      return { total: followed.size, done };
    },
    async recordFollowUp({ projectId, traineeId, checkpointMonths }) {
      check(projectId, traineeId, checkpointMonths);
    },
    async recordFollowUps({ projectId, outcomes }) {
      const fresh = outcomes.filter((o) => check(projectId, o.traineeId, o.checkpointMonths));
      return { recorded: fresh.length };
    },

    // One page: a claim for everyone certified, split between the owner and the partners.
    async settleClaims({ projectId }) {
      const claims = seen(projectId).certified.size;
      const parties = (partners.get(projectId)?.length ?? 0) + 1;
      return {
        claims,
        claimedFen: claims * CLAIM_FEN,
        ledgerEntries: claims * parties,
        nextAfterTraineeId: null,
      };
    },
    // The bench passes and places everyone.
    async reviewQuality() {
      return { passRateBp: 10_000, employmentRateBp: 10_000 };
    },
    async clawBack({ traineeIds }) {
      return { reversedClaims: traineeIds.length, reversedFen: traineeIds.length * CLAIM_FEN };
    },
    async revokeQualifications({ provider, evaluationBody }) {
      const revoked: ('provider' | 'evaluation_body')[] = [];
      if (provider) revoked.push('provider');
      if (evaluationBody) revoked.push('evaluation_body');
      return { revoked };
    },
    async voidPendingRecords() {
      return { voided: 0 };
    },
  };
}
