// The benchmark worker's bundle: the real workflows plus the no-op baseline.
export * from '../workflows.js';
export { baselineWorkflow } from './baseline.workflow.js';
