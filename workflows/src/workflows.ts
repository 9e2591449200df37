// The workflow bundle's entry: every workflow the worker runs. Workflow code only (no I/O).
export { costShareApprovalWorkflow } from './cost-share/cost-share-approval.workflow.js';
export { followUpWorkflow } from './follow-up/follow-up.workflow.js';
export { retentionWorkflow } from './follow-up/retention.workflow.js';
export { pingWorkflow } from './ping/ping.workflow.js';
export { projectWorkflow } from './project/project.workflow.js';
