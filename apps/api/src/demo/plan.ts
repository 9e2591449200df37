// DEMO ONLY — the living demo's plan, as data: who joins the platform, what they register, and
// each demo project with the stage the demo leaves it in. The driver (chain.ts, world.ts) turns
// it into API calls. Changing it changes what a fresh `npm start` shows; a database that already
// ran the demo keeps what it has (`npm run demo:reset` starts over).
import type {
  CatalogueEntryPut,
  CourseModuleInput,
  DemandOrderCreate,
  EvaluationBodyCreate,
  PlanPartyInput,
  ProjectCreate,
  ProjectTimingsPatch,
  TargetUpsert,
  TrainingProviderCreate,
  UserCreate,
} from '@qiancheng/contracts';
import type { ProjectStage } from '@qiancheng/domain';
import type { Static } from 'typebox';

/** The stage each demo project is left in (what the status page counts as ready). */
export type DemoTarget =
  | 'awaiting_approval'
  | 'escalated'
  | 'revised'
  | 'enrolling'
  | 'training'
  | 'evaluating'
  | 'employing'
  | 'settled'
  | 'closed'
  | 'cancelled'
  | 'fraud_clawback';

/** The workflow stage a demo project shows once it reached its target. */
export const TARGET_STAGE: Record<DemoTarget, ProjectStage> = {
  awaiting_approval: 'cost_sharing',
  escalated: 'cost_sharing',
  revised: 'enrolment',
  enrolling: 'enrolment',
  training: 'training',
  evaluating: 'evaluation',
  employing: 'employment',
  settled: 'quality_review',
  closed: 'closed',
  cancelled: 'cancelled',
  fraud_clawback: 'closed',
};

// ---- who joins, what they register (admin and operator, through the API) ------------------

/** Console users the administrator adds for the demo's other regions (password: the demo one). */
export const DEMO_NEW_USERS: readonly Omit<Static<typeof UserCreate>, 'password'>[] = [
  {
    username: 'pm.guangzhou',
    displayName: '广州市人社局项目经理',
    role: 'project_manager',
    regionCode: '440100',
  },
  {
    username: 'pm.hangzhou',
    displayName: '杭州市人社局项目经理',
    role: 'project_manager',
    regionCode: '330100',
  },
  {
    username: 'pm.suzhou',
    displayName: '苏州市人社局项目经理',
    role: 'project_manager',
    regionCode: '320500',
  },
  {
    username: 'pm.guiyang',
    displayName: '贵阳市人社局项目经理',
    role: 'project_manager',
    regionCode: '520100',
  },
  {
    username: 'approver.guangyuan',
    displayName: '广元市人社局审批人',
    role: 'approver',
    regionCode: '510800',
  },
  {
    username: 'approver.hanzhong',
    displayName: '汉中市人社局审批人',
    role: 'approver',
    regionCode: '610700',
  },
];

type ProviderSpec = Omit<TrainingProviderCreate, 'unifiedSocialCreditCode'> & { uscc: string };
type BodySpec = Omit<EvaluationBodyCreate, 'unifiedSocialCreditCode'> & { uscc: string };

/** Training providers the operator registers (十一); `uscc` names the credit code's kind. */
export const DEMO_PROVIDERS: readonly ProviderSpec[] = [
  {
    name: '广元职业技术学院',
    kind: 'vocational_college',
    regionCode: '510800',
    uscc: '12',
    grade: 'B',
    maxLevel: 'senior',
    occupationCodes: ['4-02-07-02', '4-03-02-01'],
    reason: '东西部协作（浙川）委托培训承接院校备案',
  },
  {
    name: '汉中职业技术学院',
    kind: 'vocational_college',
    regionCode: '610700',
    uscc: '12',
    grade: 'B',
    maxLevel: 'senior',
    occupationCodes: ['6-31-01-10', '6-31-01-03'],
    reason: '苏陕协作委托培训承接院校备案',
  },
  {
    name: '贵阳市数字经济职业技能培训学校',
    kind: 'private_institution',
    regionCode: '520100',
    uscc: '52',
    grade: 'B',
    maxLevel: 'intermediate',
    occupationCodes: ['4-04-05-05'],
    reason: '数字经济急需紧缺职业培训机构备案',
  },
  {
    name: '杭州市烹饪职业技能培训学校',
    kind: 'private_institution',
    regionCode: '330100',
    uscc: '52',
    grade: 'A',
    maxLevel: 'senior',
    occupationCodes: ['4-03-02-01'],
    reason: '生活服务业培训机构备案',
  },
];

