import type { OccupationCode } from '@qiancheng/domain';
import type { Kysely } from 'kysely';
import type { Database, EvaluationBodyRow, NewEvaluationBodyRow } from '../database.js';
import { inTransaction } from '../in-transaction.js';

const columns = [
  'id',
  'name',
  'kind',
  'enterpriseId',
  'grade',
  'regionCode',
  'unifiedSocialCreditCode',
  'maxLevel',
  'qualificationStatus',
  'revokedAt',
  'revokedBy',
  'revokedReason',
  'createdAt',
] as const;

/** An evaluation body with the occupations it is filed (备案) to evaluate. */
export interface EvaluationBodyRecord extends EvaluationBodyRow {
  occupationCodes: OccupationCode[];
}

/** Registers an evaluation body (十四) and its occupations, atomically. */
export async function insert(
  db: Kysely<Database>,
  body: NewEvaluationBodyRow & { occupationCodes: OccupationCode[] },
): Promise<EvaluationBodyRecord> {
  const { occupationCodes, ...row } = body;
  return inTransaction(db, async (trx) => {
    const inserted = await trx
      .insertInto('evaluationBodies')
      .values(row)
      .returning(columns)
      .executeTakeFirstOrThrow();
    if (occupationCodes.length > 0) {
      await trx
        .insertInto('evaluationBodyOccupations')
        .values(
          occupationCodes.map((code) => ({ evaluationBodyId: inserted.id, occupationCode: code })),
        )
        .execute();
    }
    return { ...inserted, occupationCodes: [...occupationCodes].sort() };
  });
}

/** The evaluation body with this id, or null. */
export async function find(db: Kysely<Database>, id: string): Promise<EvaluationBodyRecord | null> {
  const row = await db
    .selectFrom('evaluationBodies')
    .select(columns)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const [record] = await withOccupations(db, [row]);
  return record ?? null;
}

/** Evaluation bodies, optionally of one region and only those still qualified, by name. */
export async function list(
  db: Kysely<Database>,
  filter: { regionCode?: string; activeOnly?: boolean } = {},
): Promise<EvaluationBodyRecord[]> {
  let query = db.selectFrom('evaluationBodies').select(columns);
  if (filter.regionCode) query = query.where('regionCode', '=', filter.regionCode);
  if (filter.activeOnly) query = query.where('qualificationStatus', '=', 'active');
  return withOccupations(db, await query.orderBy('name').orderBy('id').execute());
}

/**
 * Revokes the qualification after false evaluation (十八); null when unknown or already revoked.
 * Certificates it issued are revoked one by one (`certificates.revoke`), as each is reviewed.
 */
export async function revokeQualification(
  db: Kysely<Database>,
  id: string,
  revocation: { by: string; reason: string; at?: Date },
): Promise<EvaluationBodyRecord | null> {
  const row = await db
    .updateTable('evaluationBodies')
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
  if (!row) return null;
  const [record] = await withOccupations(db, [row]);
  return record ?? null;
}

async function withOccupations(
  db: Kysely<Database>,
  rows: EvaluationBodyRow[],
): Promise<EvaluationBodyRecord[]> {
  if (rows.length === 0) return [];
  const links = await db
    .selectFrom('evaluationBodyOccupations')
    .select(['evaluationBodyId', 'occupationCode'])
    .where(
      'evaluationBodyId',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('occupationCode')
    .execute();
  return rows.map((row) => ({
    ...row,
    occupationCodes: links
      .filter((l) => l.evaluationBodyId === row.id)
      .map((l) => l.occupationCode),
  }));
}
