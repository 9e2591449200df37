/** Key groups for subsidised training (三 paragraphs 七–九, 十九). */
export const KEY_GROUP_CODES = [
  'enterprise_employee',
  'unemployed_worker',
  'unemployed_youth',
  'college_graduate',
  'other_youth',
  'migrant_worker',
  'rural_transferred_labour',
  'returning_migrant_worker',
  'poverty_alleviated_labour',
  'older_migrant_worker',
  'over_age_migrant_worker',
  'construction_worker',
  'work_relief_worker',
  'ex_service_member',
  'woman',
  'person_with_disability',
] as const;

export type KeyGroupCode = (typeof KEY_GROUP_CODES)[number];

/** A key group; sub-groups (e.g. 返乡农民工) name their parent group. */
export interface KeyGroup {
  code: KeyGroupCode;
  name: string;
  nameEn: string;
  parentCode: KeyGroupCode | null;
  /** The policy paragraph that names it. */
  section: string;
}

function group(
  code: KeyGroupCode,
  name: string,
  nameEn: string,
  section: string,
  parentCode: KeyGroupCode | null = null,
): KeyGroup {
  return { code, name, nameEn, parentCode, section };
}

/** The key groups, in policy order. */
export const KEY_GROUPS: readonly KeyGroup[] = [
  group('enterprise_employee', '企业职工', 'Enterprise employees', '(七)'),
  group('unemployed_worker', '失业职工', 'Unemployed workers', '(七)'),
  group('unemployed_youth', '失业青年', 'Unemployed youth', '(七)'),
  group('college_graduate', '高校毕业生', 'College graduates', '(八)'),
  group('other_youth', '其他青年', 'Other youth', '(八)'),
  group('migrant_worker', '农民工', 'Migrant workers', '(九)'),
  group(
    'rural_transferred_labour',
    '农村转移劳动力',
    'Rural transferred labour',
    '(九)',
    'migrant_worker',
  ),
  group(
    'returning_migrant_worker',
    '返乡农民工',
    'Returning migrant workers',
    '(九)',
    'migrant_worker',
  ),
  group(
    'poverty_alleviated_labour',
    '脱贫劳动力',
    'People lifted out of poverty',
    '(九)',
    'migrant_worker',
  ),
  group('older_migrant_worker', '大龄农民工', 'Older migrant workers', '(九)', 'migrant_worker'),
  group(
    'over_age_migrant_worker',
    '超龄农民工',
    'Over-age migrant workers',
    '(九)',
    'migrant_worker',
  ),
  group('construction_worker', '建筑业从业人员', 'Construction workers', '(九)'),
  group('work_relief_worker', '以工代赈务工人员', 'Work-relief workers', '(九)'),
  group('ex_service_member', '退役军人', 'Ex-service members', '(十九)'),
  group('woman', '妇女', 'Women', '(十九)'),
  group('person_with_disability', '残疾人', 'People with disabilities', '(十九)'),
];

/** True when `value` is a key group code. */
export function isKeyGroupCode(value: unknown): value is KeyGroupCode {
  return typeof value === 'string' && (KEY_GROUP_CODES as readonly string[]).includes(value);
}

/**
 * How an enterprise employee is trained (七: 在岗培训, 转岗培训); recorded on the enrolment, since
 * it describes the training, not the person.
 */
export const EMPLOYEE_TRAINING_MODES = ['on_the_job', 'job_transfer'] as const;
export type EmployeeTrainingMode = (typeof EMPLOYEE_TRAINING_MODES)[number];

/** Chinese names of the employee training modes. */
export const EMPLOYEE_TRAINING_MODE_NAMES: Record<EmployeeTrainingMode, string> = {
  on_the_job: '在岗培训',
  job_transfer: '转岗培训',
};
