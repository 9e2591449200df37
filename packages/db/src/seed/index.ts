import {
  DEFAULT_PROJECT_DURATIONS,
  type KeyGroupCode,
  type SectorCode,
  type Sex,
  type TargetMeasure,
  validateResidentId,
} from '@qiancheng/domain';
import { sql } from 'kysely';
import type { Db } from '../create-db.js';
import type { UserRole } from '../database.js';
import { defaultIdentityKeys, type IdentityKeys } from '../identity-protection.js';
import * as auditLog from '../repositories/audit-log.repository.js';
import * as catalogues from '../repositories/catalogues.repository.js';
import * as coursePlans from '../repositories/course-plans.repository.js';
import * as demandOrders from '../repositories/demand-orders.repository.js';
import * as enterpriseApiKeys from '../repositories/enterprise-api-keys.repository.js';
import * as enterprises from '../repositories/enterprises.repository.js';
import * as evaluationBodies from '../repositories/evaluation-bodies.repository.js';
import * as projects from '../repositories/projects.repository.js';
import * as referenceData from '../repositories/reference-data.repository.js';
import * as regionalTargets from '../repositories/regional-targets.repository.js';
import * as trainees from '../repositories/trainees.repository.js';
import * as trainingProviders from '../repositories/training-providers.repository.js';
import * as users from '../repositories/users.repository.js';
import {
  demoBirthDate,
  demoCreditCode,
  demoMaskedPhone,
  demoName,
  demoResidentId,
} from './people.js';
import { DemoRandom } from './random.js';

/** DEMO ONLY: the password of every demo user (documented in the package README). */
export const DEMO_PASSWORD = 'qiancheng-demo-2026';

/** DEMO ONLY: the demo users, one or more per role, with their region scope. */
export const DEMO_USERS: readonly {
  username: string;
  displayName: string;
  role: UserRole;
  regionCode: string | null;
}[] = [
  { username: 'admin', displayName: '平台管理员', role: 'admin', regionCode: null },
  { username: 'operator', displayName: '运维值班员', role: 'operator', regionCode: null },
  { username: 'auditor', displayName: '资金监管审计员', role: 'auditor', regionCode: null },
  {
    username: 'coordinator.guizhou',
    displayName: '贵州省人社厅统筹协调员',
    role: 'provincial_coordinator',
    regionCode: '520000',
  },
  {
    username: 'pm.dongguan',
    displayName: '东莞市人社局项目经理',
    role: 'project_manager',
    regionCode: '441900',
  },
  {
    username: 'pm.chengdu',
    displayName: '成都市人社局项目经理',
    role: 'project_manager',
    regionCode: '510100',
  },
  {
    username: 'pm.shenzhen',
    displayName: '深圳市人社局项目经理',
    role: 'project_manager',
    regionCode: '440300',
  },
  {
    username: 'approver.dongguan',
    displayName: '东莞市人社局审批人',
    role: 'approver',
    regionCode: '441900',
  },
  {
    username: 'approver.bijie',
    displayName: '毕节市人社局审批人',
    role: 'approver',
    regionCode: '520500',
  },
  {
    username: 'approver.zunyi',
    displayName: '遵义市人社局审批人',
    role: 'approver',
    regionCode: '520300',
  },
];

/**
 * DEMO ONLY: the API key of the demo enterprise 东莞精密智造 (documented in the README). Known to
 * everyone, so it must never exist outside a demo database.
 */
export const DEMO_API_KEY = 'qck_demo0001_DEMO-ONLY-dongguan-precision-not-a-secret';

const SEED = 20_250_620; // the policy's date, 2025-06-20
// The trainee pool draws from a stream of its own, so it can be made again without the database
// (the living demo enrols these people by their resident IDs, as a provider's forms would give them).
const TRAINEE_SEED = 20_250_621;
const yuan = (amount: number): number => amount * 100;

/**
 * Loads the demo data set when the database holds none yet, in one transaction; returns whether
 * it loaded anything. Safe to call on every start (and from concurrent starts: an advisory lock
 * makes the second wait and then find the data). Projects are records at stage `demand`; their
 * workflows start them later.
 */
