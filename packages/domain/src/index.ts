/**
 * @qiancheng/domain — the vocabulary and rules of project-based skills training
 * (岗位需求 + 技能培训 + 技能评价 + 就业服务). Pure TypeScript: no I/O, no Node built-ins, so it runs
 * in the browser, in the API and inside Temporal's workflow sandbox.
 */
export * from './project-stage.js';
