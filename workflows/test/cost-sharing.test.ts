import {
  costSharing,
  demandOrders,
  enrolments,
  notifications,
  plans,
  projects,
} from '@qiancheng/db';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  approveShareUpdate,
  cancelProjectUpdate,
  enrolTraineesUpdate,
  rejectShareUpdate,
  reviseSharesUpdate,
} from '../src/project/project.definitions.js';
import { SEARCH_ATTRIBUTES } from '../src/search-attributes.js';
import {
  copyDemoProject,
  type Harness,
  launch,
  recordHistory,
  startHarness,
  waitForState,
} from './harness.js';

const FUND = [{ source: 'employment_subsidy_fund' as const, shareBp: 10_000 }];

let h: Harness;
beforeAll(async () => {
  h = await startHarness('sharing');
});
afterAll(async () => {
  await h?.close();
});

async function rejection(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (error as WorkflowUpdateFailedError).cause as { type?: string };
  return cause.type ?? 'none';
}

async function reservedOn(projectId: string): Promise<number> {
  const project = await projects.find(h.db, projectId);
  let total = 0;
  for (const link of project?.demandOrders ?? [])
    total += (await demandOrders.find(h.db, link.demandOrderId))?.reservedHeadcount ?? 0;
  return total;
}

describe('cost-sharing approvals', () => {
  it('answer precisely when a decision cannot take effect', async () => {
    const projectId = await copyDemoProject(h.db, '粤黔协作');
    const handle = await launch(h, projectId, {
      timings: { approvalDeadlineMs: 60_000, reminderLeadMs: 30_000, reminderIntervalMs: 10_000 },
    });
    await waitForState(handle, (s) => s.stage === 'cost_sharing' && s.parties.length === 2);
    const by = 'user:approver';
    expect(
      await rejection(
        handle.executeUpdate(approveShareUpdate, {
          args: [{ regionCode: '510100', round: 1, by }],
        }),
      ),
    ).toBe('NotAParty');
    expect(
      await rejection(
        handle.executeUpdate(approveShareUpdate, {
          args: [{ regionCode: '520500', round: 2, by }],
        }),
      ),
    ).toBe('StaleRound');
    expect(
      await rejection(
        handle.executeUpdate(rejectShareUpdate, {
          args: [{ regionCode: '520500', round: 1, by, reason: ' ' }],
        }),
      ),
    ).toBe('ReasonRequired');
    await handle.executeUpdate(approveShareUpdate, {
      args: [{ regionCode: '520500', round: 1, by }],
    });
    expect(
      await rejection(
        handle.executeUpdate(approveShareUpdate, {
          args: [{ regionCode: '520500', round: 1, by }],
        }),
      ),
    ).toBe('AlreadyDecided');
    expect(
      await rejection(
        handle.executeUpdate(enrolTraineesUpdate, { args: [{ traineeIds: ['x'], by }] }),
      ),
    ).toBe('WrongStage');
    await handle.terminate('test finished');
  });

  it('after a rejection, a revision opens a new round that everyone approves again', async () => {
    const projectId = await copyDemoProject(h.db, '粤黔协作');
    const handle = await launch(h, projectId, {
      timings: { approvalDeadlineMs: 60_000, reminderLeadMs: 30_000, reminderIntervalMs: 10_000 },
    });
    await waitForState(handle, (s) => s.stage === 'cost_sharing' && s.parties.length === 2);
    const rejected = await handle.executeUpdate(rejectShareUpdate, {
      args: [
        {
          regionCode: '520300',
          round: 1,
          by: 'user:approver.zunyi',
          reason: '本市财政承担比例过高',
        },
      ],
    });
    expect(rejected).toEqual({
      regionCode: '520300',
      round: 1,
      status: 'rejected',
      roundComplete: true,
    });
    let state = await waitForState(handle, (s) => s.pending[0]?.kind === 'revise_shares');
    expect(state.parties.find((p) => p.regionCode === '520300')?.reason).toBe(
      '本市财政承担比例过高',
    );

    expect(
      await rejection(
        handle.executeUpdate(reviseSharesUpdate, {
          args: [
            {
              parties: [
                { regionCode: '441900', role: 'labour_import', shareBp: 0, funding: [] },
                { regionCode: '520500', role: 'labour_export', shareBp: 9_000, funding: FUND },
                { regionCode: '520300', role: 'labour_export', shareBp: 2_000, funding: FUND },
              ],
              by: 'user:pm',
              reason: 'x',
            },
          ],
        }),
      ),
    ).toBe('PlanInvalid');
    const revised = await handle.executeUpdate(reviseSharesUpdate, {
      args: [
        {
          parties: [
            { regionCode: '441900', role: 'labour_import', shareBp: 7_000, funding: FUND },
            { regionCode: '520500', role: 'labour_export', shareBp: 2_500, funding: FUND },
            { regionCode: '520300', role: 'labour_export', shareBp: 500, funding: FUND },
          ],
          by: 'user:pm.dongguan',
          reason: '遵义分担降至5%',
        },
      ],
    });
    expect(revised).toEqual({ round: 2 });
    state = await waitForState(handle, (s) => s.round === 2 && s.parties.length === 2);
    expect(state.parties.map((p) => p.shareBp).sort()).toEqual([2_500, 500].sort());
    for (const regionCode of ['520500', '520300']) {
      await handle.executeUpdate(approveShareUpdate, {
        args: [{ regionCode, round: 2, by: `user:approver.${regionCode}` }],
      });
    }
    await waitForState(handle, (s) => s.stage === 'enrolment');

    const agreement = await costSharing.findAgreementForProject(h.db, projectId);
    expect(agreement?.status).toBe('approved');
    const rounds = await costSharing.listRounds(h.db, agreement?.id as string);
    expect(rounds.map((r) => [r.round, r.status])).toEqual([
      [1, 'rejected'],
      [2, 'approved'],
    ]);
    // The revision is the round's record: the owner's 70% with the partners' 25% and 5%.
    expect(rounds[1]?.parties.find((p) => p.regionCode === '441900')?.shareBp).toBe(7_000);
    expect((await plans.approvedRound(h.db, projectId))?.parties.map((p) => p.shareBp)).toEqual([
      7_000, 2_500, 500,
    ]);
    await recordHistory(handle, 'rejection-revision-approval');
    await handle.terminate('test finished');
  });

  it('a revision that drops a partner region asks only the rest, and the project is found by them', async () => {
    const projectId = await copyDemoProject(h.db, '粤黔协作');
    const handle = await launch(h, projectId, {
      timings: { approvalDeadlineMs: 60_000, reminderLeadMs: 30_000, reminderIntervalMs: 10_000 },
    });
    await waitForState(handle, (s) => s.stage === 'cost_sharing' && s.parties.length === 2);
    await handle.executeUpdate(rejectShareUpdate, {
      args: [{ regionCode: '520300', round: 1, by: 'user:approver.zunyi', reason: '不参与本项目' }],
    });
    await waitForState(handle, (s) => s.pending[0]?.kind === 'revise_shares');
    await handle.executeUpdate(reviseSharesUpdate, {
      args: [
        {
          parties: [
            { regionCode: '441900', role: 'labour_import', shareBp: 6_000, funding: FUND },
            { regionCode: '520500', role: 'labour_export', shareBp: 4_000, funding: FUND },
          ],
          by: 'user:pm.dongguan',
          reason: '遵义退出，毕节承担40%',
        },
      ],
    });
    const state = await waitForState(handle, (s) => s.round === 2 && s.parties.length === 1);
    expect(state.parties.map((p) => p.regionCode)).toEqual(['520500']);
    const described = await handle.describe();
    expect(described.typedSearchAttributes.get(SEARCH_ATTRIBUTES.partnerRegions)).toEqual([
      '520500',
    ]);
    await handle.executeUpdate(approveShareUpdate, {
      args: [{ regionCode: '520500', round: 2, by: 'user:approver.bijie' }],
    });
    await waitForState(handle, (s) => s.stage === 'enrolment');
    await handle.terminate('test finished');
  });

  it('a missed deadline sends reminders, escalates to the provincial coordinator, expires, and cancelling compensates', async () => {
    const projectId = await copyDemoProject(h.db, '粤黔协作');
    const reservedBefore = await reservedOn(projectId);
    // Deadline 12 s, reminders from 7.5 s before it every 3 s: three reminders, the first 4.5 s
    // after the round opens (a reminder already past when the approval starts is skipped, so
    // the first one keeps clear of a slow start on a busy machine), then the escalation.
    const handle = await launch(h, projectId, {
      timings: { approvalDeadlineMs: 12_000, reminderLeadMs: 7_500, reminderIntervalMs: 3_000 },
    });
    await waitForState(handle, (s) => s.stage === 'cost_sharing' && s.parties.length === 2);
    expect(await reservedOn(projectId)).toBeGreaterThan(reservedBefore);
    await handle.executeUpdate(approveShareUpdate, {
      args: [{ regionCode: '520500', round: 1, by: 'user:approver.bijie' }],
    });

    const state = await waitForState(handle, (s) => s.pending[0]?.kind === 'revise_shares', 40_000);
    const zunyi = state.parties.find((p) => p.regionCode === '520300');
    expect(zunyi).toMatchObject({ status: 'expired', remindersSent: 3, escalated: true });
    expect(state.pending).toEqual([
      { kind: 'revise_shares', regionCode: '441900', deadline: null },
    ]);

    const sent = await notifications.listForProject(h.db, projectId);
    const toZunyi = sent.filter(
      (n) => (n.payload as { partnerRegionCode: string }).partnerRegionCode === '520300',
    );
    expect(toZunyi.map((n) => [n.kind, n.recipientRegionCode])).toEqual([
      ['approval_requested', '520300'],
      ['approval_reminder', '520300'],
      ['approval_reminder', '520300'],
      ['approval_reminder', '520300'],
      ['approval_escalation', '520000'],
      // …and the owning region learns that the share expired, so it can revise.
      ['share_expired', '441900'],
    ]);
    const agreement = await costSharing.findAgreementForProject(h.db, projectId);
    const [round] = await costSharing.listRounds(h.db, agreement?.id as string);
    expect(round?.status).toBe('expired');
    const approval = round?.approvals.find((a) => a.regionCode === '520300');
    expect(approval).toMatchObject({ status: 'expired', remindersSent: 3 });
    expect(approval?.escalatedAt).toBeInstanceOf(Date);

    expect(
      await handle.executeUpdate(cancelProjectUpdate, {
        args: [{ by: 'user:pm.dongguan', reason: '遵义未按期确认分担' }],
      }),
    ).toEqual({ stage: 'cancelled' });
    const result = await handle.result();
    expect(result.stage).toBe('cancelled');
    expect(await reservedOn(projectId)).toBe(reservedBefore);
    expect((await projects.find(h.db, projectId))?.stage).toBe('cancelled');
    expect((await costSharing.findAgreementForProject(h.db, projectId))?.status).toBe('cancelled');
    await recordHistory(handle, 'missed-deadline-cancelled');
  });

  it('cancelling during enrolment voids the enrolments and releases the demand order', async () => {
    const projectId = await copyDemoProject(h.db, '成都市养老护理员');
    const reservedBefore = await reservedOn(projectId);
    const handle = await launch(h, projectId, { partners: [] });
    await waitForState(handle, (s) => s.stage === 'enrolment');
    const traineeIds = (
      await h.db.selectFrom('trainees').select('id').orderBy('id').limit(2).execute()
    ).map((t) => t.id);
    expect(
      await rejection(
        handle.executeUpdate(enrolTraineesUpdate, {
          args: [{ traineeIds: ['not-an-id'], by: 'user:pm.chengdu' }],
        }),
      ),
    ).toBe('InvalidId');
    await handle.executeUpdate(enrolTraineesUpdate, {
      args: [{ traineeIds, by: 'user:pm.chengdu' }],
    });
    await handle.executeUpdate(cancelProjectUpdate, {
      args: [{ by: 'user:pm.chengdu', reason: '培训机构场地不可用' }],
    });
    expect((await handle.result()).stage).toBe('cancelled');
    const rows = await enrolments.listForProject(h.db, projectId);
    expect(rows.map((r) => [r.status, r.endedReason])).toEqual([
      ['void', '培训机构场地不可用'],
      ['void', '培训机构场地不可用'],
    ]);
    expect(await reservedOn(projectId)).toBe(reservedBefore);
    await recordHistory(handle, 'cancelled-during-enrolment');
  });
});
