import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import { type NativeConnection, Worker } from '@temporalio/worker';
import { type ActivityDeps, createActivities } from '../activities.js';
import { startTracing, type Tracing } from '../platform/tracing.js';
import { TASK_QUEUE } from '../task-queue.js';
import type { WorkerDeployment } from './config.js';

/** The prebuilt workflow bundle (`pnpm build` writes it); production workers run it. */
export const workflowBundlePath = fileURLToPath(new URL('../workflow-bundle.js', import.meta.url));
/** The workflow entry, bundled at worker start when no prebuilt bundle exists (tests, dev). */
export const workflowsPath = fileURLToPath(new URL('../workflows.js', import.meta.url));

/**
 * Workflow interceptors, bundled with the workflow code: OpenTelemetry's (behind a gate for
 * workflows that started without them, see tracing.interceptors.ts) continue the trace of whoever
 * started the workflow into its activities, child workflows and signals, and hand their spans to
 * the worker through the `exporter` sink (createWorker registers it; a no-op when tracing is off).
 * The prebuilt bundle, the bundle made at worker start and the replay test all use this list, so
 * what replays is what runs.
 */
const tracingInterceptors = fileURLToPath(
  new URL('../platform/tracing.interceptors.js', import.meta.url),
);
export const workflowInterceptorModules = [
  existsSync(tracingInterceptors)
    ? tracingInterceptors
    : tracingInterceptors.replace(/\.js$/, '.ts'),
];

/** The sinks the workflow interceptors call: spans from the sandbox go to `tracing`'s processor. */
export function workflowSinks(tracing: Tracing) {
  return { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) };
}

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
  /** Where spans go (main.ts's startTracing); unset: tracing off. */
  tracing?: Tracing;
  /** Worker Versioning: the deployment version this worker serves; unset: unversioned. */
  deployment?: WorkerDeployment;
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
  const tracing = options.tracing ?? startTracing('qiancheng-worker', {});
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    activities: { ...createActivities(options.deps), ...options.extraActivities },
    ...(options.identity ? { identity: options.identity } : {}),
    // A project runs its whole life on the build that started it (PINNED): a workflow change
    // ships as a new build and reaches new projects only; a patch() moves running ones explicitly.
    ...(options.deployment
      ? {
          workerDeploymentOptions: {
            version: {
              deploymentName: options.deployment.name,
              buildId: options.deployment.buildId,
            },
            useWorkerVersioning: true,
            defaultVersioningBehavior: 'PINNED' as const,
          },
        }
      : {}),
    ...code,
    sinks: workflowSinks(tracing),
    interceptors: {
      // A prebuilt bundle carries them already (bundle.ts).
      ...('workflowBundle' in code ? {} : { workflowModules: workflowInterceptorModules }),
      activity: tracing.enabled
        ? [
            (ctx) => ({
              inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
              // trace_id and span_id on what activities log.
              outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
            }),
          ]
        : [],
    },
  });
}