export async function seedDemoData(
  db: Db,
  keys: IdentityKeys = defaultIdentityKeys(),
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('qiancheng.seed-demo-data'))`.execute(trx);
    if (await hasData(trx)) return false;
    await referenceData.sync(trx);

    const random = new DemoRandom(SEED);
    const credit = (kind: string, region: string) => demoCreditCode(random, kind, region);

    // ---- enterprises and their demand orders (岗位需求) ------------------------------------
    const precision = await enterprises.insert(trx, {
      name: '东莞精密智造科技有限公司',
      unifiedSocialCreditCode: credit('91', '441900'),
      regionCode: '441900',
      sector: 'advanced_manufacturing',
    });
    const nev = await enterprises.insert(trx, {
      name: '广州新能源汽车装备有限公司',
      unifiedSocialCreditCode: credit('91', '440100'),
      regionCode: '440100',
      sector: 'advanced_manufacturing',
    });
    const eldercare = await enterprises.insert(trx, {
      name: '成都康养服务集团有限公司',
      unifiedSocialCreditCode: credit('91', '510100'),
      regionCode: '510100',
      sector: 'life_services',
    });
    const drones = await enterprises.insert(trx, {
      name: '深圳翼飞低空科技有限公司',
      unifiedSocialCreditCode: credit('91', '440300'),
      regionCode: '440300',
      sector: 'low_altitude_economy',
    });
    const dataValley = await enterprises.insert(trx, {
      name: '贵阳数谷大数据服务有限公司',
      unifiedSocialCreditCode: credit('91', '520100'),
      regionCode: '520100',
      sector: 'digital_economy',
    });

    const order = (o: Parameters<typeof demandOrders.insert>[1]) => demandOrders.insert(trx, o);
    const robotOrder = await order({
      enterpriseId: precision.id,
      externalRef: 'DGJM-2026-HR-031',
      occupationCode: '6-30-99-00',
      headcount: 120,
      requiredLevel: 'intermediate',
      wageOfferFen: yuan(6_800),
      workRegionCode: '441900',
      deadline: '2027-04-30',
      description: '工业机器人系统操作员，两班倒，包食宿，转正后缴纳五险一金',
      postedAt: '2026-11-03T02:00:00Z',
    });
    const latheOrder = await order({
      enterpriseId: precision.id,
      externalRef: 'DGJM-2026-HR-032',
      occupationCode: '6-18-01-01',
      headcount: 60,
      requiredLevel: 'intermediate',
      wageOfferFen: yuan(7_200),
      workRegionCode: '441900',
      deadline: '2027-04-30',
      description: '数控车工，熟悉FANUC系统者优先',
      postedAt: '2026-11-03T02:05:00Z',
    });
    await order({
      enterpriseId: precision.id,
      externalRef: 'DGJM-2026-HR-033',
      occupationCode: '6-31-01-03',
      headcount: 20,
      requiredLevel: 'senior',
      wageOfferFen: yuan(8_000),
      workRegionCode: '441900',
      deadline: '2027-06-30',
      description: '设备电工，持高级工证书',
      postedAt: '2026-11-10T03:00:00Z',
    });
    await order({
      enterpriseId: nev.id,
      externalRef: 'GZXNY-2026-117',
      occupationCode: '6-22-02-01',
      headcount: 80,
      requiredLevel: 'junior',
      wageOfferFen: yuan(6_200),
      workRegionCode: '440100',
      deadline: '2027-03-31',
      description: '新能源汽车总装线装调工',
      postedAt: '2026-11-12T01:30:00Z',
    });
    await order({
      enterpriseId: nev.id,
      externalRef: 'GZXNY-2026-118',
      occupationCode: '6-18-02-04',
      headcount: 40,
      requiredLevel: 'intermediate',
      wageOfferFen: yuan(7_500),
      workRegionCode: '440100',
      deadline: '2027-03-31',
      description: '车身焊装焊工',
      postedAt: '2026-11-12T01:35:00Z',
    });
    const careOrder = await order({
      enterpriseId: eldercare.id,
      externalRef: 'CDKY-2026-021',
      occupationCode: '4-10-01-05',
      headcount: 100,
      requiredLevel: 'junior',
      wageOfferFen: yuan(5_200),
      workRegionCode: '510100',
      deadline: '2027-02-28',
      description: '养老机构护理员，含失能老人照护岗位',
      postedAt: '2026-11-05T06:00:00Z',
    });
    await order({
      enterpriseId: eldercare.id,
      externalRef: 'CDKY-2026-022',
      occupationCode: '4-10-01-06',
      headcount: 50,
      requiredLevel: 'junior',
      wageOfferFen: yuan(4_800),
      workRegionCode: '510100',
      deadline: '2027-02-28',
      description: '居家养老上门家政服务员',
      postedAt: '2026-11-05T06:10:00Z',
    });
    const droneOrder = await order({
      enterpriseId: drones.id,
      externalRef: 'YF-UAV-2026-09',
      occupationCode: '4-99-00-00',
      headcount: 40,
      requiredLevel: 'senior',
      wageOfferFen: yuan(9_000),
      workRegionCode: '440300',
      deadline: '2027-05-31',
      description: '物流配送与电力巡检无人机驾驶员',
      postedAt: '2026-11-18T02:00:00Z',
    });
    await order({
      enterpriseId: dataValley.id,
      externalRef: 'SGDSJ-2026-04',
      occupationCode: '4-04-05-05',
      headcount: 30,
      requiredLevel: 'junior',
      wageOfferFen: yuan(5_500),
      workRegionCode: '520100',
      deadline: '2027-03-31',
      description: '人工智能训练师（数据标注与质检）',
      postedAt: '2026-11-20T02:00:00Z',
    });

    // ---- training providers (十一) and evaluation bodies (十四) ---------------------------
    await trainingProviders.insert(trx, {
      name: '东莞市技师学院',
      kind: 'technical_school',
      grade: 'A',
      regionCode: '441900',
      unifiedSocialCreditCode: credit('12', '441900'),
    });
    const bijieCollege = await trainingProviders.insert(trx, {
      name: '毕节职业技术学院',
      kind: 'vocational_college',
      grade: 'B',
      regionCode: '520500',
      unifiedSocialCreditCode: credit('12', '520500'),
    });
    await trainingProviders.insert(trx, {
      name: '遵义市公共实训基地',
      kind: 'public_training_base',
      grade: 'B',
      regionCode: '520300',
      unifiedSocialCreditCode: credit('12', '520300'),
    });
    const careSchool = await trainingProviders.insert(trx, {
      name: '成都市武侯区康护职业技能培训学校',
      kind: 'private_institution',
      grade: 'B',
      regionCode: '510107',
      unifiedSocialCreditCode: credit('52', '510107'),
    });
    const flightSchool = await trainingProviders.insert(trx, {
      name: '深圳翼飞无人机飞行培训中心',
      kind: 'enterprise_training_centre',
      grade: 'A',
      regionCode: '440300',
      unifiedSocialCreditCode: credit('91', '440300'),
    });
    // A provider whose qualification was revoked (十八), so the console can show the block.
    await trainingProviders.insert(trx, {
      name: '广州市天河区速成职业培训学校',
      kind: 'private_institution',
      grade: 'D',
      regionCode: '440106',
      unifiedSocialCreditCode: credit('52', '440106'),
      qualificationStatus: 'revoked',
      revokedAt: '2026-09-15T08:00:00Z',
      revokedBy: 'user:auditor',
      revokedReason: '专项检查发现虚假培训、虚报学员人数，依法取消培训资质并追回补贴资金（十八）',
    });

    const gdEvaluation = await evaluationBodies.insert(trx, {
      name: '广东省职业技能鉴定协会评价中心',
      kind: 'social_evaluation_org',
      enterpriseId: null,
      grade: 'A',
      regionCode: '440000',
      unifiedSocialCreditCode: credit('51', '440000'),
      maxLevel: 'technician',
      occupationCodes: ['6-30-99-00', '6-18-01-01', '6-31-01-03', '6-22-02-01', '6-18-02-04'],
    });
    await evaluationBodies.insert(trx, {
      name: '东莞精密智造科技有限公司（企业自主评价）',
      kind: 'enterprise_self_evaluation',
      enterpriseId: precision.id,
      grade: null,
      regionCode: '441900',
      unifiedSocialCreditCode: null,
      maxLevel: 'senior_technician',
      occupationCodes: ['6-30-99-00', '6-31-01-10'],
    });
    const scCare = await evaluationBodies.insert(trx, {
      name: '四川省养老服务职业技能评价中心',
      kind: 'social_evaluation_org',
      enterpriseId: null,
      grade: 'B',
      regionCode: '510000',
      unifiedSocialCreditCode: credit('51', '510000'),
      maxLevel: 'technician',
      occupationCodes: ['4-10-01-05', '4-10-01-06'],
    });
    const gdLowAltitude = await evaluationBodies.insert(trx, {
      name: '广东省低空经济职业技能评价中心',
      kind: 'social_evaluation_org',
      enterpriseId: null,
      grade: 'B',
      regionCode: '440000',
      unifiedSocialCreditCode: credit('51', '440000'),
      maxLevel: 'technician',
      occupationCodes: ['4-99-00-00'],
    });

    // ---- guidance catalogues (十二) with differentiated standards (十七) -----------------------
    const gdCatalogue = await catalogues.insertVersion(trx, {
      regionCode: '440000',
      label: '广东省职业技能培训需求指导目录（2026年版）',
      publishedOn: '2025-12-20',
      effectiveFrom: '2026-01-01',
      effectiveTo: null,
      entries: [
        standardEntry('6-30-99-00', 1, [1_800, 2_400, 3_000, 4_000]),
        standardEntry('6-18-01-01', 2, [1_500, 2_000, 2_500, 3_500]),
        standardEntry('6-31-01-03', 2, [1_200, 1_600, 2_200, 3_000]),
        standardEntry('6-22-02-01', 1, [1_800, 2_400, 3_000, 4_000]),
        standardEntry('6-18-02-04', 2, [1_500, 2_000, 2_500, 3_500]),
        standardEntry('4-99-00-00', 1, [2_000, 2_800, 3_600, 4_500]),
      ],
    });
    await catalogues.insertVersion(trx, {
      regionCode: '510000',
      label: '四川省职业技能培训需求指导目录（2026年版）',
      publishedOn: '2025-12-28',
      effectiveFrom: '2026-01-01',
      effectiveTo: null,
      entries: [
        standardEntry('4-10-01-05', 1, [1_600, 2_200, 2_800, 3_600]),
        standardEntry('4-10-01-06', 2, [1_000, 1_500, 2_000, 2_800]),
        standardEntry('4-03-02-01', 3, [800, 1_200, 1_600, 2_200]),
      ],
    });
    await catalogues.insertVersion(trx, {
      regionCode: '520000',
      label: '贵州省职业技能培训需求指导目录（2026年版）',
      publishedOn: '2026-01-10',
      effectiveFrom: '2026-02-01',
      effectiveTo: null,
      entries: [
        standardEntry('6-30-99-00', 2, [1_500, 2_000, 2_600, 3_400]),
        standardEntry('4-04-05-05', 1, [1_500, 2_000, 2_600, 3_400]),
        standardEntry('5-05-01-02', 2, [1_000, 1_500, 2_000, 2_800]),
      ],
    });

    // ---- regional targets (二十) ----------------------------------------------------------
    // [region, measure, person-times, sector or key group] for 2026.
    const targets: [
      string,
      TargetMeasure,
      number,
      { sector?: SectorCode; keyGroup?: KeyGroupCode }?,
    ][] = [
      ['440000', 'enrolments', 850_000],
      ['440000', 'certificates', 600_000],
      ['440000', 'placements', 480_000],
      ['440000', 'enrolments', 20_000, { sector: 'low_altitude_economy' }],
      ['441900', 'enrolments', 90_000],
      ['440300', 'enrolments', 120_000],
      ['520000', 'enrolments', 300_000],
      ['520000', 'enrolments', 60_000, { keyGroup: 'poverty_alleviated_labour' }],
      ['520500', 'enrolments', 40_000],
      ['520300', 'enrolments', 35_000],
      ['510000', 'enrolments', 600_000],
      ['510100', 'enrolments', 150_000],
      ['510000', 'enrolments', 45_000, { sector: 'life_services' }],
    ];
    for (const [regionCode, measure, target, narrowing] of targets) {
      await regionalTargets.upsert(trx, {
        regionCode,
        measure,
        target,
        sector: narrowing?.sector ?? null,
        keyGroup: narrowing?.keyGroup ?? null,
        periodStart: '2026-01-01',
        periodEnd: '2026-12-31',
      });
    }

    // ---- users (every role) and the demo enterprise API key ------------------------------
    // scrypt runs on libuv's thread pool, so the users are hashed in parallel.
    const created = await Promise.all(
      DEMO_USERS.map((user) => users.create(trx, { ...user, password: DEMO_PASSWORD })),
    );
    const userId = (username: string) =>
      `user:${created.find((u) => u.username === username)?.id ?? username}`;
    await enterpriseApiKeys.create(trx, {
      enterpriseId: precision.id,
      label: '演示密钥（HR系统对接）',
      key: DEMO_API_KEY,
    });

    // ---- projects (records only, stage 'demand') -----------------------------------------
    const config = (employmentLinked: boolean) => ({
      durations: { ...DEFAULT_PROJECT_DURATIONS },
      attendanceThresholdBp: 8_000,
      employmentLinked,
    });

    // 粤黔协作: Dongguan (labour import, 输入地) commissions training in Bijie, with Bijie and
    // Zunyi (labour export, 输出地) sharing the cost (十二 委托培训 + 成本分担).
    const crossRegion = await projects.insert(trx, {
      name: '粤黔协作·东莞精密智造工业机器人订单培训班（2027年第1期）',
      type: 'order',
      sector: 'advanced_manufacturing',
      sectorField: 'intelligent_equipment',
      ownerRegionCode: '441900',
      trainingRegionCode: '520500',
      targetLevel: 'intermediate',
      providerId: bijieCollege.id,
      evaluationBodyId: gdEvaluation.id,
      plannedHeadcount: 120,
      config: config(true),
      createdBy: userId('pm.dongguan'),
      // 东莞 60% (its employment fund and Guangdong's east–west cooperation fund), 毕节 25%, 遵义 15%.
      parties: [
        {
          regionCode: '441900',
          role: 'labour_import',
          shareBp: 6_000,
          funding: [
            { source: 'employment_subsidy_fund', shareBp: 6_667 },
            { source: 'east_west_cooperation_fund', shareBp: 3_333 },
          ],
        },
        {
          regionCode: '520500',
          role: 'labour_export',
          shareBp: 2_500,
          funding: [{ source: 'employment_subsidy_fund', shareBp: 10_000 }],
        },
        {
          regionCode: '520300',
          role: 'labour_export',
          shareBp: 1_500,
          funding: [{ source: 'employment_subsidy_fund', shareBp: 10_000 }],
        },
      ],
      demandOrders: [
        { demandOrderId: robotOrder.id, headcount: 80 },
        { demandOrderId: latheOrder.id, headcount: 40 },
      ],
      occupationCodes: ['6-30-99-00', '6-18-01-01'],
    });
    await coursePlans.addModules(trx, crossRegion.id, [
      { title: '安全生产与职业素养', theoryHours: 8, practiceHours: 0, mode: 'online' },
      { title: '工业机器人基础与编程', theoryHours: 24, practiceHours: 40, mode: 'blended' },
      { title: '数控车床操作与工艺', theoryHours: 16, practiceHours: 48, mode: 'offline' },
      { title: '企业跟岗实训（东莞）', theoryHours: 0, practiceHours: 80, mode: 'offline' },
    ]);

    const elderly = await projects.insert(trx, {
      name: '成都市养老护理员定岗培训项目（2027年春季班）',
      type: 'post',
      sector: 'life_services',
      sectorField: 'elderly_care',
      ownerRegionCode: '510100',
      trainingRegionCode: '510107',
      targetLevel: 'junior',
      providerId: careSchool.id,
      evaluationBodyId: scCare.id,
      plannedHeadcount: 60,
      config: config(true),
      createdBy: userId('pm.chengdu'),
      parties: [
        {
          regionCode: '510100',
          role: 'labour_import',
          shareBp: 10_000,
          funding: [
            { source: 'employment_subsidy_fund', shareBp: 8_000 },
            { source: 'market_fee_enterprise', shareBp: 2_000 },
          ],
        },
      ],
      demandOrders: [{ demandOrderId: careOrder.id, headcount: 60 }],
      occupationCodes: ['4-10-01-05'],
    });
    await coursePlans.addModules(trx, elderly.id, [
      { title: '养老护理职业道德与法规', theoryHours: 8, practiceHours: 0, mode: 'online' },
      { title: '生活照料与基础护理', theoryHours: 16, practiceHours: 32, mode: 'offline' },
      { title: '失能老人照护与康复服务', theoryHours: 12, practiceHours: 28, mode: 'offline' },
      { title: '机构见习', theoryHours: 0, practiceHours: 24, mode: 'offline' },
    ]);

    const droneProject = await projects.insert(trx, {
      name: '深圳低空经济无人机驾驶员定向培训项目',
      type: 'directed',
      sector: 'low_altitude_economy',
      sectorField: 'flight_operation_support',
      ownerRegionCode: '440300',
      trainingRegionCode: '440300',
      targetLevel: 'senior',
      providerId: flightSchool.id,
      evaluationBodyId: gdLowAltitude.id,
      plannedHeadcount: 40,
      config: config(false),
      createdBy: userId('pm.shenzhen'),
      parties: [
        {
          regionCode: '440300',
          role: 'labour_import',
          shareBp: 10_000,
          funding: [
            { source: 'industry_development_fund', shareBp: 6_000 },
            { source: 'employment_subsidy_fund', shareBp: 4_000 },
          ],
        },
      ],
      demandOrders: [{ demandOrderId: droneOrder.id, headcount: 40 }],
      occupationCodes: ['4-99-00-00'],
    });
    await coursePlans.addModules(trx, droneProject.id, [
      { title: '民用航空法规与空域管理', theoryHours: 16, practiceHours: 0, mode: 'online' },
      { title: '多旋翼无人机飞行原理与模拟', theoryHours: 12, practiceHours: 20, mode: 'blended' },
      {
        title: '外场飞行训练（视距内/超视距）',
        theoryHours: 0,
        practiceHours: 56,
        mode: 'offline',
      },
      { title: '行业应用：物流配送与电力巡检', theoryHours: 8, practiceHours: 24, mode: 'offline' },
    ]);

    // ---- trainees: a pool of registered workers, not yet enrolled ------------------------
    const people = demoTraineePool();
    await trainees.insertMany(trx, people, keys);

    await auditLog.append(trx, {
      actor: 'system',
      action: 'demo.seeded',
      subjectType: 'platform',
      subjectId: 'demo',
      reason: 'demo data set loaded into an empty database',
      details: {
        projects: [crossRegion.id, elderly.id, droneProject.id],
        catalogueVersions: [gdCatalogue.id],
        trainees: people.length,
      },
    });
    return true;
  });
}

/** True when the database already holds demo or real data (never seed over real records). */
async function hasData(db: Db): Promise<boolean> {
  const found = await db
    .selectNoFrom((eb) => [
      eb
        .or([
          eb.exists(eb.selectFrom('auditLog').select('id').where('action', '=', 'demo.seeded')),
          eb.exists(eb.selectFrom('enterprises').select('id')),
          eb.exists(eb.selectFrom('users').select('id')),
          eb.exists(eb.selectFrom('projects').select('id')),
        ])
        .as('found'),
    ])
    .executeTakeFirstOrThrow();
  return Boolean(found.found);
}

/** A catalogue entry with yuan standards for 初级, 中级, 高级 and 技师. */
function standardEntry(
  occupationCode: string,
  shortageTier: 1 | 2 | 3,
  [junior, intermediate, senior, technician]: [number, number, number, number],
) {
  return {
    occupationCode,
    shortageTier,
    standards: [
      { level: 'junior' as const, amount: yuan(junior) },
      { level: 'intermediate' as const, amount: yuan(intermediate) },
      { level: 'senior' as const, amount: yuan(senior) },
      { level: 'technician' as const, amount: yuan(technician) },
    ],
  };
}

/** Where demo trainees come from: 户籍 codes in their IDs and the home region on record. */
export interface DemoOrigin {
  count: number;
  /** County codes for the ID's first six digits. */
  idPrefixes: readonly string[];
  homeRegionCode: string;
  birthYears: [number, number];
  maleShare: number;
  groups: (random: DemoRandom, sex: Sex, birthYear: number) => KeyGroupCode[];
}

const ruralGroups = (random: DemoRandom, sex: Sex, birthYear: number): KeyGroupCode[] => {
  const groups: KeyGroupCode[] = ['migrant_worker'];
  groups.push(
    random.pick([
      'rural_transferred_labour',
      'rural_transferred_labour',
      'returning_migrant_worker',
      'poverty_alleviated_labour',
    ] as const),
  );
  if (birthYear <= 1976) groups.push('older_migrant_worker');
  if (sex === 'female' && random.chance(0.5)) groups.push('woman');
  return groups;
};

const ORIGINS: readonly DemoOrigin[] = [
  // 毕节: 七星关区, 大方县, 金沙县, 纳雍县, 威宁县
  {
    count: 100,
    idPrefixes: ['520502', '520521', '520523', '520525', '520526'],
    homeRegionCode: '520500',
    birthYears: [1970, 2006],
    maleShare: 0.7,
    groups: ruralGroups,
  },
  // 遵义: 红花岗区, 汇川区, 播州区, 赤水市
  {
    count: 60,
    idPrefixes: ['520302', '520303', '520304', '520381'],
    homeRegionCode: '520300',
    birthYears: [1972, 2006],
    maleShare: 0.7,
    groups: ruralGroups,
  },
  // 成都 (锦江区, 武侯区, 龙泉驿区) and 绵阳 (涪城区): elderly care draws older women, laid-off
  // workers and graduates.
  {
    count: 70,
    idPrefixes: ['510104', '510107', '510112'],
    homeRegionCode: '510100',
    birthYears: [1968, 2004],
    maleShare: 0.2,
    groups: (random, sex) => {
      const groups: KeyGroupCode[] = [
        random.pick([
          'unemployed_worker',
          'unemployed_worker',
          'college_graduate',
          'migrant_worker',
        ] as const),
      ];
      if (sex === 'female') groups.push('woman');
      if (random.chance(0.05)) groups.push('person_with_disability');
      return groups;
    },
  },
  {
    count: 20,
    idPrefixes: ['510703'],
    homeRegionCode: '510700',
    birthYears: [1968, 2004],
    maleShare: 0.2,
    groups: (_random, sex) =>
      sex === 'female' ? ['unemployed_worker', 'woman'] : ['unemployed_worker'],
  },
  // 深圳 (南山区, 宝安区) and 广州 (天河区, 白云区): drone pilots are young graduates, youth and
  // ex-service members.
  {
    count: 30,
    idPrefixes: ['440305', '440306'],
    homeRegionCode: '440300',
    birthYears: [1992, 2006],
    maleShare: 0.8,
    groups: (random) => [
      random.pick([
        'college_graduate',
        'college_graduate',
        'unemployed_youth',
        'ex_service_member',
      ] as const),
    ],
  },
  {
    count: 20,
    idPrefixes: ['440106', '440111'],
    homeRegionCode: '440100',
    birthYears: [1990, 2006],
    maleShare: 0.8,
    groups: (random) => [
      random.pick(['college_graduate', 'other_youth', 'ex_service_member'] as const),
    ],
  },
];

/**
 * DEMO ONLY: the seed's pool of 300 registered workers (毕节, 遵义, 成都, 绵阳, 深圳, 广州), the
 * same on every call: plausible names and valid, unique resident IDs.
 */
export function demoTraineePool(): trainees.NewTrainee[] {
  return demoTrainees(new DemoRandom(TRAINEE_SEED), ORIGINS);
}

/** DEMO ONLY: more plausible people of other origins, the same for the same seed. */
export function demoRecruits(origins: readonly DemoOrigin[], seed: number): trainees.NewTrainee[] {
  return demoTrainees(new DemoRandom(seed), origins);
}

/** Rural workers' key groups (migrant, transferred, returning, lifted out of poverty …). */
export const ruralKeyGroups = (random: DemoRandom, sex: Sex, birthYear: number): KeyGroupCode[] =>
  ruralGroups(random, sex, birthYear);

/** Plausible trainees with valid resident IDs, unique within the list. */
function demoTrainees(random: DemoRandom, origins: readonly DemoOrigin[]): trainees.NewTrainee[] {
  const seen = new Set<string>();
  const people: trainees.NewTrainee[] = [];
  for (const origin of origins) {
    for (let i = 0; i < origin.count; i += 1) {
      const sex: Sex = random.chance(origin.maleShare) ? 'male' : 'female';
      const birthDate = demoBirthDate(random, origin.birthYears[0], origin.birthYears[1]);
      let residentId = demoResidentId(random, random.pick(origin.idPrefixes), birthDate, sex);
      while (seen.has(residentId)) {
        residentId = demoResidentId(random, random.pick(origin.idPrefixes), birthDate, sex);
      }
      // The domain's validator is the authority on what a valid ID is; demo data must pass it.
      if (!validateResidentId(residentId, { today: '2026-11-27' }).valid) {
        throw new Error('demo data generated an invalid resident ID');
      }
      seen.add(residentId);
      people.push({
        name: demoName(random, sex),
        residentId,
        homeRegionCode: origin.homeRegionCode,
        keyGroups: origin.groups(random, sex, Number(birthDate.slice(0, 4))),
        maskedPhone: demoMaskedPhone(random),
      });
    }
  }
  return people;
}
