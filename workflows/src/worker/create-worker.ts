import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type NativeConnection, Worker } from '@temporalio/worker';
import { type ActivityDeps, createActivities } from '../activities.js';
import { TASK_QUEUE } from '../task-queue.js';

/** The prebuilt workflow bundle (`pnpm build` writes it); production workers run it. */
export const workflowBundlePath = fileURLToPath(new URL('../workflow-bundle.js', import.meta.url));
/** The workflow entry, bundled at worker start when no prebuilt bundle exists (tests, dev). */
export const workflowsPath = fileURLToPath(new URL('../workflows.js', import.meta.url));

export interface CreateWorkerOptions {
  connection: NativeConnection;
  namespace?: string;
  taskQueue?: string;
  deps: ActivityDeps;
  identity?: string;
  /** Another workflow entry (the benchmark adds its baseline workflow). */
  workflowsPath?: string;
  /** Extra activities registered beside ours (the benchmark's no-op). */
  extraActivities?: Record<string, (...args: never[]) => Promise<unknown>>;
}

/** A worker for the project workflows and their activities. */
export async function createWorker(options: CreateWorkerOptions): Promise<Worker> {
  const code = options.workflowsPath
    ? { workflowsPath: options.workflowsPath }
    : existsSync(workflowBundlePath)
      ? { workflowBundle: { codePath: workflowBundlePath } }
      : {
          workflowsPath: existsSync(workflowsPath)
            ? workflowsPath
            : workflowsPath.replace(/\.js$/, '.ts'),
        };
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    activities: { ...createActivities(options.deps), ...options.extraActivities },
    ...(options.identity ? { identity: options.identity } : {}),
    ...code,
  });
}