/** Evaluation bodies the operator registers (十四). */
export const DEMO_EVALUATION_BODIES: readonly BodySpec[] = [
  {
    name: '浙江省现代服务业职业技能评价中心',
    kind: 'social_evaluation_org',
    regionCode: '330000',
    uscc: '51',
    grade: 'A',
    maxLevel: 'technician',
    occupationCodes: ['4-02-07-02', '4-03-02-01'],
    reason: '社会培训评价组织备案',
  },
  {
    name: '江苏省机电行业职业技能评价中心',
    kind: 'social_evaluation_org',
    regionCode: '320000',
    uscc: '51',
    grade: 'A',
    maxLevel: 'technician',
    occupationCodes: ['6-31-01-10', '6-31-01-03'],
    reason: '社会培训评价组织备案',
  },
  {
    name: '贵州省数字经济与现代农业职业技能评价中心',
    kind: 'social_evaluation_org',
    regionCode: '520000',
    uscc: '51',
    grade: 'B',
    maxLevel: 'technician',
    occupationCodes: ['4-04-05-05', '5-05-01-02'],
    reason: '社会培训评价组织备案',
  },
];

const yuan = (amount: number) => amount * 100;
const standards = ([junior, intermediate, senior, technician]: [
  number,
  number,
  number,
  number,
]): CatalogueEntryPut['standards'] => [
  { level: 'junior', amountFen: yuan(junior) },
  { level: 'intermediate', amountFen: yuan(intermediate) },
  { level: 'senior', amountFen: yuan(senior) },
  { level: 'technician', amountFen: yuan(technician) },
];

/** Guidance catalogues (十二) the operator drafts and publishes for the new provinces (十七). */
export const DEMO_CATALOGUES: readonly {
  regionCode: string;
  label: string;
  effectiveFrom: string;
  publishedOn: string;
  entries: (CatalogueEntryPut & { occupationCode: string })[];
}[] = [
  {
    regionCode: '330000',
    label: '浙江省职业技能培训需求指导目录（2026年版）',
    effectiveFrom: '2026-01-01',
    publishedOn: '2025-12-26',
    entries: [
      {
        occupationCode: '4-02-07-02',
        shortageTier: 2,
        standards: standards([1200, 1800, 2400, 3200]),
      },
      {
        occupationCode: '4-03-02-01',
        shortageTier: 3,
        standards: standards([900, 1400, 1900, 2600]),
      },
    ],
  },
  {
    regionCode: '320000',
    label: '江苏省职业技能培训需求指导目录（2026年版）',
    effectiveFrom: '2026-01-01',
    publishedOn: '2025-12-30',
    entries: [
      {
        occupationCode: '6-31-01-10',
        shortageTier: 1,
        standards: standards([2000, 2600, 3300, 4200]),
      },
      {
        occupationCode: '6-31-01-03',
        shortageTier: 2,
        standards: standards([1300, 1800, 2400, 3200]),
      },
    ],
  },
];

/** API keys the administrator issues to enterprises that join (the seed's one keeps its key). */
export const DEMO_KEYED_ENTERPRISES: readonly string[] = [
  '杭州云链快递物流有限公司',
  '苏州工业园区芯创电子有限公司',
];

