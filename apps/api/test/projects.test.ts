import { plans, projects } from '@qiancheng/db';
import { splitFen } from '@qiancheng/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './helpers.js';

let h: Harness;
let ids: { provider: string; revokedProvider: string; evaluation: string; order: string };
let crossRegionId: string;
const started: string[] = [];

beforeAll(async () => {
  h = await createHarness('api_projects');
  const providers = await h.db.selectFrom('trainingProviders').select(['id', 'name']).execute();
  const bodies = await h.db.selectFrom('evaluationBodies').select(['id', 'name']).execute();
  const orders = await h.db.selectFrom('demandOrders').select(['id', 'externalRef']).execute();
  const find = <T extends { id: string }>(rows: T[], test: (r: T) => boolean) => {
    const row = rows.find(test);
    if (!row) throw new Error('demo record missing');
    return row.id;
  };
  ids = {
    provider: find(providers, (p) => p.name === '东莞市技师学院'),
    revokedProvider: find(providers, (p) => p.name.includes('速成')),
    evaluation: find(bodies, (b) => b.name.startsWith('广东省职业技能鉴定协会')),
    order: find(orders, (o) => o.externalRef === 'DGJM-2026-HR-033'),
  };
  const all = await projects.list(h.db);
  crossRegionId = all.find((p) => p.partnerRegions.length === 2)?.id ?? '';
});
afterAll(async () => {
  for (const workflowId of started) {
    await h.client.workflow
      .getHandle(workflowId)
      .terminate('test over')
      .catch(() => undefined);
  }
  await h?.close();
});

