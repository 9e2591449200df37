import { type ProjectStage, reminderOffsetsMs, SKILL_LEVEL_CODES } from '@qiancheng/domain';
import {
  ApplicationFailure,
  allHandlersFinished,
  type ChildWorkflowHandle,
  condition,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  sleep,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities.types.js';
import {
  costShareDecisionSignal,
  costShareWithdrawSignal,
  costShareWorkflowId,
} from '../cost-share/cost-share.definitions.js';
import { costShareApprovalWorkflow } from '../cost-share/cost-share-approval.workflow.js';
import { SEARCH_ATTRIBUTES } from '../search-attributes.js';
import {
  approveShareUpdate,
  attendanceSignal,
  cancelProjectUpdate,
  closeEmploymentUpdate,
  closeEnrolmentUpdate,
  closeEvaluationUpdate,
  completeTrainingUpdate,
  enrolTraineesUpdate,
  projectStateQuery,
  recordPlacementsUpdate,
  rejectShareUpdate,
  reportFraudUpdate,
  reviseSharesUpdate,
  submitAssessmentsUpdate,
} from './project.definitions.js';
import { shareProgressSignal } from './project.internal.js';
import type {
  CostSharePartyInput,
  PartyState,
  PendingStep,
  PlacementInput,
  ProjectResult,
  ProjectState,
  ProjectWorkflowInput,
  ShareDecisionInput,
  ShareDecisionResult,
  StepInput,
} from './project.types.js';

const io = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
// Settlement pages heartbeat per trainee: if their worker dies, another retries within seconds.
const settlement = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
// Webhooks go to enterprises' servers: retried with backoff for a day, never blocking the project.
const webhooks = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' },
  scheduleToCloseTimeout: '1 day',
});

/** Per-trainee work travels in batches of at most this many, so histories stay bounded. */
export const MAX_BATCH = 500;
const SETTLEMENT_PAGE = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Stages in which the project can still be cancelled (before money moves). */
const CANCELLABLE: readonly ProjectStage[] = [
  'demand',
  'cost_sharing',
  'enrolment',
  'training',
  'evaluation',
  'employment',
];
const FRAUD_STAGES: readonly ProjectStage[] = ['settlement', 'quality_review', 'closed'];

/**
 * One training project from demand to closing (十二: 岗位需求 + 技能培训 + 技能评价 + 就业服务):
 * demand → cost sharing (cross-region only) → enrolment → training → evaluation → employment →
 * settlement → quality review → closed, or cancelled. Human steps are updates; facts are signals.
 */
