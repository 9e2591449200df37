/** Kinds of training provider (七, 十一). */
export const PROVIDER_KIND_CODES = [
  'vocational_college',
  'technical_school',
  'private_institution',
  'enterprise_training_centre',
  'public_training_base',
] as const;

export type ProviderKind = (typeof PROVIDER_KIND_CODES)[number];

/** Chinese names of provider kinds (十一). */
export const PROVIDER_KIND_NAMES: Record<ProviderKind, string> = {
  vocational_college: '职业院校',
  technical_school: '技工院校',
  private_institution: '民办培训机构',
  enterprise_training_centre: '企业培训中心',
  public_training_base: '公共实训基地',
};

/**
 * Grades of the 分类分级 management of providers (十一: by scale and quality, relevance and
 * employment effect). The policy leaves the scheme to each region; A (best) to D is ours.
 */
export const PROVIDER_GRADES = ['A', 'B', 'C', 'D'] as const;
export type ProviderGrade = (typeof PROVIDER_GRADES)[number];

/** Kinds of evaluation body (十四). */
export const EVALUATION_BODY_KIND_CODES = [
  'social_evaluation_org',
  'enterprise_self_evaluation',
] as const;

export type EvaluationBodyKind = (typeof EVALUATION_BODY_KIND_CODES)[number];

/** Chinese names of evaluation body kinds (十四). */
export const EVALUATION_BODY_KIND_NAMES: Record<EvaluationBodyKind, string> = {
  social_evaluation_org: '社会评价机构',
  enterprise_self_evaluation: '企业自主评价',
};