const newProject = (overrides: Record<string, unknown> = {}) => ({
  name: '东莞设备电工高级工定岗培训班',
  type: 'order',
  sector: 'advanced_manufacturing',
  trainingRegionCode: '441900',
  targetLevel: 'senior',
  providerId: ids.provider,
  evaluationBodyId: ids.evaluation,
  plannedHeadcount: 20,
  occupationCodes: ['6-31-01-03'],
  demandOrders: [{ demandOrderId: ids.order, headcount: 20 }],
  coursePlan: {
    modules: [{ title: '电气安全与规范', theoryHours: 16, practiceHours: 24, mode: 'offline' }],
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

describe('creating projects', () => {
  it('creates a project of the manager’s region, with its plans, audited', async () => {
    const response = await h.app.inject({
      method: 'POST',
      url: '/api/v1/projects',
      headers: await h.as('pm.dongguan'),
      payload: newProject({ timings: { approvalDeadlineMs: 60_000, reminderLeadMs: 20_000 } }),
    });
    expect(response.statusCode).toBe(201);
    const project = response.json();
    expect(project).toMatchObject({
      ownerRegionCode: '441900',
      stage: 'demand',
      workflowId: null,
      attendanceThresholdBp: 8000,
      timings: { approvalDeadlineMs: 60_000, reminderLeadMs: 20_000 },
    });
    expect(project.timings.followUp3MonthMs).toBeGreaterThan(86_400_000);
    const detail = await h.app.inject({
      method: 'GET',
      url: `/api/v1/projects/${project.id}`,
      headers: await h.as('pm.dongguan'),
    });
    expect(detail.json().coursePlan).toHaveLength(1);
    expect(detail.json().costSharing.rounds).toEqual([
      expect.objectContaining({
        round: 1,
        status: 'draft',
        parties: [
          expect.objectContaining({
            regionCode: '441900',
            regionName: '东莞市',
            shareBp: 10000,
            funding: [{ source: 'employment_subsidy_fund', shareBp: 10000 }],
            status: 'draft',
          }),
        ],
      }),
    ]);
  });

  it('answers 403 for another region’s owner and for an approver', async () => {
    const otherRegion = await h.app.inject({
      method: 'POST',
      url: '/api/v1/projects',
      headers: await h.as('pm.dongguan'),
      payload: newProject({ ownerRegionCode: '510100' }),
    });
    expect(otherRegion.statusCode).toBe(403);
    const approver = await h.app.inject({
      method: 'POST',
      url: '/api/v1/projects',
      headers: await h.as('approver.dongguan'),
      payload: newProject(),
    });
    expect(approver.statusCode).toBe(403);
  });

  it('answers 422 for a provider whose qualification was revoked (十八) and for shares not whole', async () => {
    const revoked = await h.app.inject({
      method: 'POST',
      url: '/api/v1/projects',
      headers: await h.as('pm.dongguan'),
      payload: newProject({ providerId: ids.revokedProvider }),
    });
    expect(revoked.statusCode).toBe(422);
    expect(revoked.json()).toMatchObject({ code: 'provider_not_qualified' });
    expect(revoked.json().errors[0].path).toBe('body.providerId');
    const shares = await h.app.inject({
      method: 'POST',
      url: '/api/v1/projects',
      headers: await h.as('pm.dongguan'),
      payload: newProject({
        parties: [
          {
            regionCode: '441900',
            role: 'labour_import',
            shareBp: 10000,
            funding: [{ source: 'employment_subsidy_fund', shareBp: 9000 }],
          },
        ],
      }),
    });
    expect(shares.statusCode).toBe(422);
    expect(shares.json()).toMatchObject({
      code: 'plan_invalid',
      errors: [
        {
          path: 'body.parties.0.funding',
          code: 'funding_not_whole',
          params: { total: 9000, whole: 10000 },
        },
      ],
    });
    const overbooked = await h.app.inject({
      method: 'POST',
      url: '/api/v1/projects',
      headers: await h.as('pm.dongguan'),
      payload: newProject({
        plannedHeadcount: 500,
        demandOrders: [{ demandOrderId: ids.order, headcount: 500 }],
      }),
    });
    expect(overbooked.statusCode).toBe(422);
    expect(overbooked.json().code).toBe('demand_order_short');
  });

  it('answers 422 with every plan problem: shares over 100 %, a region twice, no owner', async () => {
    const fund = [{ source: 'employment_subsidy_fund', shareBp: 10000 }];
    const over = await h.app.inject({
      method: 'POST',
      url: '/api/v1/projects',
      headers: await h.as('pm.dongguan'),
      payload: newProject({
        parties: [
          { regionCode: '441900', role: 'labour_import', shareBp: 0, funding: [] },
          { regionCode: '520500', role: 'labour_export', shareBp: 6000, funding: fund },
          { regionCode: '520500', role: 'labour_export', shareBp: 5000, funding: fund },
        ],
      }),
    });
    expect(over.statusCode).toBe(422);
    expect(
      over.json().errors.map((e: { path: string; code: string }) => `${e.path}:${e.code}`),
    ).toEqual(['body.parties.2.regionCode:party_duplicate', 'body.parties:shares_not_whole']);
    const ownerless = await h.app.inject({
      method: 'POST',
      url: '/api/v1/projects',
      headers: await h.as('pm.dongguan'),
      payload: newProject({
        parties: [{ regionCode: '520500', role: 'labour_export', shareBp: 10000, funding: fund }],
      }),
    });
    expect(ownerless.json().errors[0]).toMatchObject({
      path: 'body.parties',
      code: 'owner_not_a_party',
    });
  });

  it('answers the same 422 for another region’s demand order as for one that does not exist', async () => {
    const foreign = await h.db
      .selectFrom('demandOrders')
      .select('id')
      .where('workRegionCode', 'not like', '4419%')
      .executeTakeFirstOrThrow();
    const answers = [];
    for (const demandOrderId of [foreign.id, '00000000-0000-4000-8000-000000000000']) {
      const response = await h.app.inject({
        method: 'POST',
        url: '/api/v1/projects',
        headers: await h.as('pm.dongguan'),
        payload: newProject({ demandOrders: [{ demandOrderId, headcount: 1 }] }),
      });
      answers.push([response.statusCode, response.json().code, response.json().errors]);
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]?.[0]).toBe(422);
    expect(answers[0]?.[1]).toBe('reference_not_found');
  });
});

describe('listing and reading projects', () => {
  it('lists, searches, filters and pages the projects a region may see', async () => {
    const pm = await h.as('pm.dongguan');
    const all = (
      await h.app.inject({ method: 'GET', url: '/api/v1/projects', headers: pm })
    ).json();
    expect(all.total).toBeGreaterThanOrEqual(2);
    expect(
      all.items.every((p: { ownerRegionCode: string }) => p.ownerRegionCode === '441900'),
    ).toBe(true);
    const search = (
      await h.app.inject({ method: 'GET', url: '/api/v1/projects?q=机器人', headers: pm })
    ).json();
    expect(search.total).toBe(1);
    expect(search.items[0].partnerRegions).toEqual([
      { regionCode: '520300', role: 'labour_export', shareBp: 1500 },
      { regionCode: '520500', role: 'labour_export', shareBp: 2500 },
    ]);
    const paged = (
      await h.app.inject({ method: 'GET', url: '/api/v1/projects?pageSize=1&page=2', headers: pm })
    ).json();
    expect(paged.items).toHaveLength(1);
    expect(paged.page).toBe(2);
    const national = (
      await h.app.inject({
        method: 'GET',
        url: '/api/v1/projects?sector=life_services&stage=demand',
        headers: await h.as('auditor'),
      })
    ).json();
    expect(national.items.map((p: { name: string }) => p.name)).toEqual([
      '成都市养老护理员定岗培训项目（2027年春季班）',
    ]);
    const bad = await h.app.inject({
      method: 'GET',
      url: '/api/v1/projects?stage=flying',
      headers: pm,
    });
    expect(bad.statusCode).toBe(400);
  });

  it('lets a partner region see the project, and hides it (404) from others', async () => {
    const partner = await h.app.inject({
      method: 'GET',
      url: `/api/v1/projects/${crossRegionId}`,
      headers: await h.as('approver.bijie'),
    });
    expect(partner.statusCode).toBe(200);
    expect(partner.json()).toMatchObject({ live: null, liveError: null });
    const stranger = await h.app.inject({
      method: 'GET',
      url: `/api/v1/projects/${crossRegionId}`,
      headers: await h.as('pm.chengdu'),
    });
    expect(stranger.statusCode).toBe(404);
  });

  it('names each demand order the project serves: its reference, enterprise and occupation', async () => {
    const response = await h.app.inject({
      method: 'GET',
      url: `/api/v1/projects/${crossRegionId}`,
      headers: await h.as('pm.dongguan'),
    });
    expect(response.statusCode).toBe(200);
    const refs = ['DGJM-2026-HR-031', 'DGJM-2026-HR-032'];
    const orders = await h.db
      .selectFrom('demandOrders')
      .select(['id', 'externalRef', 'enterpriseId'])
      .where('externalRef', 'in', refs)
      .execute();
    const idOf = (ref: string) => orders.find((o) => o.externalRef === ref)?.id;
    const enterprise = {
      enterpriseId: orders[0]?.enterpriseId,
      enterpriseName: '东莞精密智造科技有限公司',
    };
    expect(response.json().reservations).toEqual(
      [
        {
          demandOrderId: idOf('DGJM-2026-HR-031'),
          headcount: 80,
          held: 0,
          filled: 0,
          externalRef: 'DGJM-2026-HR-031',
          ...enterprise,
          occupationCode: '6-30-99-00',
          occupationName: '工业机器人系统操作员',
        },
        {
          demandOrderId: idOf('DGJM-2026-HR-032'),
          headcount: 40,
          held: 0,
          filled: 0,
          externalRef: 'DGJM-2026-HR-032',
          ...enterprise,
          occupationCode: '6-18-01-01',
          occupationName: '数控车工',
        },
      ].sort((a, b) => ((a.demandOrderId ?? '') < (b.demandOrderId ?? '') ? -1 : 1)),
    );
  });

  it('answers 403 when a partner region’s user tries to change the project', async () => {
    const response = await h.app.inject({
      method: 'PUT',
      url: `/api/v1/projects/${crossRegionId}/parties`,
      headers: await h.as('approver.bijie'),
      payload: {
        parties: [
          {
            regionCode: '441900',
            role: 'labour_import',
            shareBp: 10000,
            funding: [{ source: 'employment_subsidy_fund', shareBp: 10000 }],
          },
        ],
      },
    });
    expect(response.statusCode).toBe(403);
  });
});

describe('launching', () => {
  it('sets the shares, launches the workflow once, and a retried launch starts nothing new', async () => {
    const pm = await h.as('pm.dongguan');
    // The demo draft is whole; a draft whose partner has no fund is not launched.
    const fund = [{ source: 'employment_subsidy_fund', shareBp: 10000 }];
    const unfunded = await h.app.inject({
      method: 'PUT',
      url: `/api/v1/projects/${crossRegionId}/parties`,
      headers: pm,
      payload: {
        parties: [
          { regionCode: '441900', role: 'labour_import', shareBp: 7000, funding: fund },
          { regionCode: '520500', role: 'labour_export', shareBp: 2000, funding: [] },
          { regionCode: '520300', role: 'labour_export', shareBp: 1000, funding: fund },
        ],
      },
    });
    expect(unfunded.statusCode, unfunded.body).toBe(200);
    const incomplete = await h.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${crossRegionId}/launch`,
      headers: pm,
      payload: {},
    });
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.json()).toMatchObject({
      code: 'plan_incomplete',
      errors: [{ path: 'body.parties.1.funding', code: 'funding_required' }],
    });
    const shares = await h.app.inject({
      method: 'PUT',
      url: `/api/v1/projects/${crossRegionId}/parties`,
      headers: pm,
      payload: {
        parties: [
          { regionCode: '441900', role: 'labour_import', shareBp: 7000, funding: fund },
          { regionCode: '520500', role: 'labour_export', shareBp: 2000, funding: fund },
          { regionCode: '520300', role: 'labour_export', shareBp: 1000, funding: fund },
        ],
        reason: '毕节份额调整',
      },
    });
    expect(shares.statusCode, shares.body).toBe(200);
    expect(shares.json().partnerRegions.map((p: { shareBp: number }) => p.shareBp)).toEqual([
      1000, 2000,
    ]);
    const launched = await h.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${crossRegionId}/launch`,
      headers: pm,
      payload: { timings: { approvalDeadlineMs: 600_000, reminderLeadMs: 60_000 } },
    });
    expect(launched.statusCode).toBe(201);
    const { workflowId, runId } = launched.json();
    started.push(workflowId);
    expect(workflowId).toBe(`project-${crossRegionId}`);
    const description = await h.client.workflow.getHandle(workflowId).describe();
    expect(description.runId).toBe(runId);
    expect(
      description.typedSearchAttributes.get({ name: 'RegionCode', type: 'KEYWORD' } as never),
    ).toBe('441900');
    const again = await h.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${crossRegionId}/launch`,
      headers: pm,
    });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ workflowId, alreadyLaunched: true });
    const frozen = await h.app.inject({
      method: 'PUT',
      url: `/api/v1/projects/${crossRegionId}/course-plan`,
      headers: pm,
      payload: { modules: [{ title: 'x', theoryHours: 1, practiceHours: 0, mode: 'online' }] },
    });
    expect(frozen.statusCode).toBe(409);
    expect(frozen.json().code).toBe('already_launched');
    const audit = await h.db
      .selectFrom('auditLog')
      .select(['action', 'actor'])
      .where('subjectId', '=', crossRegionId)
      .where('action', '=', 'project.launched')
      .execute();
    expect(audit).toHaveLength(1);
  });
});

describe('cost-share approvals', () => {
  it('forbids an approver to decide another region’s share (403)', async () => {
    const response = await h.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${crossRegionId}/cost-shares/520500/approve`,
      headers: await h.as('approver.zunyi'),
      payload: { round: 1 },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('not_your_region');
  });

  it('forbids a project manager to approve, and needs a reason to reject (400)', async () => {
    const pm = await h.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${crossRegionId}/cost-shares/441900/approve`,
      headers: await h.as('pm.dongguan'),
      payload: { round: 1 },
    });
    expect(pm.statusCode).toBe(403);
    const noReason = await h.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${crossRegionId}/cost-shares/520500/reject`,
      headers: await h.as('approver.bijie'),
      payload: { round: 1 },
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].path).toBe('body.reason');
  });

  it('answers 409 not_launched for a project without a workflow', async () => {
    const other = (await projects.list(h.db)).find((p) => p.ownerRegionCode === '510100');
    const response = await h.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${other?.id}/cancel`,
      headers: await h.as('pm.chengdu'),
      payload: { reason: '需求变化' },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('not_launched');
  });

  it('shows an approver the pending shares of their region with deadlines', async () => {
    // The workflow's activity opens rounds; here the records are written directly.
    const elderly = (await projects.list(h.db)).find((p) => p.ownerRegionCode === '510100');
    if (!elderly) throw new Error('demo project missing');
    const fund = [{ source: 'employment_subsidy_fund' as const, shareBp: 10000 }];
    await plans.replaceDraftParties(h.db, elderly.id, [
      { regionCode: '510100', role: 'labour_import', shareBp: 7000, funding: fund },
      { regionCode: '520300', role: 'labour_export', shareBp: 3000, funding: fund },
    ]);
    await plans.openRound(h.db, {
      projectId: elderly.id,
      round: 1,
      deadline: new Date(Date.now() + 3_600_000),
      ownerRegionCode: '510100',
      ownerApprovedBy: 'user:pm',
    });
    const inbox = await h.app.inject({
      method: 'GET',
      url: '/api/v1/approvals/inbox',
      headers: await h.as('approver.zunyi'),
    });
    expect(inbox.statusCode).toBe(200);
    expect(inbox.json().items).toEqual([
      expect.objectContaining({
        projectId: elderly.id,
        round: 1,
        regionCode: '520300',
        shareBp: 3000,
        overdue: false,
      }),
    ]);
    // What approving commits 遵义 to at most: its 30% of planned headcount × the standard.
    const { ceiling } = inbox.json().items[0];
    expect(ceiling.headcount).toBe(elderly.plannedHeadcount);
    expect(ceiling.standardFen).toBeGreaterThan(0);
    expect(ceiling.totalFen).toBe(ceiling.headcount * ceiling.standardFen);
    expect(ceiling.shareFen).toBe(splitFen(ceiling.totalFen, [7000, 3000])[1]);
    const foreign = await h.app.inject({
      method: 'GET',
      url: '/api/v1/approvals/inbox?regionCode=520500',
      headers: await h.as('approver.zunyi'),
    });
    expect(foreign.statusCode).toBe(403);
    const national = await h.app.inject({
      method: 'GET',
      url: '/api/v1/approvals/inbox',
      headers: await h.as('auditor'),
    });
    expect(national.statusCode).toBe(422);
  });
});

describe('enrolment and the later steps, before the workflow gets there', () => {
  const csvHeader = 'name,residentId,homeRegionCode,keyGroups\n';

  it('reports every bad CSV row and writes nothing', async () => {
    const before = await h.db
      .selectFrom('trainees')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const csv =
      csvHeader +
      '张三,11010519491231002X,110105,migrant_worker\n' +
      '李四,110105194912310021,110105,migrant_worker\n' +
      '王五,11010519491231002X,999999,astronaut\n' +
      '"赵六,520502199001010000,520500,\n';
    const response = await h.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${crossRegionId}/enrolments/import`,
      headers: { ...(await h.as('pm.dongguan')), 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(response.statusCode).toBe(422);
    const problem = response.json();
    expect(problem.code).toBe('import_rows_invalid');
    const codes = problem.rows.map((r: { row: number; code: string }) => `${r.row}:${r.code}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        '2:resident_id_check_digit',
        '3:duplicate_in_file',
        '3:unknown_region',
        '3:unknown_key_group',
      ]),
    );
    expect(problem.rows.some((r: { code: string }) => r.code === 'unterminated_quote')).toBe(true);
    // The report names rows and fields, never the ID numbers themselves.
    expect(response.body).not.toContain('11010519491231002X');
    const after = await h.db
      .selectFrom('trainees')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('answers 409 for valid rows while the project is not at enrolment, writing nothing', async () => {
    const response = await h.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${crossRegionId}/enrolments`,
      headers: await h.as('pm.dongguan'),
      payload: {
        trainees: [
          {
            name: '张三',
            residentId: '11010519491231002X',
            homeRegionCode: '520500',
            keyGroups: ['migrant_worker'],
          },
        ],
      },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('WrongStage');
    const found = await h.db
      .selectFrom('trainees')
      .select('id')
      .where('name', '=', '张三')
      .where('maskedResidentId', '=', '110105********002X')
      .execute();
    expect(found).toHaveLength(0);
  });

  it('answers 400 for a JSON batch over 5000 rows or with an unknown key group', async () => {
    const response = await h.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${crossRegionId}/enrolments`,
      headers: await h.as('pm.dongguan'),
      payload: {
        trainees: [
          { name: 'x', residentId: '1', homeRegionCode: '520500', keyGroups: ['astronaut'] },
        ],
      },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].path).toBe('body.trainees.0.keyGroups.0');
  });

  it('answers 409 for attendance outside training and 403 for a fraud finding by a manager', async () => {
    const attendance = await h.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${crossRegionId}/attendance`,
      headers: await h.as('pm.dongguan'),
      payload: {
        moduleId: crossRegionId,
        startsAt: new Date().toISOString(),
        minutes: 90,
        mode: 'offline',
        method: 'sign_in',
        presentTraineeIds: [crossRegionId],
      },
    });
    expect(attendance.statusCode).toBe(409);
    const fraud = await h.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${crossRegionId}/fraud-findings`,
      headers: await h.as('pm.dongguan'),
      payload: {
        kind: 'false_training',
        traineeIds: [],
        revokeProvider: true,
        revokeEvaluationBody: false,
        reason: '虚假培训',
      },
    });
    expect(fraud.statusCode).toBe(403);
  });

  it('validates every step’s body before asking the workflow (400)', async () => {
    const pm = await h.as('pm.dongguan');
    const cases: [string, unknown][] = [
      ['assessments', { results: [{ traineeId: crossRegionId, result: 'maybe' }] }],
      ['placements', { placements: [] }],
      ['cancel', {}],
      [`follow-ups/${crossRegionId}/answer`, { checkpointMonths: 4, retained: true }],
    ];
    for (const [path, payload] of cases) {
      const response = await h.app.inject({
        method: 'POST',
        url: `/api/v1/projects/${crossRegionId}/${path}`,
        headers: pm,
        payload: payload as Record<string, unknown>,
      });
      expect(response.statusCode, path).toBe(400);
      expect(response.json().code).toBe('validation_failed');
    }
  });
});