/** Demand orders the enterprises post (岗位需求), by the enterprise's name. */
export const DEMO_ORDERS: readonly { enterprise: string; order: DemandOrderCreate }[] = [
  {
    enterprise: '东莞精密智造科技有限公司',
    order: {
      externalRef: 'DGJM-2027-HR-001',
      occupationCode: '6-30-99-00',
      headcount: 30,
      requiredLevel: 'intermediate',
      wageOfferFen: yuan(6_500),
      workRegionCode: '441900',
      deadline: '2027-06-30',
      description: '工业机器人系统操作员（二期扩产），包食宿，毕节籍学员优先',
    },
  },
  {
    enterprise: '杭州云链快递物流有限公司',
    order: {
      externalRef: 'HZYL-2027-001',
      occupationCode: '4-02-07-02',
      headcount: 40,
      requiredLevel: 'junior',
      wageOfferFen: yuan(7_000),
      workRegionCode: '330100',
      deadline: '2027-05-31',
      description: '城配快递员，电动车配送，提供宿舍与社保',
    },
  },
  {
    enterprise: '苏州工业园区芯创电子有限公司',
    order: {
      externalRef: 'SZXC-2027-007',
      occupationCode: '6-31-01-10',
      headcount: 36,
      requiredLevel: 'intermediate',
      wageOfferFen: yuan(7_800),
      workRegionCode: '320500',
      deadline: '2027-06-30',
      description: '晶圆厂自动化产线工业机器人系统运维员，四班三倒',
    },
  },
];

/**
 * Targets the administrator sets for the demo's new regions (十九). Actuals count where training
 * is delivered (the training region). The seed's national-scale targets stay far behind; these
 * small ones put 汉中, 广元 and 贵阳 ahead, 杭州 on track, and 浙江 and 江苏 (whose people train
 * elsewhere) behind.
 */
export const DEMO_TARGETS: readonly TargetUpsert[] = [
  ['330000', 'enrolments', 40],
  ['330100', 'enrolments', 20],
  ['320000', 'enrolments', 24],
  ['510800', 'enrolments', 12],
  ['520100', 'enrolments', 24],
  ['610700', 'enrolments', 30],
  ['610700', 'placements', 20],
].map(([regionCode, measure, target]) => ({
  regionCode: regionCode as string,
  measure: measure as TargetUpsert['measure'],
  target: target as number,
  periodStart: '2026-01-01',
  periodEnd: '2026-12-31',
  sector: null,
  keyGroup: null,
  reason: '东西部协作年度培训任务分解（演示数据）',
}));

// ---- trainees ----------------------------------------------------------------------------------

/** Where a project's trainees come from: the seed's pool (by home region) or new recruits. */
export type TraineeSource =
  | { pool: string; count: number }
  | { recruits: keyof typeof DEMO_RECRUIT_ORIGINS; count: number };

/** Origins of the people the seed's pool does not have (county codes for the IDs). */
export const DEMO_RECRUIT_ORIGINS = {
  guangyuan: { homeRegionCode: '510800', idPrefixes: ['510802', '510811', '510812', '510821'] },
  hanzhong: { homeRegionCode: '610700', idPrefixes: ['610702', '610703', '610722'] },
  guiyang: { homeRegionCode: '520100', idPrefixes: ['520102', '520103', '520111', '520115'] },
  hangzhou: { homeRegionCode: '330100', idPrefixes: ['330102', '330105', '330106', '330110'] },
} as const;

// ---- the projects ------------------------------------------------------------------------------

export interface DemoProjectSpec {
  key: string;
  target: DemoTarget;
  /** The owning region's project manager, who takes every step of the chain. */
  manager: string;
  /** A seed project, found by its name; otherwise `create` makes a new one. */
  seededName?: string;
  create?: Omit<
    ProjectCreate,
    'providerId' | 'evaluationBodyId' | 'demandOrders' | 'timings' | 'parties'
  > & {
    provider: string;
    evaluationBody: string;
    orders: { externalRef: string; headcount: number }[];
    parties?: PlanPartyInput[];
  };
  /** Partner regions and who approves for each. */
  partners: { regionCode: string; approver: string }[];
  /** Round 1 rejected by a partner, then revised by the manager into round 2. */
  revision?: {
    rejectedBy: string;
    rejectReason: string;
    parties: PlanPartyInput[];
    reason: string;
  };
  timings: ProjectTimingsPatch;
  trainees: TraineeSource[];
  /** How the trainees fare: absent (below the attendance threshold), failed, placed, left. */
  outcome: { absent: number; failed: number; unplaced: number; leftAt3: number; leftAt6: number };
  /** Days before the demo's first run that training began (sessions are dated from there). */
  trainingBeganDaysAgo: number;
  /** Placements' terms (the employer is the enterprise of the project's first demand order). */
  placement?: { monthlyWageFen: number; workRegionCode: string };
  /** Claims after settlement: the paying regions that approve their parts, and those that pay. */
  claims?: { approve: string[]; pay: string[] };
  fraud?: {
    kind: 'false_training' | 'false_evaluation' | 'defrauded_subsidy';
    trainees: number;
    reason: string;
  };
  cancelReason?: string;
  qualityReview?: { reviewer: string; providerGrade: 'A' | 'B' | 'C' | 'D'; findings: string };
}

