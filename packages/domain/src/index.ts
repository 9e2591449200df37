/**
 * @qiancheng/domain — the vocabulary and rules of project-based skills training
 * (岗位需求 + 技能培训 + 技能评价 + 就业服务). Pure TypeScript: no I/O, no Node built-ins, so it runs
 * in the browser, in the API and inside Temporal's workflow sandbox.
 */
export * from './actor.js';
export * from './coordination.js';
export * from './cost-sharing.js';
export * from './csv.js';
export * from './dates.js';
export * from './demand-order.js';
export * from './dispatch.js';
export * from './eligibility.js';
export * from './employment.js';
export * from './errors.js';
export * from './evaluation.js';
export * from './identity.js';
export * from './money.js';
export * from './network.js';
export * from './notifications.js';
export * from './occupation.js';
export * from './parties.js';
export * from './plan.js';
export * from './plan-problems.js';
export * from './project.js';
export * from './project-stage.js';
export * from './project-steps.js';
export * from './quality.js';
export * from './reference/funding-sources.js';
export * from './reference/institution-kinds.js';
export * from './reference/key-groups.js';
export * from './reference/occupations.js';
export * from './reference/regions.js';
export * from './reference/sectors.js';
export * from './reference/skill-levels.js';
export * from './region.js';
export * from './registries.js';
export * from './settlement.js';
export * from './subsidy.js';
export * from './trainee.js';
export * from './training.js';
