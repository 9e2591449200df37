import { DEFAULT_PROJECT_DURATIONS, type Sex } from '@qiancheng/domain';
import type { Kysely } from 'kysely';
import type { Database, ProjectConfig } from '../src/database.js';
import { identityKeysFromEnv } from '../src/identity-protection.js';
import * as assessments from '../src/repositories/assessments.repository.js';
import * as catalogues from '../src/repositories/catalogues.repository.js';
import * as certificates from '../src/repositories/certificates.repository.js';
import * as coursePlans from '../src/repositories/course-plans.repository.js';
import * as demandOrders from '../src/repositories/demand-orders.repository.js';
import * as enrolments from '../src/repositories/enrolments.repository.js';
import * as enterprises from '../src/repositories/enterprises.repository.js';
import * as evaluationBodies from '../src/repositories/evaluation-bodies.repository.js';
import * as projects from '../src/repositories/projects.repository.js';
import * as subsidyClaims from '../src/repositories/subsidy-claims.repository.js';
import * as trainees from '../src/repositories/trainees.repository.js';
import * as trainingProviders from '../src/repositories/training-providers.repository.js';
import { demoBirthDate, demoCreditCode, demoResidentId } from '../src/seed/people.js';
import { DemoRandom } from '../src/seed/random.js';

type Db = Kysely<Database>;

/** Keys for tests: the development defaults, whatever the environment says. */
export const testKeys = identityKeysFromEnv({});

const random = new DemoRandom(Math.floor(Math.random() * 2 ** 31));

/** A well-formed, probably unused 统一社会信用代码. */
export function creditCode(regionCode = '440100', kind = '91'): string {
  return demoCreditCode(random, kind, regionCode);
}

/** A valid resident ID nobody in this database has yet (most likely). */
export function residentId(regionCode = '520502', sex: Sex = 'male'): string {
  return demoResidentId(random, regionCode, demoBirthDate(random, 1975, 2004), sex);
}

export const projectConfig: ProjectConfig = {
  durations: { ...DEFAULT_PROJECT_DURATIONS },
  attendanceThresholdBp: 8_000,
  employmentLinked: true,
};

export async function makeEnterprise(db: Db, regionCode = '441900') {
  return enterprises.insert(db, {
    name: `测试企业${random.int(1, 1e6)}`,
    unifiedSocialCreditCode: creditCode(regionCode),
    regionCode,
    sector: 'advanced_manufacturing',
  });
}

export async function makeDemandOrder(db: Db, enterpriseId: string, headcount = 50) {
  return demandOrders.insert(db, {
    enterpriseId,
    externalRef: `REF-${random.int(1, 1e9)}`,
    occupationCode: '6-30-99-00',
    headcount,
    requiredLevel: 'intermediate',
    wageOfferFen: 680_000,
    workRegionCode: '441900',
    deadline: '2027-04-30',
    description: null,
  });
}

export async function makeProvider(db: Db) {
  return trainingProviders.insert(db, {
    name: `测试培训机构${random.int(1, 1e6)}`,
    kind: 'vocational_college',
    grade: 'B',
    regionCode: '520500',
    unifiedSocialCreditCode: creditCode('520500', '12'),
  });
}

export async function makeEvaluationBody(db: Db) {
  return evaluationBodies.insert(db, {
    name: `测试评价机构${random.int(1, 1e6)}`,
    kind: 'social_evaluation_org',
    enterpriseId: null,
    grade: 'A',
    regionCode: '440000',
    unifiedSocialCreditCode: creditCode('440000', '51'),
    maxLevel: 'technician',
    occupationCodes: ['6-30-99-00', '6-18-01-01'],
  });
}

export async function makeCatalogue(db: Db) {
  return catalogues.insertVersion(db, {
    regionCode: '440000',
    label: `测试目录${random.int(1, 1e9)}`,
    publishedOn: '2025-12-20',
    effectiveFrom: '2026-01-01',
    effectiveTo: null,
    entries: [
      {
        occupationCode: '6-30-99-00',
        shortageTier: 1,
        standards: [
          { level: 'junior', amount: 180_000 },
          { level: 'intermediate', amount: 240_000 },
        ],
      },
    ],
  });
}

