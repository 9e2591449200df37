import { randomUUID } from 'node:crypto';
import { createDb, type Db, users } from '@qiancheng/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './helpers.js';

let h: Harness;
/** The apps' own database role, to show the database itself refuses. */
let appDb: Db;
let demandOrderId: string;
let dongguanProviderId: string;

beforeAll(async () => {
  h = await createHarness('api_registries');
  appDb = createDb(h.database.appUrl, { max: 2 });
  // A regional auditor of 贵州, for scope.
  await users.create(h.db, {
    username: 'auditor.guizhou',
    displayName: '贵州省审计员',
    role: 'auditor',
    regionCode: '520000',
    password: 'qiancheng-demo-2026',
  });
  const order = await h.db
    .selectFrom('demandOrders')
    .select('id')
    .where('externalRef', '=', 'DGJM-2026-HR-033')
    .executeTakeFirstOrThrow();
  demandOrderId = order.id;
  const provider = await h.db
    .selectFrom('trainingProviders')
    .select('id')
    .where('name', '=', '东莞市技师学院')
    .executeTakeFirstOrThrow();
  dongguanProviderId = provider.id;
});
afterAll(async () => {
  await appDb?.destroy();
  await h?.close();
});

async function call(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  user: string,
  payload?: unknown,
) {
  return h.app.inject({ method, url, headers: await h.as(user), ...(payload ? { payload } : {}) });
}

async function auditOf(subjectId: string) {
  return h.db
    .selectFrom('auditLog')
    .select(['action', 'actor', 'reason', 'details'])
    .where('subjectId', '=', subjectId)
    .orderBy('id')
    .execute();
}

const project = (overrides: Record<string, unknown>) => ({
  name: '东莞设备电工培训班',
  type: 'order',
  sector: 'advanced_manufacturing',
  trainingRegionCode: '441900',
  targetLevel: 'intermediate',
  providerId: dongguanProviderId,
  plannedHeadcount: 10,
  occupationCodes: ['6-31-01-03'],
  demandOrders: [{ demandOrderId, headcount: 10 }],
  coursePlan: {
    modules: [{ title: '电气安全', theoryHours: 16, practiceHours: 24, mode: 'offline' }],
  },
  parties: [
    {
      regionCode: '441900',
      role: 'labour_import',
      shareBp: 10000,
      funding: [{ source: 'employment_subsidy_fund', shareBp: 10000 }],
    },
  ],
  ...overrides,
});

describe('the occupations registry', () => {
  it('searches by the start of a code or part of a name, paged', async () => {
    const byCode = await call('GET', '/api/v1/occupations?q=6-30', 'pm.dongguan');
    expect(byCode.json().items.map((o: { code: string }) => o.code)).toEqual(['6-30-99-00']);
    const byName = await call(
      'GET',
      `/api/v1/occupations?q=${encodeURIComponent('机器人')}&pageSize=1`,
      'pm.dongguan',
    );
    expect(byName.json()).toMatchObject({ total: 2, pageSize: 1, items: [{ code: '6-30-99-00' }] });
    expect((await call('GET', '/api/v1/occupations?isNew=maybe', 'pm.dongguan')).statusCode).toBe(
      400,
    );
  });

  it('imports a CSV in full or not at all, listing every bad line', async () => {
    const bad = await call('POST', '/api/v1/occupations/import', 'admin', {
      csv: 'code,name\n4-04-05-09,智能网联汽车测试员\n9-99,坏代码\n4-04-05-10,\n',
      isNew: true,
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ code: 'occupation_import_invalid' });
    expect(
      bad
        .json()
        .errors.map((e: { code: string; params: { line: number } }) => [e.params.line, e.code]),
    ).toEqual([
      [3, 'code_invalid'],
      [4, 'name_empty'],
    ]);
    const none = await call('GET', '/api/v1/occupations?q=4-04-05-09', 'admin');
    expect(none.json().total).toBe(0);

    const good = await call('POST', '/api/v1/occupations/import', 'admin', {
      csv: 'code,name,category\n4-04-05-09,智能网联汽车测试员,社会生产服务和生活服务人员\n',
      isNew: true,
      reason: '人社部新职业公示',
    });
    expect(good.statusCode).toBe(200);
    expect(good.json()).toEqual({ imported: 1 });
    const flagged = await call('GET', '/api/v1/occupations?isNew=true', 'pm.dongguan');
    expect(flagged.json().items).toEqual([
      expect.objectContaining({
        code: '4-04-05-09',
        name: '智能网联汽车测试员',
        isNew: true,
        demo: false,
      }),
    ]);
    expect(await auditOf('catalogue')).toContainEqual(
      expect.objectContaining({ action: 'occupations.imported', reason: '人社部新职业公示' }),
    );
  });

  it('lets only admins and operators import', async () => {
    const response = await call('POST', '/api/v1/occupations/import', 'pm.dongguan', {
      csv: 'code,name\n',
    });
    expect(response.statusCode).toBe(403);
  });
});

