import { qualityMetrics, regionLineageOf, roundOutcome, subsidyStandard } from '@qiancheng/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as assessments from '../src/repositories/assessments.repository.js';
import * as attendance from '../src/repositories/attendance.repository.js';
import * as catalogues from '../src/repositories/catalogues.repository.js';
import * as certificates from '../src/repositories/certificates.repository.js';
import * as costSharing from '../src/repositories/cost-sharing.repository.js';
import * as coursePlans from '../src/repositories/course-plans.repository.js';
import * as demandOrders from '../src/repositories/demand-orders.repository.js';
import * as enrolments from '../src/repositories/enrolments.repository.js';
import * as enterpriseApiKeys from '../src/repositories/enterprise-api-keys.repository.js';
import * as enterprises from '../src/repositories/enterprises.repository.js';
import * as evaluationBodies from '../src/repositories/evaluation-bodies.repository.js';
import * as followUps from '../src/repositories/follow-ups.repository.js';
import * as idempotencyKeys from '../src/repositories/idempotency-keys.repository.js';
import * as ledger from '../src/repositories/ledger.repository.js';
import * as occupations from '../src/repositories/occupations.repository.js';
import * as placements from '../src/repositories/placements.repository.js';
import * as plans from '../src/repositories/plan.repository.js';
import * as projects from '../src/repositories/projects.repository.js';
import * as qualityReviews from '../src/repositories/quality-reviews.repository.js';
import * as regionalTargets from '../src/repositories/regional-targets.repository.js';
import * as regions from '../src/repositories/regions.repository.js';
import * as subsidyClaims from '../src/repositories/subsidy-claims.repository.js';
import * as trainees from '../src/repositories/trainees.repository.js';
import * as trainingProviders from '../src/repositories/training-providers.repository.js';
import * as users from '../src/repositories/users.repository.js';
import {
  type Chain,
  creditCode,
  makeChain,
  makeEnterprise,
  makeProject,
  residentId,
  testKeys,
} from './fixtures.js';
import { freshDatabase } from './fresh-database.js';

let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let chain: Chain;
const db = () => fresh.db;

beforeAll(async () => {
  fresh = await freshDatabase('repositories');
  chain = await makeChain(fresh.db);
});
afterAll(async () => {
  await fresh.close();
});

describe('reference data', () => {
  it('imports regions and occupations, and reads them back', async () => {
    await regions.upsertMany(db(), [
      {
        code: '520527',
        name: '赫章县',
        nameEn: 'Hezhang County',
        level: 'county',
        parentCode: '520500',
      },
    ]);
    expect(await regions.find(db(), '520527')).toEqual({
      code: '520527',
      name: '赫章县',
      nameEn: 'Hezhang County',
      level: 'county',
      parentCode: '520500',
    });
    expect((await regions.listChildren(db(), '520500')).map((r) => r.code)).toEqual([
      '520502',
      '520521',
      '520522',
      '520523',
      '520524',
      '520525',
      '520526',
      '520527',
    ]);
    expect(await regions.listChildren(db(), null)).toHaveLength(31);

    await occupations.upsertMany(db(), [
      { code: '4-10-01-05', name: '养老护理员', category: '社会生产服务和生活服务人员' },
      { code: '6-29-02-01', name: '钢筋工', category: '生产制造及有关人员' },
    ]);
    expect(await occupations.find(db(), '4-10-01-05')).toMatchObject({
      demo: false,
      sector: 'life_services',
    });
    expect(await occupations.find(db(), '6-29-02-01')).toEqual({
      code: '6-29-02-01',
      name: '钢筋工',
      category: '生产制造及有关人员',
      sector: null,
      demo: false,
      isNew: false,
    });
    expect(
      (await occupations.list(db(), { sector: 'low_altitude_economy' })).map((o) => o.code),
    ).toEqual(['4-99-00-00']);
  });
});

