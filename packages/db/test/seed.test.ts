import { DEFAULT_PROJECT_DURATIONS, validatePlan, validateResidentId } from '@qiancheng/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_ROLES } from '../src/database.js';
import { revealResidentId } from '../src/identity-protection.js';
import * as coursePlans from '../src/repositories/course-plans.repository.js';
import * as enterpriseApiKeys from '../src/repositories/enterprise-api-keys.repository.js';
import * as enterprises from '../src/repositories/enterprises.repository.js';
import * as plans from '../src/repositories/plan.repository.js';
import * as projects from '../src/repositories/projects.repository.js';
import * as users from '../src/repositories/users.repository.js';
import { DEMO_API_KEY, DEMO_PASSWORD, DEMO_USERS, seedDemoData } from '../src/seed/index.js';
import { makeEnterprise, testKeys } from './fixtures.js';
import { freshDatabase } from './fresh-database.js';

let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let loaded: boolean;

beforeAll(async () => {
  // No reference data beforehand: the seed loads what it needs itself.
  fresh = await freshDatabase('seed', { referenceData: false });
  loaded = await seedDemoData(fresh.db, testKeys);
});
afterAll(async () => {
  await fresh.close();
});

async function count(table: string): Promise<number> {
  const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(
    fresh.db,
  );
  return Number(rows[0]?.n);
}

describe('the demo data set', () => {
  it('loads once: a second call finds it and loads nothing', async () => {
    expect(loaded).toBe(true);
    const before = await count('trainees');
    expect(await seedDemoData(fresh.db, testKeys)).toBe(false);
    expect(await count('trainees')).toBe(before);
  });

  it('is never loaded over real data', async () => {
    const other = await freshDatabase('seed_real');
    try {
      await makeEnterprise(other.db);
      expect(await seedDemoData(other.db, testKeys)).toBe(false);
      expect(await other.db.selectFrom('projects').select('id').execute()).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('has the expected records', async () => {
    expect({
      enterprises: await count('enterprises'),
      demandOrders: await count('demand_orders'),
      trainingProviders: await count('training_providers'),
      evaluationBodies: await count('evaluation_bodies'),
      catalogueVersions: await count('catalogue_versions'),
      regionalTargets: await count('regional_targets'),
      projects: await count('projects'),
      planParties: await count('party_shares'),
      trainees: await count('trainees'),
      users: await count('users'),
      enterpriseApiKeys: await count('enterprise_api_keys'),
      regions: await count('regions'),
      skillLevels: await count('skill_levels'),
      enrolments: await count('enrolments'),
      ledgerEntries: await count('ledger_entries'),
    }).toEqual({
      enterprises: 5,
      demandOrders: 9,
      trainingProviders: 6,
      evaluationBodies: 4,
      catalogueVersions: 3,
      regionalTargets: 13,
      projects: 3,
      planParties: 5,
      trainees: 300,
      users: DEMO_USERS.length,
      enterpriseApiKeys: 1,
      // 31 provinces, 333 prefecture-level divisions, 117 county-level (GB/T 2260).
      regions: 481,
      skillLevels: 8,
      enrolments: 0,
      ledgerEntries: 0,
    });
  });

  it('holds the three demo projects as records at stage demand, the cross-region one 广东–贵州', async () => {
    const all = await projects.list(fresh.db);
    expect(all.map((p) => p.stage)).toEqual(['demand', 'demand', 'demand']);
    expect(all.every((p) => p.workflowId === null)).toBe(true);
    const cross = all.find((p) => p.partnerRegions.length > 0);
    expect(cross).toMatchObject({
      ownerRegionCode: '441900',
      sector: 'advanced_manufacturing',
      partnerRegions: [
        { regionCode: '520300', role: 'labour_export' },
        { regionCode: '520500', role: 'labour_export' },
      ],
    });
    expect(all.flatMap((p) => p.occupationCodes).sort()).toEqual([
      '4-10-01-05',
      '4-99-00-00',
      '6-18-01-01',
      '6-30-99-00',
    ]);
    // Every demo draft is whole: it can be launched as it stands (validatePlan finds nothing).
    for (const project of all) {
      const round = await plans.findRound(fresh.db, project.id, 1);
      const modules = await coursePlans.listModules(fresh.db, project.id);
      expect(round?.status).toBe('draft');
      const problems = validatePlan(
        {
          ownerRegionCode: project.ownerRegionCode,
          plannedHeadcount: project.plannedHeadcount,
          parties: round?.parties ?? [],
          reservations: project.demandOrders.map((d) => ({
            demandOrderId: d.demandOrderId,
            places: d.headcount,
          })),
          modules,
          durations: { ...DEFAULT_PROJECT_DURATIONS, ...project.config.durations },
        },
        'launch',
      );
      expect(problems).toEqual([]);
    }
  });

  it('gives every trainee a valid, unique resident ID that appears in no table', async () => {
    const rows = await fresh.db
      .selectFrom('trainees')
      .select(['residentIdCiphertext', 'residentIdDigest', 'maskedResidentId', 'sex', 'birthDate'])
      .execute();
    const ids = rows.map((row) => {
      const id = revealResidentId(row, testKeys);
      const validation = validateResidentId(id, { today: '2026-11-27' });
      expect(validation).toMatchObject({ valid: true, sex: row.sex, birthDate: row.birthDate });
      expect(row.maskedResidentId).toBe(`${id.slice(0, 6)}********${id.slice(-4)}`);
      return id;
    });
    expect(new Set(ids).size).toBe(300);

    const { rows: tables } = await sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(fresh.db);
    for (const { name } of tables) {
      const { rows: dump } = await sql<{ text: string | null }>`
        select coalesce(json_agg(t)::text, '') as text from ${sql.table(name)} t`.execute(fresh.db);
      const text = dump[0]?.text ?? '';
      for (const id of ids)
        expect(text.includes(id), `${name} holds a plain resident ID`).toBe(false);
    }
  });

  it('has a demo user for every role, each signing in with the documented password', async () => {
    expect(new Set(DEMO_USERS.map((u) => u.role))).toEqual(new Set(USER_ROLES));
    for (const demo of DEMO_USERS) {
      const user = await users.verifyCredentials(fresh.db, demo.username, DEMO_PASSWORD);
      expect(user).toMatchObject({ role: demo.role, regionCode: demo.regionCode });
    }
  });

  it('has the documented enterprise API key, for 东莞精密智造', async () => {
    const key = await enterpriseApiKeys.findActiveByKey(fresh.db, DEMO_API_KEY);
    expect(key).not.toBeNull();
    expect((await enterprises.find(fresh.db, key?.enterpriseId ?? ''))?.name).toBe(
      '东莞精密智造科技有限公司',
    );
  });

  it('is the same data set on every run (fixed seed)', async () => {
    const names = await fresh.db
      .selectFrom('trainees')
      .select(['name', 'maskedResidentId'])
      .orderBy('maskedResidentId')
      .execute();
    const other = await freshDatabase('seed_again', { referenceData: false });
    try {
      await seedDemoData(other.db, testKeys);
      const again = await other.db
        .selectFrom('trainees')
        .select(['name', 'maskedResidentId'])
        .orderBy('maskedResidentId')
        .execute();
      expect(again).toEqual(names);
    } finally {
      await other.close();
    }
  });
});
