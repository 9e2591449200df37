import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/create-db.js';
import * as assessments from '../src/repositories/assessments.repository.js';
import * as auditLog from '../src/repositories/audit-log.repository.js';
import * as certificates from '../src/repositories/certificates.repository.js';
import * as costSharing from '../src/repositories/cost-sharing.repository.js';
import * as coursePlans from '../src/repositories/course-plans.repository.js';
import * as enrolments from '../src/repositories/enrolments.repository.js';
import * as ledger from '../src/repositories/ledger.repository.js';
import * as placements from '../src/repositories/placements.repository.js';
import * as plans from '../src/repositories/plan.repository.js';
import * as subsidyClaims from '../src/repositories/subsidy-claims.repository.js';
import * as trainees from '../src/repositories/trainees.repository.js';
import {
  type Chain,
  creditCode,
  makeChain,
  makeProject,
  makeTrainee,
  projectConfig,
  residentId,
  testKeys,
} from './fixtures.js';
import { freshDatabase } from './fresh-database.js';

let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let chain: Chain;

beforeAll(async () => {
  fresh = await freshDatabase('constraints');
  chain = await makeChain(fresh.db);
});
afterAll(async () => {
  await fresh.close();
});

/**
 * Runs `write` in a transaction that first leaves a marker row, expects the database to refuse
 * the write (by constraint name, or by message), and checks the marker went with it.
 */
async function expectRefused(
  db: Db,
  write: (trx: Db) => Promise<unknown>,
  expected: string | RegExp,
): Promise<void> {
  const marker = randomUUID();
  const error = await db
    .transaction()
    .execute(async (trx) => {
      await auditLog.append(trx, {
        actor: 'test',
        action: 'marker',
        subjectType: 'marker',
        subjectId: marker,
        details: {},
      });
      await write(trx);
    })
    .then(
      () => null,
      (e: unknown) => e as Error & { constraint?: string },
    );
  expect(error, 'the database accepted the write').not.toBeNull();
  if (typeof expected === 'string') expect(error?.constraint, error?.message).toBe(expected);
  else expect(error?.message).toMatch(expected);
  expect(await auditLog.listForSubject(db, 'marker', marker)).toEqual([]);
}

interface Case {
  name: string;
  expected: string | RegExp;
  write: (trx: Db, c: Chain) => Promise<unknown>;
}

const regionAndCodes: Case[] = [
  {
    name: 'a region code that is not six digits',
    expected: 'regions_code_format',
    write: (trx) =>
      trx
        .insertInto('regions')
        .values({ code: '44010', name: '坏', nameEn: null, level: 'city', parentCode: '440000' })
        .execute(),
  },
  {
    name: 'a city without a parent',
    expected: 'regions_parent_by_level',
    write: (trx) =>
      trx
        .insertInto('regions')
        .values({ code: '449900', name: '无上级市', nameEn: null, level: 'city', parentCode: null })
        .execute(),
  },
  {
    name: 'a parent in another province',
    expected: 'regions_parent_in_same_province',
    write: (trx) =>
      trx
        .insertInto('regions')
        .values({ code: '449900', name: '错省', nameEn: null, level: 'city', parentCode: '520000' })
        .execute(),
  },
  {
    name: 'an occupation code not shaped N-NN-NN-NN',
    expected: 'occupations_code_format',
    write: (trx) =>
      trx
        .insertInto('occupations')
        .values({ code: '6-3-99-00', name: '坏', category: null, sector: null })
        .execute(),
  },
  {
    name: 'an occupation code of major group 9',
    expected: 'occupations_code_format',
    write: (trx) =>
      trx
        .insertInto('occupations')
        .values({ code: '9-01-01-01', name: '坏', category: null, sector: null })
        .execute(),
  },
  {
    name: 'a malformed 统一社会信用代码',
    expected: 'enterprises_uscc_format',
    write: (trx) =>
      trx
        .insertInto('enterprises')
        .values({
          name: '坏企业',
          unifiedSocialCreditCode: '91441900ABCDEFGHIO',
          regionCode: '441900',
          sector: null,
        })
        .execute(),
  },
  {
    name: 'an enterprise in an unknown region',
    expected: 'enterprises_region_code_fkey',
    write: (trx) =>
      trx
        .insertInto('enterprises')
        .values({
          name: '坏企业',
          unifiedSocialCreditCode: creditCode(),
          regionCode: '999999',
          sector: null,
        })
        .execute(),
  },
];