describe('enterprises and demand orders', () => {
  it('round-trip an enterprise', async () => {
    expect(await enterprises.find(db(), chain.enterprise.id)).toEqual(chain.enterprise);
    expect(
      await enterprises.findByCreditCode(db(), chain.enterprise.unifiedSocialCreditCode),
    ).toEqual(chain.enterprise);
    expect(await enterprises.list(db(), { regionCode: '441900' })).toContainEqual(chain.enterprise);
  });

  it('round-trip a demand order, and a repeated post with the same reference finds the first', async () => {
    expect(await demandOrders.find(db(), chain.order.id)).toEqual(chain.order);
    expect(chain.order).toMatchObject({
      deadline: '2027-04-30',
      wageOfferFen: 680_000,
      status: 'open',
    });
    const { id: _id, postedAt: _p, updatedAt: _u, ...again } = chain.order;
    const repeat = await demandOrders.insertOrFind(db(), again);
    expect(repeat).toEqual({ order: chain.order, created: false });
    expect(await demandOrders.listForEnterprise(db(), chain.enterprise.id)).toEqual([chain.order]);
  });

  it('closes an order only from the statuses it names, and a closed order is no longer listed', async () => {
    const enterprise = await makeEnterprise(db());
    const { order } = await demandOrders.insertOrFind(db(), {
      enterpriseId: enterprise.id,
      externalRef: 'HR-1',
      occupationCode: '6-18-01-01',
      headcount: 10,
      requiredLevel: 'junior',
      wageOfferFen: 500_000,
      workRegionCode: '441900',
      deadline: '2027-06-30',
      description: '数控车工',
    });
    expect(
      (await demandOrders.listOpen(db(), { occupationCode: '6-18-01-01' })).map((o) => o.id),
    ).toContain(order.id);
    expect(
      await demandOrders.setStatus(db(), order.id, 'closed', { from: ['cancelled'] }),
    ).toBeNull();
    expect(
      (await demandOrders.setStatus(db(), order.id, 'closed', { from: ['open'] }))?.status,
    ).toBe('closed');
    expect(
      (await demandOrders.listOpen(db(), { occupationCode: '6-18-01-01' })).map((o) => o.id),
    ).not.toContain(order.id);
  });
});

describe('providers and evaluation bodies', () => {
  it('grade a provider and revoke its qualification once, with who and why (十八)', async () => {
    expect(await trainingProviders.find(db(), chain.provider.id)).toEqual(chain.provider);
    const provider = await trainingProviders.insert(db(), {
      name: '示例培训学校',
      kind: 'private_institution',
      grade: null,
      regionCode: '440100',
      unifiedSocialCreditCode: creditCode('440100', '52'),
    });
    expect((await trainingProviders.setGrade(db(), provider.id, 'C'))?.grade).toBe('C');
    const at = new Date('2026-10-01T00:00:00Z');
    const revoked = await trainingProviders.revokeQualification(db(), provider.id, {
      by: 'user:auditor',
      reason: '虚假培训',
      at,
    });
    expect(revoked).toMatchObject({
      qualificationStatus: 'revoked',
      revokedAt: at,
      revokedBy: 'user:auditor',
    });
    expect(
      await trainingProviders.revokeQualification(db(), provider.id, { by: 'x', reason: 'y' }),
    ).toBeNull();
    const active = await trainingProviders.list(db(), { activeOnly: true });
    expect(active.map((p) => p.id)).not.toContain(provider.id);
  });

  it('round-trip an evaluation body with its occupations, and revoke it', async () => {
    expect(await evaluationBodies.find(db(), chain.body.id)).toEqual(chain.body);
    expect(chain.body.occupationCodes).toEqual(['6-18-01-01', '6-30-99-00']);
    const enterprise = await makeEnterprise(db());
    const own = await evaluationBodies.insert(db(), {
      name: '企业自主评价',
      kind: 'enterprise_self_evaluation',
      enterpriseId: enterprise.id,
      grade: null,
      regionCode: '441900',
      unifiedSocialCreditCode: null,
      maxLevel: 'senior_technician',
      occupationCodes: ['6-30-99-00'],
    });
    const revoked = await evaluationBodies.revokeQualification(db(), own.id, {
      by: 'user:auditor',
      reason: '虚假评价',
    });
    expect(revoked).toMatchObject({
      qualificationStatus: 'revoked',
      occupationCodes: ['6-30-99-00'],
    });
    expect(
      (await evaluationBodies.list(db(), { activeOnly: true })).map((b) => b.id),
    ).not.toContain(own.id);
  });
});

