/**
 * @qiancheng/workflows — client-facing definitions only: task queue, workflow names and types,
 * search attributes. The API imports this entry; it never imports workflow code or activities.
 */
export type { PingInput, PingResult } from './ping/ping.types.js';
export type { pingWorkflow } from './ping/ping.workflow.js';
export { SEARCH_ATTRIBUTES } from './search-attributes.js';
export { TASK_QUEUE } from './task-queue.js';
