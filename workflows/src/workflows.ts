// The workflow bundle's entry: every workflow the worker runs. Workflow code only (no I/O).
export { pingWorkflow } from './ping/ping.workflow.js';