describe('users, API keys and idempotency keys', () => {
  it('store passwords hashed and check them, never returning the hash', async () => {
    const user = await users.create(db(), {
      username: 'pm.test',
      displayName: '测试项目经理',
      role: 'project_manager',
      regionCode: '441900',
      password: 'correct horse battery staple',
    });
    expect(user).not.toHaveProperty('passwordHash');
    expect(await users.find(db(), user.id)).toEqual(user);
    expect(await users.findByUsername(db(), 'pm.test')).toEqual(user);
    expect(await users.verifyCredentials(db(), 'pm.test', 'correct horse battery staple')).toEqual(
      user,
    );
    expect(await users.verifyCredentials(db(), 'pm.test', 'wrong')).toBeNull();
    expect(await users.verifyCredentials(db(), 'nobody', 'wrong')).toBeNull();
    await users.setActive(db(), user.id, false);
    expect(
      await users.verifyCredentials(db(), 'pm.test', 'correct horse battery staple'),
    ).toBeNull();
    const stored = await db()
      .selectFrom('users')
      .select('passwordHash')
      .where('id', '=', user.id)
      .executeTakeFirst();
    expect(stored?.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(stored?.passwordHash).not.toContain('correct horse');
  });

  it('issue an API key once, find it by the key, and stop finding it when revoked', async () => {
    const { apiKey, key } = await enterpriseApiKeys.create(db(), {
      enterpriseId: chain.enterprise.id,
      label: 'HR 系统',
    });
    expect(key.startsWith(`${apiKey.prefix}_`)).toBe(true);
    const found = await enterpriseApiKeys.findActiveByKey(db(), key);
    expect(found).toMatchObject({ id: apiKey.id, enterpriseId: chain.enterprise.id });
    expect(found?.lastUsedAt).toBeInstanceOf(Date);
    expect(await enterpriseApiKeys.findActiveByKey(db(), `${key}x`)).toBeNull();
    expect(await enterpriseApiKeys.findActiveByKey(db(), 'not a key')).toBeNull();
    expect(await enterpriseApiKeys.listForEnterprise(db(), chain.enterprise.id)).toHaveLength(1);
    expect((await enterpriseApiKeys.revoke(db(), apiKey.id))?.revokedAt).toBeInstanceOf(Date);
    expect(await enterpriseApiKeys.findActiveByKey(db(), key)).toBeNull();
  });

  it('answer a repeated request with the first response, and refuse a key reused for another', async () => {
    const request = { scope: chain.enterprise.id, key: 'order-42', requestHash: 'h1' };
    expect(await idempotencyKeys.claim(db(), request)).toEqual({ state: 'new' });
    expect(await idempotencyKeys.claim(db(), request)).toEqual({ state: 'in_progress' });
    expect(
      await idempotencyKeys.complete(db(), {
        ...request,
        responseStatus: 201,
        responseBody: { id: 'x', list: [1] },
      }),
    ).toBe(true);
    expect(await idempotencyKeys.claim(db(), request)).toEqual({
      state: 'completed',
      responseStatus: 201,
      responseBody: { id: 'x', list: [1] },
    });
    expect(await idempotencyKeys.claim(db(), { ...request, requestHash: 'h2' })).toEqual({
      state: 'mismatch',
    });
    expect(await idempotencyKeys.claim(db(), { ...request, key: 'order-43' })).toEqual({
      state: 'new',
    });
    expect(await idempotencyKeys.release(db(), chain.enterprise.id, 'order-43')).toBe(true);
    expect(await idempotencyKeys.claim(db(), { ...request, key: 'order-43' })).toEqual({
      state: 'new',
    });
    expect(
      await idempotencyKeys.purgeOlderThan(db(), new Date(Date.now() + 60_000)),
    ).toBeGreaterThanOrEqual(2);
  });

  it('let the same request take over a claim whose request never finished, once its lease lapsed', async () => {
    const request = { scope: chain.enterprise.id, key: 'order-crashed', requestHash: 'h1' };
    expect(await idempotencyKeys.claim(db(), request)).toEqual({ state: 'new' });
    // Its API process died: neither complete nor release ran. Within the lease it is in progress…
    expect(await idempotencyKeys.claim(db(), request)).toEqual({ state: 'in_progress' });
    await new Promise((r) => setTimeout(r, 1_100));
    // …past it (1 s here), another body still cannot take it, the same request can, once.
    expect(await idempotencyKeys.claim(db(), { ...request, requestHash: 'h2' }, 1)).toEqual({
      state: 'mismatch',
    });
    expect(await idempotencyKeys.claim(db(), request, 1)).toEqual({ state: 'new' });
    expect(await idempotencyKeys.claim(db(), request, 1)).toEqual({ state: 'in_progress' });
    // An answered key is never taken over.
    await idempotencyKeys.complete(db(), { ...request, responseStatus: 201, responseBody: null });
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await idempotencyKeys.claim(db(), request, 1)).toMatchObject({ state: 'completed' });
  });
});