export async function makeProject(
  db: Db,
  parts: { providerId: string; evaluationBodyId: string; demandOrderId?: string },
) {
  return projects.insert(db, {
    name: `测试项目${random.int(1, 1e6)}`,
    type: 'order',
    sector: 'advanced_manufacturing',
    sectorField: 'intelligent_equipment',
    ownerRegionCode: '441900',
    trainingRegionCode: '520500',
    targetLevel: 'intermediate',
    providerId: parts.providerId,
    evaluationBodyId: parts.evaluationBodyId,
    plannedHeadcount: 30,
    config: projectConfig,
    createdBy: 'user:test',
    // 东莞 70% from its employment fund; 毕节 30%, half from east–west cooperation funds.
    parties: [
      {
        regionCode: '441900',
        role: 'labour_import',
        shareBp: 7_000,
        funding: [{ source: 'employment_subsidy_fund', shareBp: 10_000 }],
      },
      {
        regionCode: '520500',
        role: 'labour_export',
        shareBp: 3_000,
        funding: [
          { source: 'employment_subsidy_fund', shareBp: 5_000 },
          { source: 'east_west_cooperation_fund', shareBp: 5_000 },
        ],
      },
    ],
    demandOrders: parts.demandOrderId
      ? [{ demandOrderId: parts.demandOrderId, headcount: 30 }]
      : [],
    occupationCodes: ['6-30-99-00'],
  });
}

export async function makeTrainee(db: Db, id: string = residentId()) {
  return trainees.insert(
    db,
    { name: '测试学员', residentId: id, homeRegionCode: '520500', keyGroups: ['migrant_worker'] },
    testKeys,
  );
}

/**
 * The chain up to a claim: enterprise, order, provider, body, catalogue, project with a module
 * and a session, a trainee enrolled, a passed assessment and its certificate, and a claim.
 */
export async function makeChain(db: Db) {
  const enterprise = await makeEnterprise(db);
  const order = await makeDemandOrder(db, enterprise.id);
  const provider = await makeProvider(db);
  const body = await makeEvaluationBody(db);
  const catalogue = await makeCatalogue(db);
  const project = await makeProject(db, {
    providerId: provider.id,
    evaluationBodyId: body.id,
    demandOrderId: order.id,
  });
  const [module] = await coursePlans.addModules(db, project.id, [
    { title: '工业机器人编程', theoryHours: 8, practiceHours: 16, mode: 'blended' },
  ]);
  if (!module) throw new Error('no module');
  const session = await coursePlans.addSession(db, {
    projectId: project.id,
    moduleId: module.id,
    startsAt: new Date('2027-01-10T01:00:00Z'),
    minutes: 240,
    mode: 'offline',
  });
  const trainee = await makeTrainee(db);
  const enrolment = await enrolments.insert(db, {
    projectId: project.id,
    traineeId: trainee.id,
    levelBefore: null,
    employeeTrainingMode: null,
    endedReason: null,
  });
  const assessment = await assessments.insert(db, {
    enrolmentId: enrolment.id,
    traineeId: trainee.id,
    evaluationBodyId: body.id,
    occupationCode: '6-30-99-00',
    level: 'intermediate',
    assessedOn: '2027-03-01',
    result: 'passed',
    theoryScore: 82,
    practiceScore: 88,
  });
  const certificate = await certificates.issue(db, {
    number: `Y${random.int(1e9, 9e9)}`,
    traineeId: trainee.id,
    assessmentId: assessment.id,
    evaluationBodyId: body.id,
    occupationCode: '6-30-99-00',
    level: 'intermediate',
    issuedOn: '2027-03-10',
  });
  const claim = await subsidyClaims.insert(db, {
    projectId: project.id,
    enrolmentId: enrolment.id,
    traineeId: trainee.id,
    certificateId: certificate.id,
    occupationCode: '6-30-99-00',
    level: 'intermediate',
    policyYear: 2027,
    catalogueVersionId: catalogue.id,
    shortageTier: 1,
    amountFen: 240_000,
  });
  return {
    enterprise,
    order,
    provider,
    body,
    catalogue,
    project,
    module,
    session,
    trainee,
    enrolment,
    assessment,
    certificate,
    claim,
  };
}

export type Chain = Awaited<ReturnType<typeof makeChain>>;
