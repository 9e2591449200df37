import type { ProviderGrade } from '@qiancheng/domain';
import type { Kysely } from 'kysely';
import type { Database, NewTrainingProviderRow, TrainingProviderRow } from '../database.js';

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
    })
    .where('id', '=', id)
    .where('qualificationStatus', '=', 'active')
    .returning(columns)
    .executeTakeFirst();
  return row ?? null;
}