export async function projectWorkflow(input: ProjectWorkflowInput): Promise<ProjectResult> {
  const { projectId, timings } = input;
  const state: ProjectState = {
    projectId,
    stage: 'demand',
    round: 0,
    parties: [],
    counts: {
      enrolled: 0,
      ineligible: 0,
      attendanceRecords: 0,
      assessed: 0,
      certified: 0,
      placed: 0,
      followUpsStarted: 0,
      followUpsDone: 0,
      claims: 0,
      claimedFen: 0,
      ledgerEntries: 0,
      reversedClaims: 0,
      reversedFen: 0,
    },
    pending: [],
    decisions: [],
    cancelled: null,
  };
  let partners: CostSharePartyInput[] = input.partners;
  let awaitingRevision = false;
  let cancelRequest: { by: string; reason: string } | null = null;
  const closed = { enrolment: false, training: false, evaluation: false, employment: false };
  let inFlight = 0;
  const children = new Map<string, ChildWorkflowHandle<typeof costShareApprovalWorkflow>>();
  const deliveries: Promise<unknown>[] = [];

  const now = () => new Date(Date.now()).toISOString();
  const decide = (by: string, action: string, reason: string | null = null) => {
    state.decisions.push({ at: now(), by, action, reason });
  };
  const requireStage = (...stages: ProjectStage[]) => {
    if (!stages.includes(state.stage)) {
      throw ApplicationFailure.nonRetryable(
        `project ${projectId} is in stage ${state.stage}; this step needs ${stages.join(' or ')}`,
        'WrongStage',
      );
    }
  };
  const requireIds = (ids: readonly string[], what: string) => {
    const bad = ids.find((id) => !UUID.test(id));
    if (bad !== undefined) {
      throw ApplicationFailure.nonRetryable(
        `${what} ${JSON.stringify(bad)} is not an id`,
        'InvalidId',
      );
    }
  };
  const requireBatch = (size: number, what: string) => {
    if (size === 0) throw ApplicationFailure.nonRetryable(`no ${what} given`, 'EmptyBatch');
    if (size > MAX_BATCH) {
      throw ApplicationFailure.nonRetryable(
        `at most ${MAX_BATCH} ${what} per call, got ${size}`,
        'BatchTooLarge',
      );
    }
  };
  /** Runs a handler's I/O while counting it, so the stage never moves under a batch in flight. */
  const tracked = async <T>(work: () => Promise<T>): Promise<T> => {
    inFlight += 1;
    try {
      return await work();
    } finally {
      inFlight -= 1;
    }
  };
  const enterStage = async (stage: ProjectStage, by: string, reason: string | null = null) => {
    state.stage = stage;
    upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.stage, value: stage }]);
    await io.recordStage({ projectId, stage, by, reason });
    const delivery = webhooks.deliverWebhook({ projectId, stage, occurredAt: now() });
    deliveries.push(delivery.catch(() => undefined));
  };
  const setPending = (...steps: PendingStep[]) => {
    state.pending = steps;
  };
  const settledOrCancelled = (done: () => boolean) => () =>
    (done() && inFlight === 0) || cancelRequest !== null;

  // ---- queries, updates and signals ----
  // During a round the pending steps are the parties still to decide, as they decide.
  setHandler(projectStateQuery, () =>
    state.stage === 'cost_sharing' && !awaitingRevision && state.parties.length > 0
      ? {
          ...state,
          pending: state.parties
            .filter((p) => p.status === 'pending')
            .map(
              (p): PendingStep => ({
                kind: 'approve_share',
                regionCode: p.regionCode,
                deadline: p.deadline,
              }),
            ),
        }
      : state,
  );

  const validateShareDecision = (decision: ShareDecisionInput) => {
    requireStage('cost_sharing');
    if (decision.round !== state.round) {
      throw ApplicationFailure.nonRetryable(
        `round ${decision.round} is over; the current round is ${state.round}`,
        'StaleRound',
      );
    }
    if (state.parties.length === 0) {
      throw ApplicationFailure.nonRetryable(
        `round ${state.round} is still opening; try again shortly`,
        'RoundOpening',
      );
    }
    const party = state.parties.find((p) => p.regionCode === decision.regionCode);
    if (!party)
      throw ApplicationFailure.nonRetryable(
        `${decision.regionCode} is not a party of this project`,
        'NotAParty',
      );
    if (party.status !== 'pending') {
      throw ApplicationFailure.nonRetryable(
        `${decision.regionCode} has already ${party.status} round ${state.round}`,
        'AlreadyDecided',
      );
    }
  };
  const applyShareDecision = async (
    decision: ShareDecisionInput,
    approved: boolean,
  ): Promise<ShareDecisionResult> => {
    const party = state.parties.find((p) => p.regionCode === decision.regionCode) as PartyState;
    party.status = approved ? 'approved' : 'rejected';
    party.decidedBy = decision.by;
    party.reason = decision.reason ?? null;
    decide(
      decision.by,
      approved ? `approve_share:${decision.regionCode}` : `reject_share:${decision.regionCode}`,
      party.reason,
    );
    await tracked(async () => {
      await io.recordShareDecision({
        projectId,
        round: decision.round,
        regionCode: decision.regionCode,
        status: party.status as 'approved' | 'rejected',
        by: decision.by,
        reason: party.reason,
      });
      await children
        .get(decision.regionCode)
        ?.signal(costShareDecisionSignal, { approved, by: decision.by, reason: party.reason });
    });
    return {
      regionCode: decision.regionCode,
      round: decision.round,
      status: party.status,
      roundComplete: state.parties.every((p) => p.status !== 'pending') || !approved,
    };
  };
  setHandler(approveShareUpdate, (d) => applyShareDecision(d, true), {
    validator: validateShareDecision,
  });
  setHandler(rejectShareUpdate, (d) => applyShareDecision(d, false), {
    validator: (d) => {
      validateShareDecision(d);
      if (!d.reason?.trim())
        throw ApplicationFailure.nonRetryable('a rejection needs a reason', 'ReasonRequired');
    },
  });
  setHandler(shareProgressSignal, (progress) => {
    const party = state.parties.find((p) => p.regionCode === progress.regionCode);
    if (party && progress.round === state.round) {
      party.remindersSent = progress.remindersSent;
      party.escalated = progress.escalated;
    }
  });
  setHandler(
    reviseSharesUpdate,
    (revision) => {
      partners = revision.parties.map((p) => ({
        regionCode: p.regionCode,
        shareBp: p.shareBp,
        coordinatorRegionCode:
          input.partners.find((old) => old.regionCode === p.regionCode)?.coordinatorRegionCode ??
          `${p.regionCode.slice(0, 2)}0000`,
      }));
      awaitingRevision = false;
      decide(revision.by, 'revise_shares', revision.reason);
      return { round: state.round + 1 };
    },
    {
      validator: (revision) => {
        requireStage('cost_sharing');
        if (!awaitingRevision) {
          throw ApplicationFailure.nonRetryable(
            'shares can be revised only after a rejection or expiry',
            'NotAwaitingRevision',
          );
        }
        validateParties(input.regionCode, revision.parties);
        if (!revision.reason?.trim())
          throw ApplicationFailure.nonRetryable('a revision needs a reason', 'ReasonRequired');
      },
    },
  );
  setHandler(
    enrolTraineesUpdate,
    async ({ traineeIds, by }) => {
      const result = await tracked(() => io.enrolTrainees({ projectId, traineeIds, by }));
      state.counts.enrolled += result.enrolled;
      state.counts.ineligible += result.ineligible.length;
      return result;
    },
    {
      validator: ({ traineeIds }) => {
        requireStage('enrolment');
        if (closed.enrolment)
          throw ApplicationFailure.nonRetryable('enrolment is closed', 'EnrolmentClosed');
        requireBatch(traineeIds.length, 'trainees');
        requireIds(traineeIds, 'trainee');
      },
    },
  );
  setHandler(
    closeEnrolmentUpdate,
    ({ by, reason }) => {
      closed.enrolment = true;
      decide(by, 'close_enrolment', reason ?? null);
      return { enrolled: state.counts.enrolled };
    },
    {
      validator: (_step: StepInput) => {
        requireStage('enrolment');
        if (state.counts.enrolled === 0) {
          throw ApplicationFailure.nonRetryable(
            'enrolment cannot close with no eligible trainee enrolled',
            'NobodyEnrolled',
          );
        }
      },
    },
  );
  setHandler(attendanceSignal, async (attendance) => {
    // A signal has no answer: a malformed one is dropped (the API validates before sending).
    if (
      state.stage !== 'training' ||
      attendance.presentTraineeIds.length > MAX_BATCH ||
      !UUID.test(attendance.moduleId) ||
      !attendance.presentTraineeIds.every((id) => UUID.test(id))
    ) {
      return;
    }
    const { recorded } = await tracked(() => io.recordAttendance({ projectId, ...attendance }));
    state.counts.attendanceRecords += recorded;
  });
  setHandler(
    completeTrainingUpdate,
    ({ by, reason }) => {
      closed.training = true;
      decide(by, 'complete_training', reason ?? null);
      return { attendanceRecords: state.counts.attendanceRecords };
    },
    { validator: (_step: StepInput) => requireStage('training') },
  );
  setHandler(
    submitAssessmentsUpdate,
    async ({ results, by }) => {
      const outcome = await tracked(() => io.recordAssessments({ projectId, results, by }));
      state.counts.assessed += outcome.recorded;
      state.counts.certified += outcome.certified;
      return outcome;
    },
    {
      validator: ({ results }) => {
        requireStage('evaluation');
        requireBatch(results.length, 'assessment results');
        requireIds(
          results.map((r: { traineeId: string }) => r.traineeId),
          'trainee',
        );
        for (const r of results) {
          if (r.level !== null && !(SKILL_LEVEL_CODES as readonly string[]).includes(r.level)) {
            throw ApplicationFailure.nonRetryable(
              `trainee ${r.traineeId}: ${r.level} is not a skill level`,
              'InvalidLevel',
            );
          }
          if (r.result === 'passed' && !r.certificateNo) {
            throw ApplicationFailure.nonRetryable(
              `trainee ${r.traineeId} passed: a certificate number is required`,
              'CertificateRequired',
            );
          }
        }
      },
    },
  );
  setHandler(
    closeEvaluationUpdate,
    ({ by, reason }) => {
      closed.evaluation = true;
      decide(by, 'close_evaluation', reason ?? null);
      return { certified: state.counts.certified };
    },
    { validator: (_step: StepInput) => requireStage('evaluation') },
  );
  setHandler(
    recordPlacementsUpdate,
    async ({ placements, by }) =>
      tracked(async () => {
        const { recorded, traineeIds } = await io.recordPlacements({ projectId, placements, by });
        state.counts.placed += recorded;
        const { started } = traineeIds.length
          ? await io.startFollowUps({ projectId, traineeIds, timings })
          : { started: 0 };
        state.counts.followUpsStarted += started;
        return { recorded, followUpsStarted: started };
      }),
    {
      validator: ({ placements }) => {
        requireStage('employment');
        requireBatch(placements.length, 'placements');
        requireIds(
          placements.flatMap((p: PlacementInput) => [
            p.traineeId,
            p.enterpriseId,
            ...(p.demandOrderId ? [p.demandOrderId] : []),
          ]),
          'trainee, enterprise or demand order',
        );
        for (const p of placements) {
          if (!Number.isSafeInteger(p.monthlyWageFen) || p.monthlyWageFen <= 0) {
            throw ApplicationFailure.nonRetryable(
              `trainee ${p.traineeId}: the wage must be a positive whole number of fen`,
              'InvalidWage',
            );
          }
        }
      },
    },
  );
  setHandler(
    closeEmploymentUpdate,
    ({ by, reason }) => {
      closed.employment = true;
      decide(by, 'close_employment', reason ?? null);
      return { placed: state.counts.placed };
    },
    { validator: (_step: StepInput) => requireStage('employment') },
  );
  let findings = 0;
  setHandler(
    reportFraudUpdate,
    async (finding) =>
      tracked(async () => {
        findings += 1;
        decide(finding.by, `fraud:${finding.kind}`, finding.reason);
        const reversed = await io.clawBack({
          projectId,
          findingKey: `${workflowInfo().workflowId}:fraud:${findings}`,
          kind: finding.kind,
          traineeIds: finding.traineeIds,
          by: finding.by,
          reason: finding.reason,
        });
        state.counts.reversedClaims += reversed.reversedClaims;
        state.counts.reversedFen += reversed.reversedFen;
        const { revoked } =
          finding.revokeProvider || finding.revokeEvaluationBody
            ? await io.revokeQualifications({
                projectId,
                provider: finding.revokeProvider,
                evaluationBody: finding.revokeEvaluationBody,
                by: finding.by,
                reason: finding.reason,
              })
            : { revoked: [] as ('provider' | 'evaluation_body')[] };
        return { ...reversed, revoked };
      }),
    {
      validator: (finding) => {
        requireStage(...FRAUD_STAGES);
        if (!finding.reason?.trim())
          throw ApplicationFailure.nonRetryable('a fraud finding needs a reason', 'ReasonRequired');
      },
    },
  );
  setHandler(
    cancelProjectUpdate,
    async ({ by, reason }) => {
      cancelRequest ??= { by, reason };
      await condition(() => state.stage === 'cancelled');
      return { stage: 'cancelled' as const };
    },
    {
      validator: ({ reason }) => {
        requireStage(...CANCELLABLE);
        if (!reason?.trim())
          throw ApplicationFailure.nonRetryable('a cancellation needs a reason', 'ReasonRequired');
      },
    },
  );

  // ---- the chain ----
  const cancel = async (): Promise<ProjectResult> => {
    const request = cancelRequest as { by: string; reason: string };
    decide(request.by, 'cancel', request.reason);
    for (const child of children.values()) {
      await child.signal(costShareWithdrawSignal, request).catch(() => undefined);
    }
    await condition(() => inFlight === 0);
    // Compensation: give back the demand orders' reserved headcount and void what is pending.
    await io.releaseDemand({ projectId });
    await io.voidPendingRecords({ projectId, by: request.by, reason: request.reason });
    state.cancelled = { ...request, at: now() };
    setPending();
    await enterStage('cancelled', request.by, request.reason);
    return finish('cancelled');
  };
  const finish = async (stage: 'closed' | 'cancelled'): Promise<ProjectResult> => {
    await condition(allHandlersFinished);
    await Promise.all(deliveries);
    return { projectId, stage, counts: state.counts };
  };

  await enterStage('demand', input.launchedBy);
  await io.reserveDemand({ projectId });

  if (partners.length > 0) {
    await enterStage('cost_sharing', input.launchedBy);
    for (;;) {
      state.round += 1;
      const openedAt = now();
      const deadline = new Date(Date.parse(openedAt) + timings.approvalDeadlineMs).toISOString();
      // The round shows (and takes decisions) once its records and approval workflows exist.
      state.parties = [];
      setPending();
      await io.openCostShareRound({ projectId, round: state.round, deadline, parties: partners });
      children.clear();
      for (const party of partners) {
        const child = await startChild(costShareApprovalWorkflow, {
          workflowId: costShareWorkflowId(projectId, party.regionCode, state.round),
          args: [
            {
              projectId,
              regionCode: party.regionCode,
              coordinatorRegionCode: party.coordinatorRegionCode,
              round: state.round,
              shareBp: party.shareBp,
              openedAt,
              deadline,
              reminderOffsetsMs: reminderOffsetsMs(timings),
              escalationGraceMs: timings.escalationGraceMs,
            },
          ],
          parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
        });
        children.set(party.regionCode, child);
        void child.result().then(async (result) => {
          const p = state.parties.find((x) => x.regionCode === result.regionCode);
          if (
            result.round !== state.round ||
            !p ||
            p.status !== 'pending' ||
            result.status !== 'expired'
          )
            return;
          p.status = 'expired';
          p.reason = result.reason;
          await tracked(() =>
            io.recordShareDecision({
              projectId,
              round: result.round,
              regionCode: result.regionCode,
              status: 'expired',
              by: null,
              reason: result.reason,
            }),
          );
        });
      }
      state.parties = partners.map((p) => ({
        regionCode: p.regionCode,
        shareBp: p.shareBp,
        status: 'pending',
        deadline,
        remindersSent: 0,
        escalated: false,
        decidedBy: null,
        reason: null,
      }));
      setPending(
        ...partners.map(
          (p): PendingStep => ({ kind: 'approve_share', regionCode: p.regionCode, deadline }),
        ),
      );
      const roundOver = () =>
        state.parties.some((p) => p.status === 'rejected' || p.status === 'expired') ||
        state.parties.every((p) => p.status === 'approved');
      await condition(settledOrCancelled(roundOver));
      if (cancelRequest) return cancel();
      if (state.parties.every((p) => p.status === 'approved')) break;
      // A rejection or an expiry: the other parties' requests are withdrawn; the manager revises or cancels.
      for (const [region, child] of children) {
        if (state.parties.find((p) => p.regionCode === region)?.status === 'pending') {
          await child.signal(costShareWithdrawSignal, { by: 'system', reason: 'round failed' });
        }
      }
      awaitingRevision = true;
      setPending({ kind: 'revise_shares', regionCode: input.regionCode, deadline: null });
      await condition(() => !awaitingRevision || cancelRequest !== null);
      if (cancelRequest) return cancel();
    }
  }

  await enterStage('enrolment', input.launchedBy);
  setPending({ kind: 'enrol_trainees', regionCode: input.regionCode, deadline: null });
  await condition(settledOrCancelled(() => closed.enrolment));
  if (cancelRequest) return cancel();

  await enterStage('training', input.launchedBy);
  setPending({ kind: 'complete_training', regionCode: input.regionCode, deadline: null });
  await condition(settledOrCancelled(() => closed.training));
  if (cancelRequest) return cancel();

  await enterStage('evaluation', input.launchedBy);
  setPending({ kind: 'submit_assessments', regionCode: input.regionCode, deadline: null });
  await condition(settledOrCancelled(() => closed.evaluation));
  if (cancelRequest) return cancel();

  await enterStage('employment', input.launchedBy);
  setPending({ kind: 'record_placements', regionCode: input.regionCode, deadline: null });
  await condition(settledOrCancelled(() => closed.employment));
  if (cancelRequest) return cancel();

  // Settlement: claims by the domain rules, split across the funding parties, written once.
  setPending();
  await enterStage('settlement', 'system');
  let after: string | null = null;
  do {
    const page: Awaited<ReturnType<Activities['settleClaims']>> = await settlement.settleClaims({
      projectId,
      afterTraineeId: after,
      limit: SETTLEMENT_PAGE,
    });
    state.counts.claims += page.claims;
    state.counts.claimedFen += page.claimedFen;
    state.counts.ledgerEntries += page.ledgerEntries;
    after = page.nextAfterTraineeId;
  } while (after !== null);

  // Quality review (十三) needs the 3- and 6-month retention: wait for every follow-up to finish.
  await enterStage('quality_review', 'system');
  if (state.counts.followUpsStarted > 0) {
    setPending({ kind: 'follow_ups', regionCode: input.regionCode, deadline: null });
    for (;;) {
      const progress = await io.followUpProgress({ projectId });
      state.counts.followUpsDone = progress.done;
      if (progress.done >= progress.total) break;
      await sleep(timings.followUpPollMs);
    }
  }
  setPending();
  await io.reviewQuality({ projectId });
  await enterStage('closed', 'system');

  // Fraud findings (十八) can still arrive for a while: keep answering them, then end.
  await sleep(timings.auditWindowMs);
  return finish('closed');
}

