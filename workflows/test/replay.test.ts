import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, Worker, type WorkflowBundle } from '@temporalio/worker';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTracing } from '../src/platform/tracing.js';
import { workflowInterceptorModules, workflowSinks } from '../src/worker/create-worker.js';

// Histories recorded from the scenario tests (RECORD_HISTORIES=1) are checked in and replayed
// against the current workflow code: a change that would break running projects fails here.
// Changes in flight go behind patched().
const historiesDir = fileURLToPath(new URL('./histories/', import.meta.url));
const workflowsPath = fileURLToPath(new URL('../src/workflows.ts', import.meta.url));
const quietLogger = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
const files = existsSync(historiesDir)
  ? readdirSync(historiesDir).filter((f) => f.endsWith('.json'))
  : [];

describe('recorded histories', () => {
  let bundle: WorkflowBundle;
  beforeAll(async () => {
    // As production bundles it (bundle.ts): the tracing interceptors are part of what replays.
    bundle = await bundleWorkflowCode({
      workflowsPath,
      workflowInterceptorModules,
      logger: quietLogger,
    });
  });

  it('exist for the scenarios', () => {
    expect(files.length).toBeGreaterThanOrEqual(1);
  });

  it.each(files)(
    '%s replays against the current workflow code without nondeterminism',
    async (file) => {
      const history = JSON.parse(readFileSync(`${historiesDir}${file}`, 'utf8'));
      const workflowId = file.replace(/\.json$/, '');
      await Worker.runReplayHistory(
        {
          workflowBundle: bundle,
          replayName: file,
          sinks: workflowSinks(startTracing('replay', {})),
        },
        history,
        workflowId,
      );
    },
  );
});
