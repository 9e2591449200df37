import { startDedicatedTemporal } from '@qiancheng/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolTraineesUpdate } from '../src/project/project.definitions.js';
import { SEARCH_ATTRIBUTES } from '../src/search-attributes.js';
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

/**
 * Temporal accepts a bounded number of updates per workflow run (2,000 by default). This server
 * accepts 30, so a project whose people take more steps than that shows what production would
 * meet at 2,000: each step past the limit refused. The project hands over to a new run first.
 */
const UPDATE_LIMIT = 30;
const TRAINEES = 45;

let server: Awaited<ReturnType<typeof startDedicatedTemporal>>;
let h: Harness;
beforeAll(async () => {
  server = await startDedicatedTemporal({ 'history.maxTotalUpdates': UPDATE_LIMIT });
  h = await startHarness('long_project', { temporalAddress: server.address });
}, 120_000);
afterAll(async () => {
  await h?.close();
  await server?.stop();
});

describe('a project with more steps than one run accepts', () => {
  it('continues as new within its stage: every step accepted, counts and money exact, findable', async () => {
    const projectId = await copyDemoProject(h.db, '深圳低空经济无人机驾驶员');
    const handle = await launch(h, projectId, { partners: [], stepsPerRun: 20 });
    const firstRunId = (await handle.describe()).runId;
    await waitForState(handle, (s) => s.stage === 'enrolment');

    // One trainee per step, as a manager enrolling people one by one would: 45 updates > 30.
    const { trainees } = await import('@qiancheng/db');
    const traineeIds = (await trainees.list(h.db, { limit: 400 }))
      .map((t) => t.id)
      .sort()
      .slice(0, TRAINEES);
    for (const traineeId of traineeIds) {
      const result = await handle.executeUpdate(enrolTraineesUpdate, {
        args: [{ traineeIds: [traineeId], by: 'user:pm' }],
      });
      expect(result.enrolled + result.alreadyEnrolled).toBe(1);
    }
    const state = await waitForState(handle, (s) => s.counts.enrolled === TRAINEES);
    expect(state.stage).toBe('enrolment');
    expect(state.pending.map((p) => p.kind)).toEqual(['enrol_trainees']);

    // The rest of the chain, on whichever run is current (the same trainees: none enrolled twice).
    const { placed } = await driveFromEnrolment(h, handle, projectId, { trainees: TRAINEES });
    expect(placed.recorded).toBe(TRAINEES);
    const result = await handle.result();
    expect(result.stage).toBe('closed');
    expect(result.counts).toMatchObject({
      enrolled: TRAINEES,
      certified: TRAINEES,
      placed: TRAINEES,
      claims: TRAINEES,
    });
    const ledger = await expectExactLedger(h.db, projectId);
    expect(ledger.claims).toBe(TRAINEES);

    // The chain of runs: the first continued as new, the last closed; the stage was entered once.
    const current = await handle.describe();
    expect(current.runId).not.toBe(firstRunId);
    const runs: string[] = [];
    for await (const w of h.client.workflow.list({
      query: `${SEARCH_ATTRIBUTES.projectId.name} = '${projectId}' AND WorkflowId = '${handle.workflowId}'`,
    }))
      runs.push(w.status.name);
    expect(runs.filter((s) => s === 'CONTINUED_AS_NEW').length).toBeGreaterThanOrEqual(2);
    expect(runs.filter((s) => s === 'COMPLETED')).toHaveLength(1);
    const entered = await h.db
      .selectFrom('auditLog')
      .select('details')
      .where('subjectId', '=', projectId)
      .where('action', '=', 'project.stage_changed')
      .execute();
    const stages = entered.map((e) => (e.details as { stage: string }).stage);
    expect(stages.filter((s) => s === 'enrolment')).toHaveLength(1);
    // The last run keeps the project's search attributes, its stage up to date.
    expect(current.typedSearchAttributes.get(SEARCH_ATTRIBUTES.stage)).toBe('closed');
    expect(current.typedSearchAttributes.get(SEARCH_ATTRIBUTES.regionCode)).toBeTruthy();
    // The last run began by resuming a stage: the replay suite keeps it.
    await recordHistory(handle, 'resumed-after-continue-as-new');
  }, 180_000);
});
