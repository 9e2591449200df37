import { auditLog, costSharing, notifications } from '@qiancheng/db';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  approveShareUpdate,
  coordinatorDecisionUpdate,
} from '../src/project/project.definitions.js';
import { copyDemoProject, type Harness, launch, startHarness, waitForState } from './harness.js';

// The partners' deadline passes after 2 s; the coordinator then has a minute before expiry.
const TIMINGS = {
  approvalDeadlineMs: 2_000,
  reminderLeadMs: 1_000,
  reminderIntervalMs: 1_000,
  escalationGraceMs: 60_000,
};
const COORDINATOR = 'user:coordinator.guizhou';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('coordinator');
});
afterAll(async () => {
  await h?.close();
});

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  return ((error as WorkflowUpdateFailedError).cause as { type?: string }).type ?? 'none';
}

async function approvalOf(projectId: string, regionCode: string) {
  const agreement = await costSharing.findAgreementForProject(h.db, projectId);
  const rounds = await costSharing.listRounds(h.db, agreement?.id as string);
  return rounds.at(-1)?.approvals.find((a) => a.regionCode === regionCode);
}

/** A cross-region project whose 毕节 share is approved and whose 遵义 share has escalated. */
async function escalatedProject() {
  const projectId = await copyDemoProject(h.db, '粤黔协作');
  const handle = await launch(h, projectId, { timings: TIMINGS });
  await waitForState(handle, (s) => s.stage === 'cost_sharing' && s.parties.length === 2);
  // Not escalated yet: the partner's own approver decides, not the coordinator.
  expect(
    await refusal(
      handle.executeUpdate(coordinatorDecisionUpdate, {
        args: [{ regionCode: '520300', round: 1, action: 'approve', by: COORDINATOR }],
      }),
    ),
  ).toBe('NotEscalated');
  await handle.executeUpdate(approveShareUpdate, {
    args: [{ regionCode: '520500', round: 1, by: 'user:approver.bijie' }],
  });
  await waitForState(
    handle,
    (s) => s.parties.find((p) => p.regionCode === '520300')?.escalated === true,
  );
  return { projectId, handle };
}

describe('a provincial coordinator deciding an escalated approval', () => {
  it('approves it in the partner region’s place, and the project moves on to enrolment', async () => {
    const { projectId, handle } = await escalatedProject();
    // 遵义's escalation went to 贵州's coordinator, once. (On a busy machine 毕节's deadline can
    // pass before its approval arrives, and escalate too: only 遵义's is this test's.)
    const sent = await notifications.listForProject(h.db, projectId);
    expect(
      sent
        .filter((n) => n.kind === 'approval_escalation' && n.payload.partnerRegionCode === '520300')
        .map((n) => n.recipientRegionCode),
    ).toEqual(['520000']);

    const result = await handle.executeUpdate(coordinatorDecisionUpdate, {
      args: [
        {
          regionCode: '520300',
          round: 1,
          action: 'approve',
          by: COORDINATOR,
          reason: '省级统筹确认',
        },
      ],
    });
    expect(result).toMatchObject({ regionCode: '520300', status: 'approved', roundComplete: true });
    const state = await waitForState(handle, (s) => s.stage === 'enrolment');
    expect(state.parties.find((p) => p.regionCode === '520300')).toMatchObject({
      status: 'approved',
      decidedBy: COORDINATOR,
    });
    expect(await approvalOf(projectId, '520300')).toMatchObject({
      status: 'approved',
      decidedBy: COORDINATOR,
    });
    await handle.terminate('test finished');
  });

  it('extends the deadline: the share waits again, and the partner can still approve it', async () => {
    const { projectId, handle } = await escalatedProject();
    const deadline = new Date(Date.now() + 120_000).toISOString();
    expect(
      await refusal(
        handle.executeUpdate(coordinatorDecisionUpdate, {
          args: [{ regionCode: '520300', round: 1, action: 'extend', by: COORDINATOR, deadline }],
        }),
      ),
    ).toBe('ReasonRequired');
    expect(
      await refusal(
        handle.executeUpdate(coordinatorDecisionUpdate, {
          args: [
            {
              regionCode: '520300',
              round: 1,
              action: 'extend',
              by: COORDINATOR,
              reason: '延期',
              deadline: new Date(Date.now() - 1000).toISOString(),
            },
          ],
        }),
      ),
    ).toBe('DeadlineNotLater');

    const extended = await handle.executeUpdate(coordinatorDecisionUpdate, {
      args: [
        {
          regionCode: '520300',
          round: 1,
          action: 'extend',
          by: COORDINATOR,
          reason: '遵义机构调整，延期确认',
          deadline,
        },
      ],
    });
    expect(extended).toMatchObject({ status: 'pending', deadline });
    const state = await waitForState(
      handle,
      (s) => s.parties.find((p) => p.regionCode === '520300')?.escalated === false,
    );
    expect(state.parties.find((p) => p.regionCode === '520300')?.deadline).toBe(deadline);
    expect(state.pending).toContainEqual({ kind: 'approve_share', regionCode: '520300', deadline });
    const approval = await approvalOf(projectId, '520300');
    expect(approval?.deadline.toISOString()).toBe(deadline);
    expect(approval?.escalatedAt).toBeNull();
    const audit = await auditLog.listForSubject(h.db, 'project', projectId);
    expect(audit.find((e) => e.action === 'cost_share.deadline_extended')).toMatchObject({
      actor: COORDINATOR,
      reason: '遵义机构调整，延期确认',
    });

    // Past the old grace period the share is still open: the partner decides after all.
    await handle.executeUpdate(approveShareUpdate, {
      args: [{ regionCode: '520300', round: 1, by: 'user:approver.zunyi' }],
    });
    await waitForState(handle, (s) => s.stage === 'enrolment');
    await handle.terminate('test finished');
  });

  it('rejects it with a reason, and the owning region is told and asked to revise', async () => {
    const { projectId, handle } = await escalatedProject();
    expect(
      await refusal(
        handle.executeUpdate(coordinatorDecisionUpdate, {
          args: [{ regionCode: '520300', round: 1, action: 'reject', by: COORDINATOR }],
        }),
      ),
    ).toBe('ReasonRequired');
    await handle.executeUpdate(coordinatorDecisionUpdate, {
      args: [
        {
          regionCode: '520300',
          round: 1,
          action: 'reject',
          by: COORDINATOR,
          reason: '分担比例过高',
        },
      ],
    });
    const state = await waitForState(handle, (s) => s.pending[0]?.kind === 'revise_shares');
    expect(state.parties.find((p) => p.regionCode === '520300')).toMatchObject({
      status: 'rejected',
      reason: '分担比例过高',
    });
    const sent = await notifications.listForProject(h.db, projectId);
    expect(
      sent.filter((n) => n.kind === 'share_rejected').map((n) => n.recipientRegionCode),
    ).toEqual(['441900']);
    await handle.terminate('test finished');
  });
});