describe('the training providers registry', () => {
  it('lists providers within a region, by status and by name, with region names', async () => {
    const guangdong = await call(
      'GET',
      '/api/v1/training-providers?regionCode=440000',
      'pm.dongguan',
    );
    expect(guangdong.statusCode).toBe(200);
    const items = guangdong.json().items as { regionCode: string; regionName: string }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((p) => p.regionCode.startsWith('44') && p.regionName)).toBe(true);
    const revoked = await call('GET', '/api/v1/training-providers?status=revoked', 'pm.dongguan');
    expect(
      revoked
        .json()
        .items.map((p: { name: string }) => p.name)
        .join(),
    ).toContain('速成');
    const byName = await call(
      'GET',
      `/api/v1/training-providers?q=${encodeURIComponent('技师学院')}&pageSize=1`,
      'pm.dongguan',
    );
    expect(byName.json()).toMatchObject({
      pageSize: 1,
      items: [expect.objectContaining({ name: expect.stringContaining('技师学院') })],
    });
    expect(
      (await call('GET', '/api/v1/training-providers?status=closed', 'pm.dongguan')).statusCode,
    ).toBe(400);
  });

  it('registers a provider with its occupations and max level, audited', async () => {
    const response = await call('POST', '/api/v1/training-providers', 'operator', {
      name: '毕节市职业技术学院',
      kind: 'vocational_college',
      regionCode: '520500',
      unifiedSocialCreditCode: '12520500MB1234567X',
      maxLevel: 'senior',
      occupationCodes: ['6-31-01-03', '6-30-99-00'],
      reason: '年度备案',
    });
    expect(response.statusCode).toBe(201);
    const provider = response.json();
    expect(provider).toMatchObject({
      regionName: '毕节市',
      qualificationStatus: 'active',
      maxLevel: 'senior',
      occupations: [
        { code: '6-30-99-00', name: '工业机器人系统操作员' },
        { code: '6-31-01-03', name: '电工' },
      ],
      projects: [],
      reviews: [],
    });
    expect(await auditOf(provider.id)).toEqual([
      expect.objectContaining({ action: 'training_provider.registered', reason: '年度备案' }),
    ]);
  });

  it('refuses a malformed credit code, an unknown occupation and a project manager', async () => {
    const base = {
      name: '某培训学校',
      kind: 'private_institution',
      regionCode: '441900',
      unifiedSocialCreditCode: '52441900MJ0000001A',
      occupationCodes: ['6-31-01-03'],
    };
    expect(
      (
        await call('POST', '/api/v1/training-providers', 'operator', {
          ...base,
          unifiedSocialCreditCode: 'short',
        })
      ).statusCode,
    ).toBe(400);
    const unknown = await call('POST', '/api/v1/training-providers', 'operator', {
      ...base,
      occupationCodes: ['8-99-99-99'],
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0]).toMatchObject({
      path: 'body.occupationCodes.0',
      code: 'reference_not_found',
    });
    expect((await call('POST', '/api/v1/training-providers', 'pm.dongguan', base)).statusCode).toBe(
      403,
    );
  });

  it('suspends with a reason, so no new project may take it; reinstates; revokes (十八)', async () => {
    const noReason = await call(
      'POST',
      `/api/v1/training-providers/${dongguanProviderId}/qualification`,
      'auditor',
      { status: 'suspended' },
    );
    expect(noReason.statusCode).toBe(400);
    const suspended = await call(
      'POST',
      `/api/v1/training-providers/${dongguanProviderId}/qualification`,
      'auditor',
      {
        status: 'suspended',
        reason: '抽查发现考勤记录不实，暂停待查',
      },
    );
    expect(suspended.statusCode).toBe(200);
    expect(suspended.json()).toMatchObject({
      qualificationStatus: 'suspended',
      suspended: { reason: '抽查发现考勤记录不实，暂停待查' },
    });
    const evaluationBody = await h.db
      .selectFrom('evaluationBodies')
      .select('id')
      .where('name', 'like', '广东省职业技能鉴定协会%')
      .executeTakeFirstOrThrow();
    const refused = await call(
      'POST',
      '/api/v1/projects',
      'pm.dongguan',
      project({ evaluationBodyId: evaluationBody.id }),
    );
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'provider_not_qualified' });

    const again = await call(
      'POST',
      `/api/v1/training-providers/${dongguanProviderId}/qualification`,
      'auditor',
      { status: 'suspended', reason: '再次' },
    );
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('qualification_transition_invalid');
    const reinstated = await call(
      'POST',
      `/api/v1/training-providers/${dongguanProviderId}/qualification`,
      'auditor',
      { status: 'active', reason: '核查无误' },
    );
    expect(reinstated.json()).toMatchObject({ qualificationStatus: 'active', suspended: null });
    expect((await auditOf(dongguanProviderId)).map((a) => a.action)).toEqual([
      'training_provider.suspended',
      'training_provider.reinstated',
    ]);
  });

  it('grades with a reason; keeps grading and revoking from project managers and from another region’s auditor', async () => {
    const graded = await call(
      'POST',
      `/api/v1/training-providers/${dongguanProviderId}/grade`,
      'auditor',
      { grade: 'B', reason: '年度评估' },
    );
    expect(graded.statusCode).toBe(200);
    expect(graded.json().grade).toBe('B');
    expect(
      (
        await call(
          'POST',
          `/api/v1/training-providers/${dongguanProviderId}/grade`,
          'pm.dongguan',
          { grade: 'A', reason: 'x' },
        )
      ).statusCode,
    ).toBe(403);
    const outside = await call(
      'POST',
      `/api/v1/training-providers/${dongguanProviderId}/qualification`,
      'auditor.guizhou',
      { status: 'revoked', reason: 'x' },
    );
    expect(outside.statusCode).toBe(403);
    expect(
      (await call('GET', `/api/v1/training-providers/${randomUUID()}`, 'pm.dongguan')).statusCode,
    ).toBe(404);
  });
});

