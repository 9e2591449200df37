import type { OccupationCode, ProviderGrade } from '@qiancheng/domain';
import type { Kysely } from 'kysely';
import type { Database, NewTrainingProviderRow, TrainingProviderRow } from '../database.js';
import { inTransaction } from '../in-transaction.js';
import { containsPattern, regionPrefix } from './registry-common.js';

const columns = [
  'id',
  'name',
  'kind',
  'grade',
  'regionCode',
  'unifiedSocialCreditCode',
  'qualificationStatus',
  'revokedAt',
  'revokedBy',
  'revokedReason',
  'suspendedAt',
  'suspendedBy',
  'suspendedReason',
  'maxLevel',
  'createdAt',
] as const;

/** Registers a training provider (十一). */
export async function insert(
  db: Kysely<Database>,
  provider: NewTrainingProviderRow,
): Promise<TrainingProviderRow> {
  return db
    .insertInto('trainingProviders')
    .values(provider)
    .returning(columns)
    .executeTakeFirstOrThrow();
}

/** The provider with this id, or null. */
export async function find(db: Kysely<Database>, id: string): Promise<TrainingProviderRow | null> {
  const row = await db
    .selectFrom('trainingProviders')
    .select(columns)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

/** Providers, optionally of one region and only those still qualified, by name. */
export async function list(
  db: Kysely<Database>,
  filter: { regionCode?: string; activeOnly?: boolean } = {},
): Promise<TrainingProviderRow[]> {
  let query = db.selectFrom('trainingProviders').select(columns);
  if (filter.regionCode) query = query.where('regionCode', '=', filter.regionCode);
  if (filter.activeOnly) query = query.where('qualificationStatus', '=', 'active');
  return query.orderBy('name').orderBy('id').execute();
}

/** Records the 分类分级 grade (十一), e.g. after a quality review. */
export async function setGrade(
  db: Kysely<Database>,
  id: string,
  grade: ProviderGrade | null,
): Promise<TrainingProviderRow | null> {
  const row = await db
    .updateTable('trainingProviders')
    .set({ grade })
    .where('id', '=', id)
    .returning(columns)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Revokes the qualification after false training or defrauded subsidies (十八), blocking new
 * projects; null when the provider is unknown or already revoked.
 */
export async function revokeQualification(
  db: Kysely<Database>,
  id: string,
  revocation: { by: string; reason: string; at?: Date },
): Promise<TrainingProviderRow | null> {
  const row = await db
    .updateTable('trainingProviders')
    .set({
      qualificationStatus: 'revoked',
      revokedAt: revocation.at ?? new Date(),
      revokedBy: revocation.by,
      revokedReason: revocation.reason,
      // The suspension's trail stays in the audit log.
      suspendedAt: null,
      suspendedBy: null,
      suspendedReason: null,
    })
    .where('id', '=', id)
    .where('qualificationStatus', 'in', ['active', 'suspended'])
    .returning(columns)
    .executeTakeFirst();
  return row ?? null;
}

/** A provider with the occupations it is filed to train. */
export interface TrainingProviderRecord extends TrainingProviderRow {
  occupationCodes: OccupationCode[];
}

/** Registers a provider with the occupations it is filed to train, atomically. */
export async function register(
  db: Kysely<Database>,
  provider: NewTrainingProviderRow & { occupationCodes: OccupationCode[] },
): Promise<TrainingProviderRecord> {
  const { occupationCodes, ...row } = provider;
  return inTransaction(db, async (trx) => {
    const inserted = await insert(trx, row);
    if (occupationCodes.length > 0) {
      await trx
        .insertInto('trainingProviderOccupations')
        .values(
          [...new Set(occupationCodes)].map((code) => ({
            trainingProviderId: inserted.id,
            occupationCode: code,
          })),
        )
        .execute();
    }
    return { ...inserted, occupationCodes: [...new Set(occupationCodes)].sort() };
  });
}

/** What the registry's list filters by. */
export interface ProviderFilter {
  q?: string;
  regionCode?: string;
  status?: 'active' | 'suspended' | 'revoked';
  grade?: ProviderGrade;
  occupationCode?: OccupationCode;
  offset: number;
  limit: number;
}

/** A page of providers (name or credit code containing `q`, within a region…), by name. */
export async function page(
  db: Kysely<Database>,
  filter: ProviderFilter,
): Promise<{ rows: TrainingProviderRecord[]; total: number }> {
  let query = db.selectFrom('trainingProviders');
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    query = query.where((eb) =>
      eb.or([eb('name', 'ilike', pattern), eb('unifiedSocialCreditCode', 'ilike', pattern)]),
    );
  }
  if (filter.regionCode)
    query = query.where('regionCode', 'like', `${regionPrefix(filter.regionCode)}%`);
  if (filter.status) query = query.where('qualificationStatus', '=', filter.status);
  if (filter.grade) query = query.where('grade', '=', filter.grade);
  if (filter.occupationCode) {
    const code = filter.occupationCode;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('trainingProviderOccupations as o')
          .select('o.occupationCode')
          .whereRef('o.trainingProviderId', '=', 'trainingProviders.id')
          .where('o.occupationCode', '=', code),
      ),
    );
  }
  const [rows, count] = await Promise.all([
    query
      .select(columns)
      .orderBy('name')
      .orderBy('id')
      .offset(filter.offset)
      .limit(filter.limit)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: await withOccupations(db, rows), total: Number(count.n) };
}

