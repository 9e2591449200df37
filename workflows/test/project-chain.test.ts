import { projects, qualityReviews, subsidyClaims, trainingProviders } from '@qiancheng/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answerRetentionCheckUpdate,
  retentionStateQuery,
  retentionWorkflowId,
} from '../src/follow-up/follow-up.definitions.js';
import {
  approveShareUpdate,
  projectStateQuery,
  reportFraudUpdate,
} from '../src/project/project.definitions.js';
import {
  copyDemoProject,
  driveFromEnrolment,
  type Harness,
  launch,
  recordHistory,
  startHarness,
  waitForState,
} from './harness.js';
import { expectExactLedger } from './ledger-assertions.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('chain');
});
afterAll(async () => {
  await h?.close();
});

async function answer(
  projectId: string,
  traineeId: string,
  checkpointMonths: 3 | 6,
  retained: boolean,
) {
  const handle = h.client.workflow.getHandle(retentionWorkflowId(projectId));
  const deadline = Date.now() + 20_000;
  while ((await handle.query(retentionStateQuery, traineeId))?.open !== checkpointMonths) {
    if (Date.now() > deadline) throw new Error(`the ${checkpointMonths}-month check never opened`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return handle.executeUpdate(answerRetentionCheckUpdate, {
    args: [{ traineeId, checkpointMonths, retained, by: 'user:pm' }],
  });
}

describe('a local project', () => {
  it('runs from demand to closed: claims settled exactly, follow-ups retained, left and unanswered', async () => {
    const projectId = await copyDemoProject(h.db, '深圳低空经济无人机驾驶员');
    // Checks wait 4 s for an answer: long enough for the answers below on a busy machine, short
    // enough for the unanswered one to expire quickly.
    const handle = await launch(h, projectId, {
      partners: [],
      timings: { followUpAnswerWindowMs: 4_000 },
    });
    const state = await waitForState(handle, (s) => s.stage === 'enrolment');
    expect(state.round).toBe(0);
    const { traineeIds, enrolled, assessed, placed } = await driveFromEnrolment(
      h,
      handle,
      projectId,
      {
        trainees: 4,
        failing: [3],
        unplaced: [2],
      },
    );
    expect(enrolled).toEqual({ enrolled: 4, alreadyEnrolled: 0, ineligible: [] });
    expect(assessed).toEqual({ recorded: 4, certified: 3 });
    expect(placed).toEqual({ recorded: 3, followUpsStarted: 3 });
    // Placed: 0 stays, 1 leaves at 3 months, 3 never answers.
    expect(await answer(projectId, traineeIds[0] as string, 3, true)).toEqual({
      checkpointMonths: 3,
      outcome: 'retained',
    });
    expect(await answer(projectId, traineeIds[1] as string, 3, false)).toEqual({
      checkpointMonths: 3,
      outcome: 'left',
    });
    await answer(projectId, traineeIds[0] as string, 6, true);

    const result = await handle.result();
    expect(result.stage).toBe('closed');
    expect(result.counts).toMatchObject({
      enrolled: 4,
      certified: 3,
      placed: 3,
      claims: 3,
      // Both in people: every placed trainee's checkpoints all have an outcome (before: 6 / 3).
      followUpsStarted: 3,
      followUpsDone: 3,
    });

    expect((await projects.find(h.db, projectId))?.stage).toBe('closed');
    const ledger = await expectExactLedger(h.db, projectId);
    expect(ledger.claims).toBe(3);
    expect(ledger.entries).toBe(result.counts.ledgerEntries);
    const [review] = await qualityReviews.listForProject(h.db, projectId);
    expect(review?.metrics).toMatchObject({
      trainees: 4,
      passRate: { numerator: 3, denominator: 4 },
      employmentRate: { numerator: 3, denominator: 4 },
      retention3Month: { numerator: 1, denominator: 3 },
      retention6Month: { numerator: 1, denominator: 3 },
    });
    // One retention workflow followed the project's three placed trainees, and has ended.
    const retention = h.client.workflow.getHandle(retentionWorkflowId(projectId));
    expect(await retention.result()).toEqual({ followed: 3 });
    const outcomes = async (i: number) =>
      (await retention.query(retentionStateQuery, traineeIds[i] as string))?.outcomes;
    expect(await outcomes(0)).toEqual({ 3: 'retained', 6: 'retained' });
    expect(await outcomes(1)).toEqual({ 3: 'left', 6: 'left' });
    expect(await outcomes(3)).toEqual({ 3: 'unknown', 6: 'unknown' });
    expect(await retention.query(retentionStateQuery, traineeIds[2] as string)).toBeNull();
    await recordHistory(retention, 'retention-answered-left-unanswered');
    await recordHistory(handle, 'local-project-closed-retention');
  });
});

describe('a cross-region project', () => {
  it('opens enrolment only when both partner regions approved, and a fraud finding claws back exactly', async () => {
    const projectId = await copyDemoProject(h.db, '粤黔协作');
    const handle = await launch(h, projectId, {
      timings: { auditWindowMs: 120_000, followUpAnswerWindowMs: 20_000 },
    });
    let state = await waitForState(
      handle,
      (s) => s.stage === 'cost_sharing' && s.parties.length === 2,
    );
    expect(state.parties.map((p) => [p.regionCode, p.shareBp, p.status])).toEqual([
      ['520500', 2_500, 'pending'],
      ['520300', 1_500, 'pending'],
    ]);
    const first = await handle.executeUpdate(approveShareUpdate, {
      args: [{ regionCode: '520500', round: 1, by: 'user:approver.bijie' }],
    });
    expect(first).toEqual({
      regionCode: '520500',
      round: 1,
      status: 'approved',
      roundComplete: false,
    });
    state = await handle.query(projectStateQuery);
    expect(state.stage).toBe('cost_sharing');
    expect(state.pending).toMatchObject([{ kind: 'approve_share', regionCode: '520300' }]);
    const second = await handle.executeUpdate(approveShareUpdate, {
      args: [{ regionCode: '520300', round: 1, by: 'user:approver.zunyi' }],
    });
    expect(second.roundComplete).toBe(true);
    await waitForState(handle, (s) => s.stage === 'enrolment');

    const { traineeIds } = await driveFromEnrolment(h, handle, projectId, { trainees: 3 });
    const closed = await waitForState(
      handle,
      (s) => s.stage === 'quality_review' && s.counts.claims === 3,
      30_000,
    );
    expect(closed.counts.claims).toBe(3);
    for (const checkpoint of [3, 6] as const) {
      await Promise.all(
        traineeIds.map((traineeId) => answer(projectId, traineeId, checkpoint, true)),
      );
    }
    await waitForState(handle, (s) => s.stage === 'closed');
    const before = await expectExactLedger(h.db, projectId);
    // 4 lines per claim: 东莞's two funds (employment, east–west cooperation), 毕节's, 遵义's.
    expect(before.entries).toBe(12);

    const project = await projects.find(h.db, projectId);
    const finding = await handle.executeUpdate(reportFraudUpdate, {
      args: [
        {
          kind: 'false_training',
          traineeIds: [traineeIds[0] as string],
          revokeProvider: true,
          revokeEvaluationBody: false,
          by: 'user:auditor',
          reason: '抽查发现虚假培训记录',
        },
      ],
    });
    const claim = await subsidyClaims.findFor(h.db, projectId, traineeIds[0] as string);
    expect(finding).toEqual({
      reversedClaims: 1,
      reversedFen: claim?.amountFen,
      revoked: ['provider'],
    });
    expect(claim?.status).toBe('clawed_back');
    const after = await expectExactLedger(h.db, projectId);
    expect(after.entries).toBe(16);
    const provider = await trainingProviders.find(h.db, project?.providerId as string);
    expect(provider?.qualificationStatus).toBe('revoked');
    await recordHistory(handle, 'cross-region-fraud');
    await handle.terminate('test finished');
  });
});