const fund = (source: PlanPartyInput['funding'][number]['source'], shareBp = 10_000) => ({
  source,
  shareBp,
});
const party = (
  regionCode: string,
  role: PlanPartyInput['role'],
  shareBp: number,
  funding: PlanPartyInput['funding'],
): PlanPartyInput => ({ regionCode, role, shareBp, funding });

const module = (
  title: string,
  theoryHours: number,
  practiceHours: number,
  mode: Static<typeof CourseModuleInput>['mode'],
): Static<typeof CourseModuleInput> => ({ title, theoryHours, practiceHours, mode });

const DAY = 86_400_000;
/** Timers for projects that run to their end: follow-ups in seconds, answered within minutes. */
const RUN_THROUGH: ProjectTimingsPatch = {
  followUp3MonthMs: 2_000,
  followUp6MonthMs: 4_000,
  followUpAnswerWindowMs: 15 * 60_000,
  followUpPollMs: 1_000,
};
/** Production timers (a week to approve, 3 and 6 months to follow up). */
const REAL_TIME: ProjectTimingsPatch = {};

/**
 * Every demo project, in the order the driver starts them: the one that waits out its approval
 * deadline first (its wait overlaps the others), then the longest chains.
 */
export const DEMO_PROJECTS: readonly DemoProjectSpec[] = [
  {
    key: 'dongguan-robot-bijie-escalated',
    target: 'escalated',
    manager: 'pm.dongguan',
    create: {
      name: '粤黔协作·东莞精密智造工业机器人订单培训班（2027年第2期）',
      type: 'order',
      sector: 'advanced_manufacturing',
      sectorField: 'intelligent_equipment',
      trainingRegionCode: '520500',
      targetLevel: 'intermediate',
      provider: '毕节职业技术学院',
      evaluationBody: '东莞精密智造科技有限公司（企业自主评价）',
      plannedHeadcount: 30,
      occupationCodes: ['6-30-99-00'],
      orders: [{ externalRef: 'DGJM-2027-HR-001', headcount: 30 }],
      coursePlan: {
        modules: [
          module('安全生产与职业素养', 8, 0, 'online'),
          module('工业机器人基础与编程', 16, 32, 'blended'),
        ],
      },
      parties: [
        party('441900', 'labour_import', 7_000, [fund('employment_subsidy_fund')]),
        party('520500', 'labour_export', 3_000, [fund('employment_subsidy_fund')]),
      ],
      reason: '二期扩产订单，继续委托毕节培训（演示数据）',
    },
    partners: [{ regionCode: '520500', approver: 'approver.bijie' }],
    // A deadline of seconds: the share passes it unanswered and goes to 贵州's coordinator, who
    // then has the usual week (escalationGraceMs) to decide or extend.
    timings: {
      approvalDeadlineMs: 12_000,
      reminderLeadMs: 8_000,
      reminderIntervalMs: 4_000,
      escalationGraceMs: 7 * DAY,
    },
    trainees: [],
    outcome: { absent: 0, failed: 0, unplaced: 0, leftAt3: 0, leftAt6: 0 },
    trainingBeganDaysAgo: 0,
  },
  {
    key: 'dongguan-robot-bijie-zunyi',
    target: 'closed',
    manager: 'pm.dongguan',
    seededName: '粤黔协作·东莞精密智造工业机器人订单培训班（2027年第1期）',
    partners: [
      { regionCode: '520500', approver: 'approver.bijie' },
      { regionCode: '520300', approver: 'approver.zunyi' },
    ],
    timings: RUN_THROUGH,
    trainees: [
      { pool: '520500', count: 22 },
      { pool: '520300', count: 14 },
    ],
    outcome: { absent: 2, failed: 2, unplaced: 2, leftAt3: 2, leftAt6: 1 },
    trainingBeganDaysAgo: 150,
    placement: { monthlyWageFen: yuan(6_800), workRegionCode: '441900' },
    claims: { approve: ['441900', '520500', '520300'], pay: ['441900', '520500'] },
    qualityReview: {
      reviewer: '广东省职业技能鉴定指导中心（第三方评估）',
      providerGrade: 'A',
      findings: '培训组织规范，跟岗实训与岗位需求衔接紧密；3个月、6个月稳岗率均高于全省平均水平。',
    },
  },
  {
    key: 'suzhou-robot-maintenance-hanzhong',
    target: 'closed',
    manager: 'pm.suzhou',
    create: {
      name: '苏陕协作·苏州芯创工业机器人系统运维员订单培训班',
      type: 'order',
      sector: 'advanced_manufacturing',
      sectorField: 'electronic_information',
      trainingRegionCode: '610700',
      targetLevel: 'intermediate',
      provider: '汉中职业技术学院',
      evaluationBody: '江苏省机电行业职业技能评价中心',
      plannedHeadcount: 36,
      occupationCodes: ['6-31-01-10'],
      orders: [{ externalRef: 'SZXC-2027-007', headcount: 36 }],
      employmentLinked: true,
      coursePlan: {
        modules: [
          module('洁净室规范与安全生产', 8, 0, 'online'),
          module('工业机器人系统运维基础', 8, 16, 'blended'),
          module('自动化产线故障诊断实训（苏州）', 0, 16, 'offline'),
        ],
      },
      parties: [
        party('320500', 'labour_import', 7_000, [
          fund('employment_subsidy_fund', 6_000),
          fund('east_west_cooperation_fund', 4_000),
        ]),
        party('610700', 'labour_export', 3_000, [fund('employment_subsidy_fund')]),
      ],
      reason: '苏陕劳务协作：汉中籍劳动者定向输送苏州工业园区（演示数据）',
    },
    partners: [{ regionCode: '610700', approver: 'approver.hanzhong' }],
    timings: RUN_THROUGH,
    trainees: [{ recruits: 'hanzhong', count: 30 }],
    outcome: { absent: 1, failed: 2, unplaced: 1, leftAt3: 1, leftAt6: 2 },
    trainingBeganDaysAgo: 120,
    placement: { monthlyWageFen: yuan(7_900), workRegionCode: '320500' },
    // 汉中 has not yet approved its part: owed, not approved.
    claims: { approve: ['320500'], pay: ['320500'] },
  },
  {
    key: 'shenzhen-drone-pilots',
    target: 'fraud_clawback',
    manager: 'pm.shenzhen',
    seededName: '深圳低空经济无人机驾驶员定向培训项目',
    partners: [],
    timings: RUN_THROUGH,
    trainees: [
      { pool: '440300', count: 14 },
      { pool: '440100', count: 6 },
    ],
    outcome: { absent: 1, failed: 1, unplaced: 2, leftAt3: 1, leftAt6: 0 },
    trainingBeganDaysAgo: 140,
    placement: { monthlyWageFen: yuan(9_200), workRegionCode: '440300' },
    claims: { approve: ['440300'], pay: ['440300'] },
    fraud: {
      kind: 'false_training',
      trainees: 3,
      reason: '飞行训练记录与空域申报记录不符，3名学员外场训练系代签（十八）；追回已拨付补贴',
    },
  },
  {
    key: 'guiyang-agri-managers-zunyi',
    target: 'closed',
    manager: 'pm.guiyang',
    create: {
      name: '贵州省高素质农民（农业经理人）定向培训项目（遵义班）',
      type: 'directed',
      sector: 'agriculture_rural',
      sectorField: 'high_quality_farmers',
      trainingRegionCode: '520300',
      targetLevel: 'junior',
      provider: '遵义市公共实训基地',
      evaluationBody: '贵州省数字经济与现代农业职业技能评价中心',
      plannedHeadcount: 24,
      occupationCodes: ['5-05-01-02'],
      orders: [],
      employmentLinked: false,
      coursePlan: {
        modules: [
          module('农业经营管理与政策解读', 12, 0, 'online'),
          module('农产品电商与品牌营销', 8, 8, 'blended'),
          module('合作社与家庭农场田间实训', 0, 12, 'offline'),
        ],
      },
      parties: [
        party('520100', 'labour_import', 10_000, [
          fund('employment_subsidy_fund', 6_000),
          fund('skills_upgrading_special_account', 4_000),
        ]),
      ],
      reason: '乡村振兴人才培育：遵义市返乡创业人员（演示数据）',
    },
    partners: [],
    timings: RUN_THROUGH,
    trainees: [{ pool: '520300', count: 24 }],
    outcome: { absent: 1, failed: 1, unplaced: 0, leftAt3: 0, leftAt6: 0 },
    trainingBeganDaysAgo: 100,
    // Approved; payment is due next quarter.
    claims: { approve: ['520100'], pay: [] },
  },
  {
    key: 'chengdu-eldercare',
    target: 'settled',
    manager: 'pm.chengdu',
    seededName: '成都市养老护理员定岗培训项目（2027年春季班）',
    partners: [],
    // Settled: the 3-month checks answered; the 6-month ones are months away, in real time.
    timings: { followUp3MonthMs: 2_000, followUpPollMs: 60_000 },
    trainees: [
      { pool: '510100', count: 22 },
      { pool: '510700', count: 8 },
    ],
    outcome: { absent: 1, failed: 2, unplaced: 2, leftAt3: 2, leftAt6: 0 },
    trainingBeganDaysAgo: 90,
    placement: { monthlyWageFen: yuan(5_300), workRegionCode: '510100' },
    claims: { approve: ['510100'], pay: ['510100'] },
  },
  {
    key: 'chengdu-housekeeping',
    target: 'employing',
    manager: 'pm.chengdu',
    create: {
      name: '成都市居家养老家政服务员定岗培训项目',
      type: 'post',
      sector: 'life_services',
      sectorField: 'housekeeping',
      trainingRegionCode: '510107',
      targetLevel: 'junior',
      provider: '成都市武侯区康护职业技能培训学校',
      evaluationBody: '四川省养老服务职业技能评价中心',
      plannedHeadcount: 24,
      occupationCodes: ['4-10-01-06'],
      orders: [{ externalRef: 'CDKY-2026-022', headcount: 24 }],
      coursePlan: {
        modules: [
          module('家政服务职业道德与礼仪', 6, 0, 'online'),
          module('居家照护与膳食营养', 8, 16, 'offline'),
          module('上门服务跟岗实习', 0, 10, 'offline'),
        ],
      },
      parties: [
        party('510100', 'labour_import', 10_000, [
          fund('employment_subsidy_fund', 8_000),
          fund('market_fee_enterprise', 2_000),
        ]),
      ],
      reason: '成都康养集团上门家政岗位定岗培训（演示数据）',
    },
    partners: [],
    timings: RUN_THROUGH,
    trainees: [
      { pool: '510100', count: 18 },
      { pool: '510700', count: 6 },
    ],
    outcome: { absent: 1, failed: 1, unplaced: 12, leftAt3: 0, leftAt6: 0 },
    trainingBeganDaysAgo: 60,
    placement: { monthlyWageFen: yuan(4_900), workRegionCode: '510100' },
  },
  {
    key: 'guiyang-ai-trainers',
    target: 'evaluating',
    manager: 'pm.guiyang',
    create: {
      name: '贵阳数谷人工智能训练师订单培训项目',
      type: 'order',
      sector: 'digital_economy',
      sectorField: 'big_data',
      trainingRegionCode: '520100',
      targetLevel: 'junior',
      provider: '贵阳市数字经济职业技能培训学校',
      evaluationBody: '贵州省数字经济与现代农业职业技能评价中心',
      plannedHeadcount: 24,
      occupationCodes: ['4-04-05-05'],
      orders: [{ externalRef: 'SGDSJ-2026-04', headcount: 24 }],
      coursePlan: {
        modules: [
          module('人工智能基础与数据安全', 8, 0, 'online'),
          module('数据标注工具与质检规范', 8, 16, 'blended'),
          module('大模型语料整理实训', 0, 16, 'offline'),
        ],
      },
      parties: [
        party('520100', 'labour_import', 10_000, [
          fund('unemployment_insurance_fund', 5_000),
          fund('industry_development_fund', 5_000),
        ]),
      ],
      reason: '贵阳大数据产业急需紧缺职业订单培训（演示数据）',
    },
    partners: [],
    timings: RUN_THROUGH,
    trainees: [{ recruits: 'guiyang', count: 24 }],
    outcome: { absent: 1, failed: 2, unplaced: 0, leftAt3: 0, leftAt6: 0 },
    trainingBeganDaysAgo: 45,
  },
  {
    key: 'dongguan-electricians-zunyi',
    target: 'training',
    manager: 'pm.dongguan',
    create: {
      name: '粤黔协作·东莞设备电工（高级工）委托培训班',
      type: 'order',
      sector: 'advanced_manufacturing',
      sectorField: 'intelligent_equipment',
      trainingRegionCode: '520300',
      targetLevel: 'senior',
      provider: '遵义市公共实训基地',
      evaluationBody: '广东省职业技能鉴定协会评价中心',
      plannedHeadcount: 20,
      occupationCodes: ['6-31-01-03'],
      orders: [{ externalRef: 'DGJM-2026-HR-033', headcount: 20 }],
      coursePlan: {
        modules: [
          module('电气安全与职业规范', 8, 0, 'online'),
          module('低压电气控制与PLC编程', 8, 24, 'blended'),
          module('设备电气故障排查实训', 0, 24, 'offline'),
        ],
      },
      parties: [
        party('441900', 'labour_import', 7_000, [
          fund('employment_subsidy_fund', 5_000),
          fund('east_west_cooperation_fund', 5_000),
        ]),
        party('520300', 'labour_export', 3_000, [fund('employment_subsidy_fund')]),
      ],
      reason: '东莞精密智造设备电工岗位委托遵义培训（演示数据）',
    },
    partners: [{ regionCode: '520300', approver: 'approver.zunyi' }],
    timings: RUN_THROUGH,
    trainees: [{ pool: '520300', count: 16 }],
    outcome: { absent: 1, failed: 0, unplaced: 0, leftAt3: 0, leftAt6: 0 },
    trainingBeganDaysAgo: 20,
  },
  {
    key: 'guangzhou-welders',
    target: 'cancelled',
    manager: 'pm.guangzhou',
    create: {
      name: '广州新能源汽车车身焊装焊工定岗培训项目',
      type: 'post',
      sector: 'advanced_manufacturing',
      sectorField: 'new_energy_vehicles',
      trainingRegionCode: '441900',
      targetLevel: 'intermediate',
      provider: '东莞市技师学院',
      evaluationBody: '广东省职业技能鉴定协会评价中心',
      plannedHeadcount: 18,
      occupationCodes: ['6-18-02-04'],
      orders: [{ externalRef: 'GZXNY-2026-118', headcount: 18 }],
      coursePlan: {
        modules: [
          module('焊接安全与职业健康', 8, 0, 'online'),
          module('车身焊装工艺与设备', 8, 24, 'offline'),
        ],
      },
      parties: [
        party('440100', 'labour_import', 10_000, [
          fund('employment_subsidy_fund', 7_000),
          fund('enterprise_staff_education_fund', 3_000),
        ]),
      ],
      reason: '广州新能源汽车装备车身焊装岗位定岗培训（演示数据）',
    },
    partners: [],
    timings: RUN_THROUGH,
    trainees: [
      { pool: '440100', count: 8 },
      { pool: '440300', count: 10 },
    ],
    outcome: { absent: 0, failed: 0, unplaced: 0, leftAt3: 0, leftAt6: 0 },
    trainingBeganDaysAgo: 30,
    cancelReason:
      '企业调整车型投产计划，撤回焊工岗位需求；项目终止，预留岗位释放，在训学员转介其他项目',
  },
  {
    key: 'hangzhou-couriers-guangyuan',
    target: 'revised',
    manager: 'pm.hangzhou',
    create: {
      name: '浙川协作·杭州云链城配快递员订单培训班',
      type: 'order',
      sector: 'transport',
      sectorField: 'postal_express',
      trainingRegionCode: '510800',
      targetLevel: 'junior',
      provider: '广元职业技术学院',
      evaluationBody: '浙江省现代服务业职业技能评价中心',
      plannedHeadcount: 40,
      occupationCodes: ['4-02-07-02'],
      orders: [{ externalRef: 'HZYL-2027-001', headcount: 40 }],
      coursePlan: {
        modules: [
          module('快递业务与服务规范', 8, 0, 'online'),
          module('城市配送与电动车安全驾驶', 4, 12, 'offline'),
        ],
      },
      parties: [
        party('330100', 'labour_import', 6_000, [fund('employment_subsidy_fund')]),
        party('510800', 'labour_export', 4_000, [fund('employment_subsidy_fund')]),
      ],
      reason: '浙川东西部协作：广元籍劳动者赴杭州就业（演示数据）',
    },
    partners: [{ regionCode: '510800', approver: 'approver.guangyuan' }],
    revision: {
      rejectedBy: 'approver.guangyuan',
      rejectReason: '输出地承担40%超出我市年度协作资金安排，请下调',
      parties: [
        party('330100', 'labour_import', 7_500, [
          fund('employment_subsidy_fund', 6_000),
          fund('east_west_cooperation_fund', 4_000),
        ]),
        party('510800', 'labour_export', 2_500, [fund('employment_subsidy_fund')]),
      ],
      reason: '按广元意见下调输出地份额至25%，差额由浙江东西部协作资金承担',
    },
    timings: RUN_THROUGH,
    trainees: [{ recruits: 'guangyuan', count: 14 }],
    outcome: { absent: 0, failed: 0, unplaced: 0, leftAt3: 0, leftAt6: 0 },
    trainingBeganDaysAgo: 10,
  },
  {
    key: 'hangzhou-cooks',
    target: 'enrolling',
    manager: 'pm.hangzhou',
    create: {
      name: '杭州市中式烹调师（宋韵杭帮菜）定向培训项目',
      type: 'directed',
      sector: 'life_services',
      sectorField: 'culture_tourism',
      trainingRegionCode: '330100',
      targetLevel: 'junior',
      provider: '杭州市烹饪职业技能培训学校',
      evaluationBody: '浙江省现代服务业职业技能评价中心',
      plannedHeadcount: 30,
      occupationCodes: ['4-03-02-01'],
      orders: [],
      employmentLinked: false,
      coursePlan: {
        modules: [
          module('食品安全与厨房管理', 8, 0, 'online'),
          module('杭帮菜基础技法', 4, 28, 'offline'),
        ],
      },
      parties: [party('330100', 'labour_import', 10_000, [fund('employment_subsidy_fund')])],
      reason: '文旅融合：杭帮菜非遗技艺传承培训（演示数据）',
    },
    partners: [],
    timings: RUN_THROUGH,
    trainees: [{ recruits: 'hangzhou', count: 18 }],
    outcome: { absent: 0, failed: 0, unplaced: 0, leftAt3: 0, leftAt6: 0 },
    trainingBeganDaysAgo: 5,
  },
  {
    key: 'guangzhou-nev-assembly-bijie',
    target: 'awaiting_approval',
    manager: 'pm.guangzhou',
    create: {
      name: '粤黔协作·广州新能源汽车装调工委托培训班',
      type: 'order',
      sector: 'advanced_manufacturing',
      sectorField: 'new_energy_vehicles',
      trainingRegionCode: '520500',
      targetLevel: 'junior',
      provider: '毕节职业技术学院',
      evaluationBody: '广东省职业技能鉴定协会评价中心',
      plannedHeadcount: 40,
      occupationCodes: ['6-22-02-01'],
      orders: [{ externalRef: 'GZXNY-2026-117', headcount: 40 }],
      coursePlan: {
        modules: [
          module('新能源汽车结构与高压安全', 16, 0, 'blended'),
          module('总装线装调实训', 8, 40, 'offline'),
        ],
      },
      parties: [
        party('440100', 'labour_import', 7_000, [
          fund('employment_subsidy_fund', 5_000),
          fund('east_west_cooperation_fund', 5_000),
        ]),
        party('520500', 'labour_export', 3_000, [fund('employment_subsidy_fund')]),
      ],
      reason: '广州新能源汽车总装线扩招，委托毕节职业技术学院培训（演示数据）',
    },
    partners: [{ regionCode: '520500', approver: 'approver.bijie' }],
    timings: REAL_TIME,
    trainees: [],
    outcome: { absent: 0, failed: 0, unplaced: 0, leftAt3: 0, leftAt6: 0 },
    trainingBeganDaysAgo: 0,
  },
];
