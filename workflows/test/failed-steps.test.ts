import { randomUUID } from 'node:crypto';
import { projects } from '@qiancheng/db';
import { ApplicationFailure, WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  approveShareUpdate,
  closeEmploymentUpdate,
  recordPlacementsUpdate,
  rejectShareUpdate,
} from '../src/project/project.definitions.js';
import type { PlacementInput } from '../src/project/project.types.js';
import {
  copyDemoProject,
  driveFromEnrolment,
  type Harness,
  launch,
  queryState,
  startHarness,
  waitForState,
} from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('failed_steps');
});
afterAll(async () => {
  await h?.close();
});

/** The update's failure as the API sees it: its type and message. */
async function failureOf(run: Promise<unknown>) {
  const error = await run.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (error as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return cause as ApplicationFailure;
}

describe('a placement the database refuses', () => {
  it('fails its update at once, is shown in the state, leaves the stage free, and succeeds when corrected', async () => {
    const projectId = await copyDemoProject(h.db, '深圳低空经济无人机驾驶员');
    const handle = await launch(h, projectId, { partners: [] });
    await waitForState(handle, (s) => s.stage === 'enrolment');
    const { traineeIds } = await driveFromEnrolment(h, handle, projectId, {
      trainees: 1,
      offset: 40,
      stopAtEmployment: true,
    });
    const project = await projects.find(h.db, projectId);
    const enterprise = await h.db.selectFrom('enterprises').select('id').executeTakeFirstOrThrow();
    const placement: PlacementInput = {
      traineeId: traineeIds[0] as string,
      enterpriseId: enterprise.id,
      demandOrderId: null,
      startedOn: '2027-04-01',
      contractType: 'fixed_term',
      contractMonths: 24,
      monthlyWageFen: 6_500_00,
      workRegionCode: project?.ownerRegionCode as string,
    };
    const by = project?.createdBy as string;

    // An enterprise that does not exist: a foreign key, not worth a retry. Before, the activity
    // retried forever and the project froze.
    const started = Date.now();
    const missing = await failureOf(
      handle.executeUpdate(recordPlacementsUpdate, {
        args: [{ placements: [{ ...placement, enterpriseId: randomUUID() }], by }],
      }),
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(missing.type).toBe('ConstraintViolated');
    expect(missing.message).toBe(
      'recordPlacements: enterpriseId names a record that does not exist',
    );
    expect(missing.message).not.toMatch(/placements_|foreign key|insert|table/i);

    // A NUL byte in a text field PostgreSQL stores: bad data, also permanent.
    const nul = await failureOf(
      handle.executeUpdate(recordPlacementsUpdate, {
        args: [{ placements: [{ ...placement, workRegionCode: '44\u00000300' }], by }],
      }),
    );
    expect(nul.type).toBe('InvalidData');

    let state = await queryState(handle);
    expect(state.stage).toBe('employment');
    expect(state.counts.placed).toBe(0);
    expect(state.failures.map((f) => [f.step, f.type, f.by, f.resolvedAt])).toEqual([
      ['record_placements', 'ConstraintViolated', by, null],
      ['record_placements', 'InvalidData', by, null],
    ]);

    // Corrected, the same step succeeds, and the failures read as resolved.
    expect(
      await handle.executeUpdate(recordPlacementsUpdate, {
        args: [{ placements: [placement], by }],
      }),
    ).toEqual({ recorded: 1, followUpsStarted: 1 });
    state = await queryState(handle);
    expect(state.counts.placed).toBe(1);
    expect(state.failures.every((f) => f.resolvedAt !== null)).toBe(true);

    // The project is not frozen: employment closes and the stage moves on.
    await handle.executeUpdate(closeEmploymentUpdate, { args: [{ by }] });
    await waitForState(handle, (s) => s.stage !== 'employment');
    for (let i = 0; (await projects.find(h.db, projectId))?.stage === 'employment'; i += 1) {
      if (i > 100) throw new Error('the project record never left employment');
      await new Promise((r) => setTimeout(r, 100));
    }
    await handle.terminate('test done');
  });
});

describe('a share decision with a NUL byte in its reason', () => {
  it('is refused before anything is recorded, and the clean decision then goes through', async () => {
    const projectId = await copyDemoProject(h.db, '粤黔协作');
    const handle = await launch(h, projectId, { timings: { approvalDeadlineMs: 60_000 } });
    const state = await waitForState(
      handle,
      (s) => s.stage === 'cost_sharing' && s.parties.length > 0,
    );
    const party = state.parties[0];
    if (!party) throw new Error('no party');
    const decision = { regionCode: party.regionCode, round: state.round, by: 'user:approver' };

    for (const update of [approveShareUpdate, rejectShareUpdate]) {
      const refused = await failureOf(
        handle.executeUpdate(update, { args: [{ ...decision, reason: '同意\u0000' }] }),
      );
      expect(refused.type).toBe('InvalidText');
    }
    const after = await queryState(handle);
    expect(after.parties.find((p) => p.regionCode === party.regionCode)?.status).toBe('pending');
    expect(after.decisions.filter((d) => d.action.endsWith(party.regionCode))).toEqual([]);
    const row = await h.db
      .selectFrom('auditLog')
      .select('id')
      .where('subjectId', '=', projectId)
      .where('action', 'like', 'cost_share.%')
      .execute();
    expect(row).toEqual([]);

    // Before, a retry answered AlreadyDecided while the record stayed pending.
    expect(
      await handle.executeUpdate(approveShareUpdate, { args: [{ ...decision, reason: '同意' }] }),
    ).toMatchObject({ regionCode: party.regionCode, status: 'approved' });
    await handle.terminate('test done');
  });
});