describe('catalogues and targets', () => {
  it('round-trip a catalogue version in the domain’s shape, usable by subsidyStandard (十七)', async () => {
    expect(await catalogues.findVersion(db(), chain.catalogue.id)).toEqual(chain.catalogue);
    const versions = await catalogues.listVersions(db(), {
      regionCodes: regionLineageOf('441900'),
      activeOn: '2027-03-10',
    });
    expect(versions).toEqual([chain.catalogue]);
    expect(
      subsidyStandard(versions, {
        regionCode: '441900',
        occupationCode: '6-30-99-00',
        level: 'senior',
        on: '2027-03-10',
      }),
    ).toMatchObject({ found: true, amount: 240_000, tier: 1, appliedLevel: 'intermediate' });
    expect(await catalogues.listVersions(db(), { regionCodes: ['510000'] })).toEqual([]);
  });

  it('set a regional target, replacing the figure on a second set', async () => {
    const target = {
      regionCode: '520500',
      periodStart: '2027-01-01',
      periodEnd: '2027-12-31',
      measure: 'enrolments' as const,
      sector: null,
      keyGroup: 'poverty_alleviated_labour' as const,
      target: 1_000,
    };
    const first = await regionalTargets.upsert(db(), target);
    const second = await regionalTargets.upsert(db(), { ...target, target: 1_200 });
    expect(second).toEqual({ ...first, target: 1_200 });
    expect(
      await regionalTargets.list(db(), { regionCodes: ['520500'], activeOn: '2027-06-01' }),
    ).toEqual([second]);
    expect(
      await regionalTargets.list(db(), { regionCodes: ['520500'], activeOn: '2028-01-01' }),
    ).toEqual([]);
  });
});