describe('the evaluation bodies registry', () => {
  let narrowBodyId: string;

  it('registers a body filed for one occupation up to 中级工, and lists it by occupation', async () => {
    const response = await call('POST', '/api/v1/evaluation-bodies', 'admin', {
      name: '东莞市电工中级评价站',
      kind: 'social_evaluation_org',
      regionCode: '441900',
      unifiedSocialCreditCode: '52441900MJ0000002B',
      maxLevel: 'intermediate',
      occupationCodes: ['6-31-01-03'],
    });
    expect(response.statusCode).toBe(201);
    narrowBodyId = response.json().id;
    const listed = await call(
      'GET',
      '/api/v1/evaluation-bodies?occupationCode=6-31-01-03&regionCode=441900',
      'pm.dongguan',
    );
    expect(listed.json().items.map((b: { id: string }) => b.id)).toContain(narrowBodyId);
    const self = await call('POST', '/api/v1/evaluation-bodies', 'admin', {
      name: '无企业的自主评价',
      kind: 'enterprise_self_evaluation',
      regionCode: '441900',
      maxLevel: 'junior',
      occupationCodes: ['6-31-01-03'],
    });
    expect(self.statusCode).toBe(422);
    expect(self.json().code).toBe('enterprise_required_for_self_evaluation');
  });

  it('refuses a project whose target level is above the body’s max, or whose occupation it did not file', async () => {
    const tooHigh = await call(
      'POST',
      '/api/v1/projects',
      'pm.dongguan',
      project({ evaluationBodyId: narrowBodyId, targetLevel: 'senior' }),
    );
    expect(tooHigh.statusCode).toBe(422);
    expect(tooHigh.json()).toMatchObject({
      code: 'evaluation_level_above_max',
      errors: [{ path: 'body.targetLevel', params: { level: 'senior', maxLevel: 'intermediate' } }],
    });
    const notFiled = await call(
      'POST',
      '/api/v1/projects',
      'pm.dongguan',
      project({ evaluationBodyId: narrowBodyId, occupationCodes: ['6-30-99-00'] }),
    );
    expect(notFiled.statusCode).toBe(422);
    expect(notFiled.json()).toMatchObject({
      code: 'evaluation_occupation_not_filed',
      errors: [{ path: 'body.occupationCodes.0' }],
    });
  });

  it('refuses assessment results above the body’s max level, naming the result', async () => {
    const created = await call(
      'POST',
      '/api/v1/projects',
      'pm.dongguan',
      project({ evaluationBodyId: narrowBodyId }),
    );
    expect(created.statusCode).toBe(201);
    const response = await call(
      'POST',
      `/api/v1/projects/${created.json().id}/assessments`,
      'pm.dongguan',
      {
        results: [
          {
            traineeId: randomUUID(),
            result: 'passed',
            level: 'intermediate',
            theoryScore: 80,
            practiceScore: 85,
            certificateNo: null,
          },
          {
            traineeId: randomUUID(),
            result: 'passed',
            level: 'senior',
            theoryScore: 90,
            practiceScore: 88,
            certificateNo: null,
          },
        ],
      },
    );
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({
      code: 'evaluation_level_above_max',
      errors: [
        { path: 'body.results.1.level', params: { level: 'senior', maxLevel: 'intermediate' } },
      ],
    });
    expect(response.json().errors).toHaveLength(1);
  });

  it('keeps a revoked body from new projects', async () => {
    const revoked = await call(
      'POST',
      `/api/v1/evaluation-bodies/${narrowBodyId}/qualification`,
      'admin',
      { status: 'revoked', reason: '虚假评价' },
    );
    expect(revoked.json()).toMatchObject({
      qualificationStatus: 'revoked',
      revoked: { reason: '虚假评价' },
    });
    const refused = await call(
      'POST',
      '/api/v1/projects',
      'pm.dongguan',
      project({ evaluationBodyId: narrowBodyId }),
    );
    expect(refused.json().code).toBe('evaluation_body_not_qualified');
    const detail = await call('GET', `/api/v1/evaluation-bodies/${narrowBodyId}`, 'pm.dongguan');
    expect(detail.json().projects).toHaveLength(1);
  });
});

