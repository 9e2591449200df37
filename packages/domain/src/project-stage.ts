/**
 * The stages of an order-based training project (十二), in order. `cancelled` can follow any stage
 * before `closed`.
 */
export const PROJECT_STAGES = [
  'demand',
  'cost_sharing',
  'enrolment',
  'training',
  'evaluation',
  'employment',
  'settlement',
  'quality_review',
  'closed',
  'cancelled',
] as const;

export type ProjectStage = (typeof PROJECT_STAGES)[number];

/** Official Chinese names of the stages, for display and reports. */
export const PROJECT_STAGE_NAMES: Record<ProjectStage, string> = {
  demand: '岗位需求',
  cost_sharing: '成本分担',
  enrolment: '招生报名',
  training: '技能培训',
  evaluation: '技能评价',
  employment: '就业服务',
  settlement: '补贴结算',
  quality_review: '质效评估',
  closed: '已结项',
  cancelled: '已取消',
};

export function isProjectStage(value: string): value is ProjectStage {
  return (PROJECT_STAGES as readonly string[]).includes(value);
}