describe('projects', () => {
  it('round-trip a project with its partner regions, demand orders, occupations and config', async () => {
    // One statement for the row and its links (the most frequent read of every activity).
    let statements = 0;
    const counted = db().withPlugin({
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        statements += 1;
        return args.result;
      },
    });
    const found = await projects.find(counted, chain.project.id);
    expect(statements).toBe(1);
    expect(found).toEqual(chain.project);
    expect(found).toMatchObject({
      stage: 'demand',
      partnerRegions: [{ regionCode: '520500', role: 'labour_export' }],
      demandOrders: [{ demandOrderId: chain.order.id, headcount: 30 }],
      occupationCodes: ['6-30-99-00'],
      config: { attendanceThresholdBp: 8_000, employmentLinked: true },
    });
    const forPartner = await projects.list(counted, { regionCode: '520500' });
    expect(statements).toBe(2);
    expect(forPartner.find((p) => p.id === chain.project.id)).toEqual(found);
    expect((await projects.list(db(), { regionCode: '510100' })).map((p) => p.id)).not.toContain(
      chain.project.id,
    );
  });

  it('move stages only from the expected ones, and record the workflow once', async () => {
    const project = await makeProject(db(), {
      providerId: chain.provider.id,
      evaluationBodyId: chain.body.id,
    });
    expect(
      await projects.setStage(db(), project.id, 'enrolment', { from: ['cost_sharing'] }),
    ).toBeNull();
    expect(
      (await projects.setStage(db(), project.id, 'cost_sharing', { from: ['demand'] }))?.stage,
    ).toBe('cost_sharing');
    const workflowId = `project-${project.id}`;
    expect((await projects.setWorkflowId(db(), project.id, workflowId))?.workflowId).toBe(
      workflowId,
    );
    expect(await projects.setWorkflowId(db(), project.id, workflowId)).not.toBeNull();
    expect(await projects.setWorkflowId(db(), project.id, 'project-other')).toBeNull();
    expect((await projects.list(db(), { stages: ['cost_sharing'] })).map((p) => p.id)).toEqual([
      project.id,
    ]);
  });

  it('keep the course plan in order, and sessions with their modules', async () => {
    const more = await coursePlans.addModules(db(), chain.project.id, [
      { title: '电气安全', theoryHours: 4, practiceHours: 4, mode: 'online' },
    ]);
    expect(more[0]?.position).toBe(2);
    expect(await coursePlans.listModules(db(), chain.project.id)).toEqual([chain.module, ...more]);
    expect(await coursePlans.listSessions(db(), chain.project.id)).toEqual([chain.session]);
  });

  it('round-trip a draft plan: parties by share, each with its funds in the order given', async () => {
    const project = await makeProject(db(), {
      providerId: chain.provider.id,
      evaluationBodyId: chain.body.id,
    });
    const parties = [
      {
        regionCode: '441900',
        role: 'labour_import' as const,
        shareBp: 6_000,
        funding: [
          { source: 'east_west_cooperation_fund' as const, shareBp: 2_500 },
          { source: 'employment_subsidy_fund' as const, shareBp: 7_500 },
        ],
      },
      {
        regionCode: '520500',
        role: 'labour_export' as const,
        shareBp: 4_000,
        funding: [{ source: 'employment_subsidy_fund' as const, shareBp: 10_000 }],
      },
    ];
    expect(await plans.replaceDraftParties(db(), project.id, parties)).toBe(true);
    expect(await plans.findRound(db(), project.id, 1)).toMatchObject({
      round: 1,
      status: 'draft',
      parties,
    });
  });

  it('run a cost-sharing round: shares, approvals, reminders, escalation and close', async () => {
    const deadline = new Date('2027-01-08T00:00:00Z');
    const opened = await plans.openRound(db(), {
      projectId: chain.project.id,
      round: 1,
      deadline,
      ownerRegionCode: '441900',
      ownerApprovedBy: 'user:pm',
    });
    expect(opened.parties.map((p) => [p.regionCode, p.shareBp])).toEqual([
      ['441900', 7_000],
      ['520500', 3_000],
    ]);
    const agreement = await costSharing.findAgreementForProject(db(), chain.project.id);
    if (!agreement) throw new Error('no agreement');
    expect(agreement.status).toBe('awaiting_approval');
    const [round] = await costSharing.listRounds(db(), agreement.id);
    if (!round) throw new Error('no round');
    expect(round).toMatchObject({ round: 1, status: 'open', deadline });
    // The owner approves by launching; the partner's decision is pending.
    expect(round.approvals.map((a) => [a.regionCode, a.status])).toEqual([
      ['441900', 'approved'],
      ['520500', 'pending'],
    ]);
    const bijie = round.approvals[1];
    if (!bijie) throw new Error('no approval');
    expect((await costSharing.recordReminder(db(), bijie.id))?.remindersSent).toBe(1);
    const escalatedAt = new Date('2027-01-08T00:00:01Z');
    expect((await costSharing.recordEscalation(db(), bijie.id, escalatedAt))?.escalatedAt).toEqual(
      escalatedAt,
    );
    expect((await costSharing.recordEscalation(db(), bijie.id, new Date()))?.escalatedAt).toEqual(
      escalatedAt,
    );
    expect(await costSharing.listPendingForRegion(db(), '520500')).toHaveLength(1);

    for (const regionCode of ['520500']) {
      const decided = await costSharing.decide(db(), {
        roundId: round.id,
        regionCode,
        decision: 'approved',
        decidedBy: `user:approver-${regionCode}`,
        reason: null,
      });
      expect(decided?.status).toBe('approved');
    }
    expect(
      await costSharing.decide(db(), {
        roundId: round.id,
        regionCode: '520500',
        decision: 'rejected',
        decidedBy: 'x',
        reason: '迟来的拒绝',
      }),
    ).toBeNull();
    const decided = await costSharing.findRound(db(), round.id);
    expect(
      roundOutcome(
        decided?.parties ?? [],
        (decided?.approvals ?? []).map((a) => ({ ...a, round: 1 })),
        1,
      ).status,
    ).toBe('approved');
    expect((await costSharing.closeRound(db(), round.id, 'approved'))?.status).toBe('approved');
    expect(await costSharing.closeRound(db(), round.id, 'expired')).toBeNull();
    expect(
      (
        await costSharing.setAgreementStatus(db(), agreement.id, 'approved', {
          from: ['awaiting_approval'],
        })
      )?.status,
    ).toBe('approved');
    expect(await costSharing.listRounds(db(), agreement.id)).toHaveLength(1);
  });
});