describe('the subsidy catalogues (十二, 十七)', () => {
  it('drafts, edits, imports and publishes a version; a published one is never edited', async () => {
    const draft = await call('POST', '/api/v1/catalogues', 'operator', {
      regionCode: '520500',
      label: '毕节市2027年版',
      effectiveFrom: '2027-01-01',
    });
    expect(draft.statusCode).toBe(201);
    const id = draft.json().id as string;
    expect(draft.json()).toMatchObject({
      status: 'draft',
      publishedOn: null,
      regionName: '毕节市',
      entries: [],
    });

    const entry = await call('PUT', `/api/v1/catalogues/${id}/entries/6-31-01-03`, 'operator', {
      shortageTier: 1,
      standards: [{ level: 'intermediate', amountFen: 200000 }],
    });
    expect(entry.statusCode).toBe(200);

    const bad = await call('POST', `/api/v1/catalogues/${id}/import`, 'operator', {
      csv: 'occupation_code,shortage_tier,level,amount_fen\n6-30-99-00,2,senior,300000\n6-30-99-00,3,junior,1\n',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0]).toMatchObject({ code: 'tier_conflict', params: { line: 3 } });
    expect(
      (await call('GET', `/api/v1/catalogues/${id}`, 'pm.dongguan')).json().entries,
    ).toHaveLength(1);

    const imported = await call('POST', `/api/v1/catalogues/${id}/import`, 'operator', {
      csv: 'occupation_code,shortage_tier,level,amount_fen\n6-30-99-00,2,senior,300000\n6-30-99-00,2,intermediate,150000\n',
    });
    expect(imported.json().entries).toEqual([
      {
        occupationCode: '6-30-99-00',
        occupationName: '工业机器人系统操作员',
        shortageTier: 2,
        standards: [
          { level: 'intermediate', amountFen: 150000 },
          { level: 'senior', amountFen: 300000 },
        ],
      },
      expect.objectContaining({ occupationCode: '6-31-01-03', shortageTier: 1 }),
    ]);

    const published = await call('POST', `/api/v1/catalogues/${id}/publish`, 'operator', {
      publishedOn: '2026-12-15',
    });
    expect(published.json()).toMatchObject({ status: 'published', publishedOn: '2026-12-15' });

    const edit = await call('PUT', `/api/v1/catalogues/${id}/entries/6-31-01-03`, 'operator', {
      shortageTier: 3,
      standards: [],
    });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().code).toBe('catalogue_published');
    // The database itself refuses: the apps' role deleting a standard, even the owner updating.
    await expect(
      sql`delete from catalogue_standards where catalogue_version_id = ${id}`.execute(appDb),
    ).rejects.toThrow(/published/);
    await expect(
      sql`update catalogue_entries set shortage_tier = 3 where catalogue_version_id = ${id}`.execute(
        h.db,
      ),
    ).rejects.toThrow(/published/);
    await expect(
      sql`update catalogue_versions set label = 'x' where id = ${id}`.execute(appDb),
    ).rejects.toThrow(/published/);

    // A correction is a new version, a copy of the published one.
    const correction = await call('POST', '/api/v1/catalogues', 'operator', {
      regionCode: '520500',
      label: '毕节市2027年版（修订）',
      effectiveFrom: '2027-03-01',
      copyFromId: id,
    });
    expect(correction.json().entries).toHaveLength(2);

    const list = await call(
      'GET',
      '/api/v1/catalogues?regionCode=520000&status=draft',
      'pm.dongguan',
    );
    expect(list.json().items.map((v: { id: string }) => v.id)).toEqual([correction.json().id]);
    const published520 = await call(
      'GET',
      '/api/v1/catalogues?regionCode=520500&status=published&pageSize=1',
      'pm.dongguan',
    );
    expect(published520.json()).toMatchObject({ pageSize: 1, items: [{ id, entryCount: 2 }] });
    expect((await auditOf(id)).map((a) => a.action)).toEqual([
      'catalogue.draft_created',
      'catalogue.entry_set',
      'catalogue.entries_imported',
      'catalogue.published',
    ]);
  });

  it('keeps editing from project managers and from another region’s scope', async () => {
    expect(
      (
        await call('POST', '/api/v1/catalogues', 'pm.dongguan', {
          regionCode: '441900',
          label: 'x',
          effectiveFrom: '2027-01-01',
        })
      ).statusCode,
    ).toBe(403);
    const period = await call('POST', '/api/v1/catalogues', 'operator', {
      regionCode: '441900',
      label: 'y',
      effectiveFrom: '2027-01-01',
      effectiveTo: '2026-01-01',
    });
    expect(period.statusCode).toBe(422);
    expect(period.json().errors[0]).toMatchObject({
      path: 'body.effectiveTo',
      code: 'period_invalid',
    });
    expect(
      (await call('GET', '/api/v1/catalogues?status=archived', 'pm.dongguan')).statusCode,
    ).toBe(400);
  });
});
