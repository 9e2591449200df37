import * as ping from './ping/ping.activities.js';

/** Dependencies the activities need; the worker builds them once. */
export type ActivityDeps = Record<string, never>;

/** All activities, built from their dependencies (I/O lives here, never in workflow code). */
export function createActivities(_deps: ActivityDeps) {
  return { ...ping };
}