describe('trainees and the chain', () => {
  it('round-trip a trainee with key groups, and ensure() registers a person only once', async () => {
    expect(await trainees.find(db(), chain.trainee.id)).toEqual(chain.trainee);
    expect(chain.trainee.keyGroups).toEqual(['migrant_worker']);
    const id = residentId('510107', 'female');
    const input = {
      name: '刘敏',
      residentId: id,
      homeRegionCode: '510100',
      keyGroups: ['unemployed_worker' as const, 'woman' as const],
    };
    const first = await trainees.ensure(db(), input, testKeys);
    const second = await trainees.ensure(db(), { ...input, name: '刘敏（重复）' }, testKeys);
    expect(first.created).toBe(true);
    expect(second).toEqual({ trainee: first.trainee, created: false });
    expect(first.trainee).toMatchObject({
      sex: 'female',
      keyGroups: ['unemployed_worker', 'woman'],
    });
    expect(await trainees.list(db(), { homeRegionCode: '510100' })).toEqual([first.trainee]);
  });

  it('enrol once, even when retried, and change status with a reason', async () => {
    expect(await enrolments.find(db(), chain.enrolment.id)).toEqual(chain.enrolment);
    const { traineeId, projectId } = chain.enrolment;
    const retry = await enrolments.insertOrFind(db(), {
      projectId,
      traineeId,
      levelBefore: null,
      employeeTrainingMode: null,
      endedReason: null,
    });
    expect(retry).toEqual({ enrolment: chain.enrolment, created: false });
    expect(await enrolments.findFor(db(), projectId, traineeId)).toEqual(chain.enrolment);
    expect(await enrolments.listForProject(db(), projectId, { statuses: ['enrolled'] })).toEqual([
      chain.enrolment,
    ]);
    expect(await enrolments.countByStatus(db(), projectId)).toEqual({ enrolled: 1 });
  });

  it('record attendance (a repeat replaces it) and sum it against the plan', async () => {
    const first = await attendance.record(db(), {
      projectId: chain.project.id,
      sessionId: chain.session.id,
      enrolmentId: chain.enrolment.id,
      minutesAttended: 180,
      method: 'face_recognition',
    });
    const corrected = await attendance.record(db(), {
      projectId: chain.project.id,
      sessionId: chain.session.id,
      enrolmentId: chain.enrolment.id,
      minutesAttended: 200,
      method: 'face_recognition',
    });
    expect(corrected.id).toBe(first.id);
    expect(await attendance.listForEnrolment(db(), chain.enrolment.id)).toEqual([corrected]);
    expect(await attendance.summaryForEnrolment(db(), chain.enrolment.id)).toEqual({
      attendedMinutes: 200,
      plannedMinutes: 240,
    });
  });

  it('round-trip assessments and certificates, idempotently', async () => {
    expect(await assessments.find(db(), chain.assessment.id)).toEqual(chain.assessment);
    expect(await assessments.listForEnrolment(db(), chain.enrolment.id)).toEqual([
      chain.assessment,
    ]);
    const { id: _i, recordedAt: _r, ...values } = chain.assessment;
    expect(await assessments.insertOrFind(db(), { ...values, id: chain.assessment.id })).toEqual({
      assessment: chain.assessment,
      created: false,
    });
    expect(await certificates.find(db(), chain.certificate.id)).toEqual(chain.certificate);
    expect(await certificates.findByNumber(db(), chain.certificate.number)).toEqual(
      chain.certificate,
    );
    expect(await certificates.listForTrainee(db(), chain.trainee.id)).toEqual([chain.certificate]);
    const repeat = await certificates.issueOrFind(db(), {
      number: 'another-number',
      traineeId: chain.trainee.id,
      assessmentId: chain.assessment.id,
      evaluationBodyId: chain.body.id,
      occupationCode: '6-30-99-00',
      level: 'intermediate',
      issuedOn: '2027-03-10',
    });
    expect(repeat).toEqual({ certificate: chain.certificate, created: false });
  });

  it('record a placement once and its retention checks, the first answer standing', async () => {
    const values = {
      enrolmentId: chain.enrolment.id,
      traineeId: chain.trainee.id,
      enterpriseId: chain.enterprise.id,
      demandOrderId: chain.order.id,
      startedOn: '2027-04-01',
      contractType: 'fixed_term' as const,
      contractMonths: 24,
      monthlyWageFen: 680_000,
      workRegionCode: '441900',
    };
    const { placement, created } = await placements.insertOrFind(db(), values);
    expect(created).toBe(true);
    expect(await placements.insertOrFind(db(), values)).toEqual({ placement, created: false });
    expect(await placements.find(db(), placement.id)).toEqual(placement);
    expect(await placements.listForProject(db(), chain.project.id)).toEqual([placement]);

    const milestones = [
      { milestoneMonths: 3 as const, dueOn: '2027-07-01' },
      { milestoneMonths: 6 as const, dueOn: '2027-10-01' },
    ];
    const checks = await followUps.schedule(db(), placement.id, milestones);
    expect(await followUps.schedule(db(), placement.id, milestones)).toEqual(checks);
    expect((await followUps.listDue(db(), '2027-07-01')).map((f) => f.id)).toEqual([checks[0]?.id]);
    const at = new Date('2027-07-02T03:00:00Z');
    expect(await followUps.record(db(), checks[0]?.id ?? '', 'retained', at)).toMatchObject({
      outcome: 'retained',
      recordedAt: at,
    });
    expect(await followUps.record(db(), checks[0]?.id ?? '', 'left')).toBeNull();
    expect(await followUps.listDue(db(), '2027-07-01')).toEqual([]);
  });

  it('claim once per trainee and project, and list live subsidies for the eligibility rule', async () => {
    expect(await subsidyClaims.find(db(), chain.claim.id)).toEqual(chain.claim);
    const { id: _i, createdAt: _c, updatedAt: _u, status: _s, ...values } = chain.claim;
    expect(await subsidyClaims.insertOrFind(db(), values)).toEqual({
      claim: chain.claim,
      created: false,
    });
    expect(await subsidyClaims.priorSubsidies(db(), chain.trainee.id)).toEqual([
      {
        claimId: chain.claim.id,
        occupationCode: '6-30-99-00',
        level: 'intermediate',
        policyYear: 2027,
      },
    ]);
    expect(
      await subsidyClaims.priorSubsidies(db(), chain.trainee.id, {
        excludeClaimId: chain.claim.id,
      }),
    ).toEqual([]);
    expect(
      await subsidyClaims.setStatus(db(), chain.claim.id, 'paid', { from: ['approved'] }),
    ).toBeNull();
    const approved = await subsidyClaims.setStatus(db(), chain.claim.id, 'approved', {
      from: ['pending'],
    });
    expect(approved?.status).toBe('approved');
    expect(
      await subsidyClaims.listForProject(db(), chain.project.id, { statuses: ['approved'] }),
    ).toEqual([approved]);
  });

  it('list a project’s ledger in the order written', async () => {
    const { entry } = await ledger.append(db(), {
      idempotencyKey: `project-${chain.project.id}:settle:${chain.claim.id}:employment_subsidy_fund:441900`,
      claimId: chain.claim.id,
      kind: 'claim',
      fundingSource: 'employment_subsidy_fund',
      payerRegionCode: '441900',
      amountFen: 240_000,
      recordedBy: `workflow:project-${chain.project.id}`,
      reason: null,
    });
    expect(entry).toMatchObject({ direction: 1, amountFen: 240_000, reversesEntryId: null });
    expect(await ledger.listForProject(db(), chain.project.id)).toEqual([entry]);
    expect(await ledger.totalsForClaim(db(), chain.claim.id)).toEqual({
      owedFen: 240_000,
      paidFen: 0,
    });
  });

  it('round-trip a quality review with the domain’s metrics (十三)', async () => {
    const metrics = qualityMetrics([
      {
        levelBefore: null,
        assessment: 'passed',
        certifiedLevel: 'intermediate',
        placed: true,
        retention3Month: 'retained',
        retention6Month: null,
      },
    ]);
    const review = await qualityReviews.insert(db(), {
      projectId: chain.project.id,
      method: 'third_party',
      reviewer: '广东省职业技能服务指导中心',
      reviewedOn: '2027-11-01',
      metrics,
      providerGrade: 'B',
      findings: '出勤记录完整，就业率达标',
      recordedBy: 'user:auditor',
    });
    expect(review.metrics).toEqual(metrics);
    expect(await qualityReviews.listForProject(db(), chain.project.id)).toEqual([review]);
  });
});
