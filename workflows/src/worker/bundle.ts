// Build step: prebundles the workflow code so production workers start without webpack.
import { writeFile } from 'node:fs/promises';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundlePath, workflowInterceptorModules, workflowsPath } from './create-worker.js';

const { code } = await bundleWorkflowCode({
  workflowsPath,
  workflowInterceptorModules,
  logger: undefined,
});
await writeFile(workflowBundlePath, code);
process.stdout.write(`workflow bundle written (${Math.round(code.length / 1024)} KiB)\n`);