const demandAndParties: Case[] = [
  {
    name: 'a demand order for no one',
    expected: 'demand_orders_headcount_positive',
    write: (trx, c) =>
      trx
        .insertInto('demandOrders')
        .values({ ...orderValues(c), headcount: 0 })
        .execute(),
  },
  {
    name: 'a demand order with a negative wage',
    expected: 'demand_orders_wage_positive',
    write: (trx, c) =>
      trx
        .insertInto('demandOrders')
        .values({ ...orderValues(c), wageOfferFen: -1 })
        .execute(),
  },
  {
    name: 'more places reserved and filled than the headcount',
    expected: 'demand_orders_not_overcommitted',
    write: (trx, c) =>
      trx
        .updateTable('demandOrders')
        .set({ reservedHeadcount: 40, filledHeadcount: 11 })
        .where('id', '=', c.order.id)
        .execute(),
  },
  {
    name: 'a second order with the same external reference',
    expected: 'demand_orders_external_ref_unique',
    write: (trx, c) =>
      trx
        .insertInto('demandOrders')
        .values({ ...orderValues(c), externalRef: c.order.externalRef })
        .execute(),
  },
  {
    name: 'an unknown demand-order status',
    expected: 'demand_orders_status_valid',
    write: (trx, c) =>
      trx
        .updateTable('demandOrders')
        .set({ status: 'lost' as never })
        .where('id', '=', c.order.id)
        .execute(),
  },
  {
    name: 'a provider revoked without a reason',
    expected: 'training_providers_revocation_recorded',
    write: (trx, c) =>
      trx
        .updateTable('trainingProviders')
        .set({ qualificationStatus: 'revoked', revokedAt: new Date(), revokedBy: 'user:x' })
        .where('id', '=', c.provider.id)
        .execute(),
  },
  {
    name: 'an enterprise self-evaluation body that names no enterprise',
    expected: 'evaluation_bodies_enterprise_iff_self_evaluation',
    write: (trx) =>
      trx
        .insertInto('evaluationBodies')
        .values({
          name: '自评',
          kind: 'enterprise_self_evaluation',
          enterpriseId: null,
          grade: null,
          regionCode: '441900',
          unifiedSocialCreditCode: null,
          maxLevel: 'senior',
        })
        .execute(),
  },
  {
    name: 'a project manager without a region',
    expected: 'users_regional_roles_have_region',
    write: (trx) =>
      trx
        .insertInto('users')
        .values({
          username: 'pm.nowhere',
          displayName: '无地区',
          role: 'project_manager',
          regionCode: null,
          passwordHash: 'scrypt$1$1$1$a$b',
        })
        .execute(),
  },
  {
    name: 'a password stored in the clear',
    expected: 'users_password_hash_format',
    write: (trx) =>
      trx
        .insertInto('users')
        .values({
          username: 'plain.text',
          displayName: '明文',
          role: 'admin',
          regionCode: null,
          passwordHash: 'hunter2',
        })
        .execute(),
  },
  {
    name: 'an API key stored in the clear',
    expected: 'enterprise_api_keys_hash_format',
    write: (trx, c) =>
      trx
        .insertInto('enterpriseApiKeys')
        .values({
          enterpriseId: c.enterprise.id,
          label: 'x',
          prefix: 'qck_abcdefgh',
          keyHash: 'qck_abcdefgh_secret',
        })
        .execute(),
  },
  {
    name: 'a completed idempotency key without a status',
    expected: 'idempotency_keys_completion',
    write: (trx) =>
      trx
        .insertInto('idempotencyKeys')
        .values({ scope: 's', key: 'k', requestHash: 'h', completedAt: new Date() })
        .execute(),
  },
];