/** Partner shares are basis points of the whole; the owning region pays the rest (possibly 0). */
export function validateParties(
  ownerRegionCode: string,
  parties: { regionCode: string; shareBp: number }[],
): void {
  if (parties.length === 0)
    throw ApplicationFailure.nonRetryable('at least one partner region is needed', 'NoParties');
  const seen = new Set<string>();
  let total = 0;
  for (const p of parties) {
    if (!/^[1-9][0-9]{5}$/.test(p.regionCode)) {
      throw ApplicationFailure.nonRetryable(
        `${p.regionCode} is not a GB/T 2260 region code`,
        'InvalidRegion',
      );
    }
    if (p.regionCode === ownerRegionCode) {
      throw ApplicationFailure.nonRetryable(
        'the owning region is not its own partner',
        'OwnerAsPartner',
      );
    }
    if (seen.has(p.regionCode))
      throw ApplicationFailure.nonRetryable(`${p.regionCode} appears twice`, 'DuplicateParty');
    seen.add(p.regionCode);
    if (!Number.isInteger(p.shareBp) || p.shareBp < 1 || p.shareBp > 10000) {
      throw ApplicationFailure.nonRetryable(
        `${p.regionCode}: a share is 1 to 10000 basis points`,
        'InvalidShare',
      );
    }
    total += p.shareBp;
  }
  if (total > 10000)
    throw ApplicationFailure.nonRetryable(
      `partner shares add up to ${total} bp, more than 10000`,
      'SharesOver100',
    );
}
