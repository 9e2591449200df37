import type { OccupationCode } from '@qiancheng/domain';
import type { Kysely } from 'kysely';
import type { Database, EvaluationBodyRow, NewEvaluationBodyRow } from '../database.js';
import { inTransaction } from '../in-transaction.js';
import { containsPattern, regionPrefix } from './registry-common.js';

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
  'suspendedAt',
  'suspendedBy',
  'suspendedReason',
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
      // The suspension's trail stays in the audit log.
      suspendedAt: null,
      suspendedBy: null,
      suspendedReason: null,
    })
    .where('id', '=', id)
    .where('qualificationStatus', 'in', ['active', 'suspended'])
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

/** What the registry's list filters by. */
export interface EvaluationBodyFilter {
  q?: string;
  regionCode?: string;
  status?: 'active' | 'suspended' | 'revoked';
  occupationCode?: OccupationCode;
  offset: number;
  limit: number;
}

/** A page of evaluation bodies (name or credit code containing `q`, within a region…), by name. */
export async function page(
  db: Kysely<Database>,
  filter: EvaluationBodyFilter,
): Promise<{ rows: EvaluationBodyRecord[]; total: number }> {
  let query = db.selectFrom('evaluationBodies');
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    query = query.where((eb) =>
      eb.or([eb('name', 'ilike', pattern), eb('unifiedSocialCreditCode', 'ilike', pattern)]),
    );
  }
  if (filter.regionCode)
    query = query.where('regionCode', 'like', `${regionPrefix(filter.regionCode)}%`);
  if (filter.status) query = query.where('qualificationStatus', '=', filter.status);
  if (filter.occupationCode) {
    const code = filter.occupationCode;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('evaluationBodyOccupations as o')
          .select('o.occupationCode')
          .whereRef('o.evaluationBodyId', '=', 'evaluationBodies.id')
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

/** Records the grade; null when unknown. */
export async function setGrade(
  db: Kysely<Database>,
  id: string,
  grade: EvaluationBodyRow['grade'],
): Promise<EvaluationBodyRecord | null> {
  const row = await db
    .updateTable('evaluationBodies')
    .set({ grade })
    .where('id', '=', id)
    .returning(columns)
    .executeTakeFirst();
  if (!row) return null;
  const [record] = await withOccupations(db, [row]);
  return record ?? null;
}

/** Suspends an active body (a reason kept); null when unknown or not active. */
export async function suspend(
  db: Kysely<Database>,
  id: string,
  suspension: { by: string; reason: string },
): Promise<EvaluationBodyRecord | null> {
  const row = await db
    .updateTable('evaluationBodies')
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
  if (!row) return null;
  const [record] = await withOccupations(db, [row]);
  return record ?? null;
}

/** Lifts a suspension; null when unknown or not suspended. */
export async function reinstate(
  db: Kysely<Database>,
  id: string,
): Promise<EvaluationBodyRecord | null> {
  const row = await db
    .updateTable('evaluationBodies')
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
  if (!row) return null;
  const [record] = await withOccupations(db, [row]);
  return record ?? null;
}
