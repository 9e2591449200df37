/**
 * Workflow interceptors (bundled into the workflow code, run in its sandbox): OpenTelemetry's, for
 * workflows that started with them only.
 *
 * Why the gate: OpenTelemetry's interceptors wrap scheduling an activity, a child workflow or a
 * signal in awaited spans, which moves when those commands are issued relative to the workflow's
 * other coroutines (update handlers, timers). A project that started before tracing was deployed,
 * replayed with them, can issue its commands in another order than its history holds —
 * nondeterminism (the replay suite showed it on a recorded history). So the decision is taken once,
 * when the workflow starts, and kept in its history as a patch marker: a workflow whose history
 * has the marker is traced, every replay of it included; one without it never is, and runs exactly
 * the code it ran before.
 */
import { interceptors as openTelemetryInterceptors } from '@temporalio/interceptors-opentelemetry/lib/workflow-interceptors.js';
import { patched, type WorkflowInterceptors } from '@temporalio/workflow';

/** The patch marker in the history of every workflow started with tracing. */
export const TRACING_PATCH = 'qiancheng-otel-interceptors';

type Method = (input: unknown, next: (input: unknown) => unknown) => unknown;

/** Each method of `target` (and its prototype chain): `target`'s when traced, else straight on. */
function gated(target: object, traced: () => boolean): Record<string, Method> {
  const names = new Set<string>();
  for (let p = target; p && p !== Object.prototype; p = Object.getPrototypeOf(p))
    for (const name of Object.getOwnPropertyNames(p)) if (name !== 'constructor') names.add(name);
  const methods: Record<string, Method> = {};
  for (const name of names) {
    const method = (target as Record<string, unknown>)[name];
    if (typeof method !== 'function') continue;
    methods[name] = (input, next) =>
      traced() ? (method as Method).call(target, input, next) : next(input);
  }
  return methods;
}

export const interceptors = (): WorkflowInterceptors => {
  const otel = openTelemetryInterceptors();
  let traced = false;
  const isTraced = () => traced;
  const inbound = (otel.inbound ?? []).map((interceptor) => {
    const methods = gated(interceptor, isTraced);
    const execute = methods.execute;
    return {
      ...methods,
      // The workflow's first step, in every run and replay: decide (or read back) the marker.
      execute: (input: unknown, next: (input: unknown) => unknown) => {
        traced = patched(TRACING_PATCH);
        return execute ? execute(input, next) : next(input);
      },
    };
  });
  return {
    inbound: inbound as WorkflowInterceptors['inbound'],
    outbound: (otel.outbound ?? []).map((i) =>
      gated(i, isTraced),
    ) as WorkflowInterceptors['outbound'],
    internals: (otel.internals ?? []).map((i) =>
      gated(i, isTraced),
    ) as WorkflowInterceptors['internals'],
  };
};