/** A draft version with one entry: a published version is frozen (trigger), so rules are shown on drafts. */
async function draftEntryOf(trx: Db, c: Chain) {
  const occupationCode = c.catalogue.entries[0]?.occupationCode ?? '';
  const { id } = await trx
    .insertInto('catalogueVersions')
    .values({
      regionCode: c.catalogue.regionCode,
      label: `draft ${randomUUID()}`,
      effectiveFrom: '2027-01-01',
      effectiveTo: null,
      publishedOn: null,
      status: 'draft',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('catalogueEntries')
    .values({ catalogueVersionId: id, occupationCode, shortageTier: 1 })
    .execute();
  return { id, occupationCode };
}

const catalogueAndProjects: Case[] = [
  {
    name: 'a negative subsidy standard',
    expected: 'catalogue_standards_amount_non_negative',
    write: async (trx, c) => {
      const { id, occupationCode } = await draftEntryOf(trx, c);
      await trx
        .insertInto('catalogueStandards')
        .values({ catalogueVersionId: id, occupationCode, level: 'senior', amountFen: -100 })
        .execute();
    },
  },
  {
    name: 'a shortage tier outside 1–3',
    expected: 'catalogue_entries_tier_range',
    write: async (trx, c) => {
      const { id, occupationCode } = await draftEntryOf(trx, c);
      await trx
        .updateTable('catalogueEntries')
        .set({ shortageTier: 4 as never })
        .where('catalogueVersionId', '=', id)
        .where('occupationCode', '=', occupationCode)
        .execute();
    },
  },
  {
    name: 'a catalogue version that ends before it starts',
    expected: 'catalogue_versions_period',
    write: (trx) =>
      trx
        .insertInto('catalogueVersions')
        .values({
          regionCode: '440000',
          label: '倒序',
          publishedOn: '2026-01-01',
          effectiveFrom: '2026-06-01',
          effectiveTo: '2026-05-31',
        })
        .execute(),
  },
  {
    name: 'a target period that ends before it starts',
    expected: 'regional_targets_period',
    write: (trx) =>
      trx
        .insertInto('regionalTargets')
        .values({
          regionCode: '440000',
          periodStart: '2026-12-31',
          periodEnd: '2026-01-01',
          measure: 'enrolments',
          sector: null,
          keyGroup: null,
          target: 1,
        })
        .execute(),
  },
  {
    name: 'an attendance threshold above 100 %',
    expected: 'projects_config_valid',
    write: (trx, c) =>
      trx
        .updateTable('projects')
        .set({ config: JSON.stringify({ ...projectConfig, attendanceThresholdBp: 12_000 }) })
        .where('id', '=', c.project.id)
        .execute(),
  },
  {
    name: 'a project config without durations',
    expected: 'projects_config_valid',
    write: (trx, c) =>
      trx
        .updateTable('projects')
        .set({ config: JSON.stringify({ attendanceThresholdBp: 8000, employmentLinked: true }) })
        .where('id', '=', c.project.id)
        .execute(),
  },
  {
    name: 'a sector field of another sector',
    expected: 'projects_sector_field_of_sector',
    write: (trx, c) =>
      trx
        .updateTable('projects')
        .set({ sectorField: 'elderly_care' })
        .where('id', '=', c.project.id)
        .execute(),
  },
  {
    name: "a party's funds adding up to 9 000 bp (checked at commit)",
    expected: 'party_funding_lines_sum',
    write: (trx, c) =>
      plans.replaceDraftParties(trx, c.project.id, [
        {
          regionCode: '441900',
          role: 'labour_import',
          shareBp: 10_000,
          funding: [
            { source: 'employment_subsidy_fund', shareBp: 6_000 },
            { source: 'east_west_cooperation_fund', shareBp: 3_000 },
          ],
        },
      ]),
  },
  {
    name: 'cost shares adding up to 9 000 bp (checked at commit)',
    expected: 'party_shares_sum',
    write: (trx, c) =>
      plans.replaceDraftParties(trx, c.project.id, [
        { regionCode: '441900', role: 'labour_import', shareBp: 6_000, funding: [] },
        { regionCode: '520500', role: 'labour_export', shareBp: 3_000, funding: [] },
      ]),
  },
  {
    name: 'a plan without parties (checked at commit)',
    expected: 'party_shares_sum',
    write: (trx, c) => plans.replaceDraftParties(trx, c.project.id, []),
  },
  {
    name: 'a second open round of an agreement',
    expected: 'cost_sharing_rounds_one_open',
    write: async (trx, c) => {
      await openSingleRound(trx, c);
      await plans.addRevision(trx, {
        projectId: c.project.id,
        round: 2,
        parties: [{ regionCode: '441900', role: 'labour_import', shareBp: 10_000, funding: [] }],
        createdBy: 'user:pm',
        reason: '修订',
      });
      await plans.openRound(trx, {
        projectId: c.project.id,
        round: 2,
        deadline: new Date('2027-01-01T00:00:00Z'),
        ownerRegionCode: '441900',
        ownerApprovedBy: 'user:pm',
      });
    },
  },
  {
    name: 'changing the parties of a round put to them',
    expected: /fixed: DELETE refused/,
    write: async (trx, c) => {
      await openSingleRound(trx, c);
      await trx
        .deleteFrom('partyShares')
        .where('regionCode', '=', '520500')
        .where('roundId', 'in', (eb) =>
          eb
            .selectFrom('costSharingRounds as r')
            .innerJoin('costSharingAgreements as a', 'a.id', 'r.agreementId')
            .select('r.id')
            .where('a.projectId', '=', c.project.id),
        )
        .execute();
    },
  },
  {
    name: 'a claim decided twice by the same paying region',
    expected: 'claim_decisions_once_per_payer',
    write: async (trx, c) => {
      for (const decision of ['approved', 'approved'] as const) {
        await trx
          .insertInto('claimDecisions')
          .values({
            claimId: c.claim.id,
            payerRegionCode: '441900',
            decision,
            decidedBy: 'user:auditor',
            reason: null,
          })
          .execute();
      }
    },
  },
  {
    name: 'a reservation holding more places than it planned',
    expected: 'project_demand_orders_within_headcount',
    write: (trx, c) =>
      trx
        .updateTable('projectDemandOrders')
        .set({ held: 31 })
        .where('projectId', '=', c.project.id)
        .execute(),
  },
  {
    name: 'a rejection without a reason',
    expected: 'approvals_rejection_has_reason',
    write: async (trx, c) => {
      const round = await openSingleRound(trx, c);
      await costSharing.decide(trx, {
        roundId: round.roundId,
        regionCode: '520500',
        decision: 'rejected',
        decidedBy: 'user:approver',
        reason: ' ',
      });
    },
  },
  {
    name: 'changing a decision already made',
    expected: /is final: UPDATE refused/,
    write: async (trx, c) => {
      const round = await openSingleRound(trx, c);
      await costSharing.decide(trx, {
        roundId: round.roundId,
        regionCode: '520500',
        decision: 'approved',
        decidedBy: 'user:approver',
        reason: null,
      });
      await trx
        .updateTable('approvals')
        .set({ status: 'pending', decidedAt: null, decidedBy: null })
        .where('roundId', '=', round.roundId)
        .execute();
    },
  },
  {
    name: 'changing a party share once written (a revision is a new round)',
    expected: /party_shares of a round that is open are fixed: UPDATE refused/,
    write: async (trx, c) => {
      const round = await openSingleRound(trx, c);
      await trx
        .updateTable('partyShares')
        .set({ shareBp: 5_000 })
        .where('roundId', '=', round.roundId)
        .execute();
    },
  },
];

const trainees_: Case[] = [
  {
    name: 'a plain resident ID in the masked column',
    expected: 'trainees_masked_resident_id_format',
    write: (trx) =>
      trx
        .insertInto('trainees')
        .values({ ...traineeValues(), maskedResidentId: residentId() })
        .execute(),
  },
  {
    name: 'a plain resident ID in the digest column',
    expected: 'trainees_resident_id_digest_format',
    write: (trx) =>
      trx
        .insertInto('trainees')
        .values({ ...traineeValues(), residentIdDigest: residentId() })
        .execute(),
  },
  {
    name: 'a plain resident ID in the ciphertext column',
    expected: 'trainees_resident_id_ciphertext_format',
    write: (trx) =>
      trx
        .insertInto('trainees')
        .values({ ...traineeValues(), residentIdCiphertext: residentId() })
        .execute(),
  },
  {
    name: 'the same person registered twice',
    expected: 'trainees_resident_id_unique',
    write: async (trx) => {
      const id = residentId();
      await trainees.insert(
        trx,
        { name: '甲', residentId: id, homeRegionCode: '520500', keyGroups: [] },
        testKeys,
      );
      await trainees.insert(
        trx,
        {
          name: '乙',
          residentId: ` ${id.toLowerCase()} `,
          homeRegionCode: '520500',
          keyGroups: [],
        },
        testKeys,
      );
    },
  },
  {
    name: 'a second enrolment of a trainee on one project',
    expected: 'enrolments_one_per_trainee_and_project',
    write: (trx, c) =>
      enrolments.insert(trx, {
        projectId: c.project.id,
        traineeId: c.trainee.id,
        levelBefore: null,
        employeeTrainingMode: null,
        endedReason: null,
      }),
  },
  {
    name: 'a withdrawal without a reason',
    expected: 'enrolments_end_has_reason',
    write: (trx, c) => enrolments.setStatus(trx, c.enrolment.id, 'withdrawn'),
  },
  {
    name: 'attendance at another project’s session',
    expected: 'attendance_session_of_project',
    write: async (trx, c) => {
      const other = await makeProject(trx, {
        providerId: c.provider.id,
        evaluationBodyId: c.body.id,
      });
      const [module] = await coursePlans.addModules(trx, other.id, [
        { title: '他项目', theoryHours: 1, practiceHours: 0, mode: 'online' },
      ]);
      const session = await coursePlans.addSession(trx, {
        projectId: other.id,
        moduleId: module?.id ?? '',
        startsAt: new Date(),
        minutes: 60,
        mode: 'online',
      });
      await trx
        .insertInto('attendance')
        .values({
          projectId: c.project.id,
          sessionId: session.id,
          enrolmentId: c.enrolment.id,
          minutesAttended: 60,
          method: 'sign_in',
        })
        .execute();
    },
  },
  {
    name: 'scores for an absent trainee',
    expected: 'assessments_absent_unscored',
    write: (trx, c) =>
      assessments.insert(trx, { ...assessmentValues(c), result: 'absent', theoryScore: 0 }),
  },
  {
    name: 'an assessment recorded against another trainee’s enrolment',
    expected: 'assessments_enrolment_of_trainee',
    write: async (trx, c) => {
      const other = await makeTrainee(trx);
      await assessments.insert(trx, { ...assessmentValues(c), traineeId: other.id });
    },
  },
  {
    name: 'a certificate for a failed assessment',
    expected: 'certificates_require_passed_assessment',
    write: async (trx, c) => {
      const failed = await assessments.insert(trx, {
        ...assessmentValues(c),
        result: 'failed',
        theoryScore: 41,
        practiceScore: 50,
      });
      await certificates.issue(trx, { ...certificateValues(c), assessmentId: failed.id });
    },
  },
  {
    name: 'a certificate at a level the assessment did not assess',
    expected: 'certificates_match_assessment',
    write: async (trx, c) => {
      const passed = await assessments.insert(trx, assessmentValues(c));
      await certificates.issue(trx, {
        ...certificateValues(c),
        assessmentId: passed.id,
        level: 'technician',
      });
    },
  },
  {
    name: 'a second certificate for one assessment',
    expected: 'certificates_one_per_assessment',
    write: (trx, c) => certificates.issue(trx, certificateValues(c)),
  },
  {
    name: 'a retention check at 12 months (checks are at 3 and 6)',
    expected: 'follow_ups_milestone_valid',
    write: async (trx, c) => {
      const placement = await placements.insert(trx, {
        enrolmentId: c.enrolment.id,
        traineeId: c.trainee.id,
        enterpriseId: c.enterprise.id,
        demandOrderId: c.order.id,
        startedOn: '2027-04-01',
        contractType: 'fixed_term',
        contractMonths: 12,
        monthlyWageFen: 680_000,
        workRegionCode: '441900',
      });
      await trx
        .insertInto('followUps')
        .values({ placementId: placement.id, milestoneMonths: 12 as never, dueOn: '2028-04-01' })
        .execute();
    },
  },
  {
    name: 'a placement without pay',
    expected: 'placements_wage_positive',
    write: (trx, c) =>
      trx
        .insertInto('placements')
        .values({
          enrolmentId: c.enrolment.id,
          traineeId: c.trainee.id,
          enterpriseId: c.enterprise.id,
          demandOrderId: c.order.id,
          startedOn: '2027-04-01',
          contractType: 'fixed_term',
          contractMonths: 12,
          monthlyWageFen: 0,
          workRegionCode: '441900',
        })
        .execute(),
  },
];

const settlement: Case[] = [
  {
    name: 'a second claim for a trainee on one project',
    expected: 'subsidy_claims_one_per_trainee_and_project',
    write: (trx, c) => subsidyClaims.insert(trx, claimValues(c)),
  },
  {
    name: 'a negative claim',
    expected: 'subsidy_claims_amount_non_negative',
    write: (trx, c) =>
      trx
        .updateTable('subsidyClaims')
        .set({ amountFen: -1 })
        .where('id', '=', c.claim.id)
        .execute(),
  },
  {
    name: 'a second subsidy for the same occupation, level and year (十七)',
    expected: 'subsidy_claims_once_per_occupation_level_year',
    write: async (trx, c) => {
      const other = await makeProject(trx, {
        providerId: c.provider.id,
        evaluationBodyId: c.body.id,
      });
      const enrolment = await enrolments.insert(trx, {
        projectId: other.id,
        traineeId: c.trainee.id,
        levelBefore: null,
        employeeTrainingMode: null,
        endedReason: null,
      });
      const assessment = await assessments.insert(trx, {
        ...assessmentValues(c),
        enrolmentId: enrolment.id,
      });
      const certificate = await certificates.issue(trx, {
        ...certificateValues(c),
        number: `Y-${randomUUID()}`,
        assessmentId: assessment.id,
      });
      await subsidyClaims.insert(trx, {
        ...claimValues(c),
        projectId: other.id,
        enrolmentId: enrolment.id,
        certificateId: certificate.id,
      });
    },
  },
  {
    name: 'a claim for another trainee’s certificate',
    expected: 'subsidy_claims_match_certificate',
    write: async (trx, c) => {
      const other = await makeTrainee(trx);
      const enrolment = await enrolments.insert(trx, {
        projectId: c.project.id,
        traineeId: other.id,
        levelBefore: null,
        employeeTrainingMode: null,
        endedReason: null,
      });
      await subsidyClaims.insert(trx, {
        ...claimValues(c),
        enrolmentId: enrolment.id,
        traineeId: other.id,
      });
    },
  },
  {
    name: 'a negative ledger amount',
    expected: 'ledger_entries_amount_non_negative',
    write: (trx, c) => ledger.append(trx, { ...ledgerValues(c), amountFen: -5 }),
  },
  {
    name: 'a ledger key used twice (raw insert)',
    expected: 'ledger_entries_idempotency_key_unique',
    write: async (trx, c) => {
      await trx.insertInto('ledgerEntries').values(ledgerValues(c, 'dup')).execute();
      await trx.insertInto('ledgerEntries').values(ledgerValues(c, 'dup')).execute();
    },
  },
  {
    name: 'a reversal that names no entry',
    expected: 'ledger_entries_reversal_names_entry',
    write: (trx, c) =>
      trx
        .insertInto('ledgerEntries')
        .values({ ...ledgerValues(c), kind: 'reversal', reason: '纠错' })
        .execute(),
  },
  {
    name: 'a reversal of a different amount',
    expected: 'ledger_entries_reversal_mirrors',
    write: async (trx, c) => {
      const { entry } = await ledger.append(trx, ledgerValues(c));
      await trx
        .insertInto('ledgerEntries')
        .values({
          ...ledgerValues(c, 'rev'),
          kind: 'reversal',
          amountFen: 1,
          reversesEntryId: entry.id,
          reason: '纠错',
        })
        .execute();
    },
  },
  {
    name: 'a clawback of a claim entry (only payments are clawed back)',
    expected: 'ledger_entries_reversal_mirrors',
    write: async (trx, c) => {
      const { entry } = await ledger.append(trx, ledgerValues(c));
      await trx
        .insertInto('ledgerEntries')
        .values({
          ...ledgerValues(c, 'cb'),
          kind: 'clawback',
          reversesEntryId: entry.id,
          reason: '虚假培训',
        })
        .execute();
    },
  },
  {
    name: 'reversing an entry twice',
    expected: 'ledger_entries_reversed_at_most_once',
    write: async (trx, c) => {
      const { entry } = await ledger.append(trx, ledgerValues(c));
      for (const key of ['rev-1', 'rev-2']) {
        await ledger.reverse(trx, {
          entryId: entry.id,
          idempotencyKey: `${entry.id}:${key}`,
          recordedBy: 'user:auditor',
          reason: '更正',
        });
      }
    },
  },
  {
    name: 'a reversal without a reason',
    expected: 'ledger_entries_reversal_has_reason',
    write: async (trx, c) => {
      const { entry } = await ledger.append(trx, ledgerValues(c));
      await ledger.reverse(trx, {
        entryId: entry.id,
        idempotencyKey: `${entry.id}:rev`,
        recordedBy: 'user:auditor',
        reason: '',
      });
    },
  },
];

describe.each([
  ['regions, occupations and credit codes', regionAndCodes],
  ['demand orders, parties and access', demandAndParties],
  ['catalogues, projects and cost sharing', catalogueAndProjects],
  ['trainees and their records', trainees_],
  ['claims and the ledger', settlement],
])('the database refuses, leaving nothing behind, in %s:', (_area, cases) => {
  it.each(cases)('$name', async ({ write, expected }) => {
    await expectRefused(fresh.db, (trx) => write(trx, chain), expected);
  });
});

describe('the guards hold for good rows too', () => {
  it('accepts shares that add up to 10 000 bp and a draft corrected within the transaction', async () => {
    const other = await makeProject(fresh.db, {
      providerId: chain.provider.id,
      evaluationBodyId: chain.body.id,
    });
    await fresh.db.transaction().execute(async (trx) => {
      await plans.replaceDraftParties(trx, other.id, [
        { regionCode: '441900', role: 'labour_import', shareBp: 5_000, funding: [] },
      ]);
      await plans.replaceDraftParties(trx, other.id, [
        {
          regionCode: '441900',
          role: 'labour_import',
          shareBp: 5_000,
          funding: [
            { source: 'employment_subsidy_fund', shareBp: 7_000 },
            { source: 'market_fee_enterprise', shareBp: 3_000 },
          ],
        },
        { regionCode: '520300', role: 'labour_export', shareBp: 5_000, funding: [] },
      ]);
    });
    const round = await plans.findRound(fresh.db, other.id, 1);
    expect(round?.parties.map((p) => [p.regionCode, p.shareBp, p.funding.length])).toEqual([
      ['441900', 5_000, 2],
      ['520300', 5_000, 0],
    ]);
  });

  it('lets a valid certificate be revoked, once, and nothing else about it change', async () => {
    const revoked = await certificates.revoke(fresh.db, chain.certificate.id, {
      by: 'user:auditor',
      reason: '虚假评价',
    });
    expect(revoked?.status).toBe('revoked');
    expect(
      await certificates.revoke(fresh.db, chain.certificate.id, {
        by: 'user:auditor',
        reason: '再次',
      }),
    ).toBeNull();
    await expect(
      fresh.db
        .updateTable('certificates')
        .set({ status: 'valid', revokedAt: null, revokedBy: null, revokedReason: null })
        .where('id', '=', chain.certificate.id)
        .execute(),
    ).rejects.toThrow(/certificates are append-only/);
    await expect(
      fresh.db
        .updateTable('certificates')
        .set({ number: 'forged' })
        .where('id', '=', chain.certificate.id)
        .execute(),
    ).rejects.toThrow(/certificates are append-only/);
    await expect(
      fresh.db.deleteFrom('certificates').where('id', '=', chain.certificate.id).execute(),
    ).rejects.toThrow(/certificates are append-only/);
    await expect(sql`truncate certificates cascade`.execute(fresh.db)).rejects.toThrow(
      /append-only: TRUNCATE refused/,
    );
  });
});

function orderValues(c: Chain) {
  return {
    enterpriseId: c.enterprise.id,
    externalRef: null,
    occupationCode: '6-30-99-00',
    headcount: 10,
    requiredLevel: 'junior' as const,
    wageOfferFen: 500_000,
    workRegionCode: '441900',
    deadline: '2027-06-30',
    description: null,
  };
}

function traineeValues() {
  return {
    name: '某人',
    residentIdDigest: 'a'.repeat(64),
    residentIdCiphertext: 'v1:aaaa:bbbb:cccc',
    maskedResidentId: '520502********123X',
    sex: 'male' as const,
    birthDate: '1990-01-01',
    homeRegionCode: '520500',
    maskedPhone: null,
  };
}

function assessmentValues(c: Chain) {
  return {
    enrolmentId: c.enrolment.id,
    traineeId: c.trainee.id,
    evaluationBodyId: c.body.id,
    occupationCode: '6-30-99-00',
    level: 'intermediate' as const,
    assessedOn: '2027-03-02',
    result: 'passed' as const,
    theoryScore: 75,
    practiceScore: 80,
  };
}

function certificateValues(c: Chain) {
  return {
    number: `Y-${randomUUID()}`,
    traineeId: c.trainee.id,
    assessmentId: c.assessment.id,
    evaluationBodyId: c.body.id,
    occupationCode: '6-30-99-00',
    level: 'intermediate' as const,
    issuedOn: '2027-03-10',
  };
}

function claimValues(c: Chain) {
  return {
    projectId: c.project.id,
    enrolmentId: c.enrolment.id,
    traineeId: c.trainee.id,
    certificateId: c.certificate.id,
    occupationCode: '6-30-99-00',
    level: 'intermediate' as const,
    policyYear: 2027,
    catalogueVersionId: c.catalogue.id,
    shortageTier: 1 as const,
    amountFen: 240_000,
  };
}

function ledgerValues(c: Chain, key: string = randomUUID()) {
  return {
    idempotencyKey: `test:${key}`,
    claimId: c.claim.id,
    kind: 'claim' as const,
    fundingSource: 'employment_subsidy_fund' as const,
    payerRegionCode: '441900',
    amountFen: 120_000,
    recordedBy: 'workflow:test',
    reason: null,
  };
}

async function openSingleRound(trx: Db, c: Chain) {
  return plans.openRound(trx, {
    projectId: c.project.id,
    round: 1,
    deadline: new Date('2027-01-01T00:00:00Z'),
    ownerRegionCode: '441900',
    ownerApprovedBy: 'user:pm',
  });
}