/** The provider with its occupations, or null. */
export async function findRecord(
  db: Kysely<Database>,
  id: string,
): Promise<TrainingProviderRecord | null> {
  const row = await find(db, id);
  if (!row) return null;
  const [record] = await withOccupations(db, [row]);
  return record ?? null;
}

/** Suspends an active provider (a reason kept); null when unknown or not active. */
export async function suspend(
  db: Kysely<Database>,
  id: string,
  suspension: { by: string; reason: string },
): Promise<TrainingProviderRow | null> {
  const row = await db
    .updateTable('trainingProviders')
    .set({
      qualificationStatus: 'suspended',
      suspendedAt: new Date(),
      suspendedBy: suspension.by,
      suspendedReason: suspension.reason,
    })
    .where('id', '=', id)
    .where('qualificationStatus', '=', 'active')
    .returning(columns)
    .executeTakeFirst();
  return row ?? null;
}

/** Lifts a suspension; null when unknown or not suspended. */
export async function reinstate(
  db: Kysely<Database>,
  id: string,
): Promise<TrainingProviderRow | null> {
  const row = await db
    .updateTable('trainingProviders')
    .set({
      qualificationStatus: 'active',
      suspendedAt: null,
      suspendedBy: null,
      suspendedReason: null,
    })
    .where('id', '=', id)
    .where('qualificationStatus', '=', 'suspended')
    .returning(columns)
    .executeTakeFirst();
  return row ?? null;
}

async function withOccupations(
  db: Kysely<Database>,
  rows: TrainingProviderRow[],
): Promise<TrainingProviderRecord[]> {
  if (rows.length === 0) return [];
  const links = await db
    .selectFrom('trainingProviderOccupations')
    .select(['trainingProviderId', 'occupationCode'])
    .where(
      'trainingProviderId',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('occupationCode')
    .execute();
  return rows.map((row) => ({
    ...row,
    occupationCodes: links
      .filter((l) => l.trainingProviderId === row.id)
      .map((l) => l.occupationCode),
  }));
}

/** A registry entry's projects and quality reviews (十三), newest first. */
export async function trackRecord(
  db: Kysely<Database>,
  party: { providerId: string } | { evaluationBodyId: string },
  limit = 50,
) {
  let projectsQuery = db
    .selectFrom('projects')
    .select(['id', 'name', 'stage', 'ownerRegionCode', 'targetLevel', 'createdAt']);
  projectsQuery =
    'providerId' in party
      ? projectsQuery.where('providerId', '=', party.providerId)
      : projectsQuery.where('evaluationBodyId', '=', party.evaluationBodyId);
  let reviewsQuery = db
    .selectFrom('qualityReviews')
    .innerJoin('projects', 'projects.id', 'qualityReviews.projectId')
    .select([
      'qualityReviews.id',
      'qualityReviews.projectId',
      'projects.name as projectName',
      'qualityReviews.method',
      'qualityReviews.reviewer',
      'qualityReviews.reviewedOn',
      'qualityReviews.providerGrade',
      'qualityReviews.findings',
    ]);
  reviewsQuery =
    'providerId' in party
      ? reviewsQuery.where('projects.providerId', '=', party.providerId)
      : reviewsQuery.where('projects.evaluationBodyId', '=', party.evaluationBodyId);
  const [projects, reviews] = await Promise.all([
    projectsQuery.orderBy('createdAt', 'desc').orderBy('id').limit(limit).execute(),
    reviewsQuery
      .orderBy('qualityReviews.reviewedOn', 'desc')
      .orderBy('qualityReviews.id')
      .limit(limit)
      .execute(),
  ]);
  return { projects, reviews };
}
