import type { Kysely } from 'kysely';
import type { CertificateRow, Database, NewCertificateRow } from '../database.js';
import { anyUuid } from './sets.js';

const columns = [
  'id',
  'number',
  'traineeId',
  'assessmentId',
  'evaluationBodyId',
  'occupationCode',
  'level',
  'issuedOn',
  'status',
  'revokedAt',
  'revokedBy',
  'revokedReason',
  'recordedAt',
] as const;

/**
 * Records an issued certificate. The database checks it agrees with a passed assessment (same
 * trainee, body, occupation and level) and that neither the number nor the assessment was used.
 */
export async function issue(
  db: Kysely<Database>,
  certificate: NewCertificateRow,
): Promise<CertificateRow> {
  return db
    .insertInto('certificates')
    .values(certificate)
    .returning(columns)
    .executeTakeFirstOrThrow();
}

/** Records a certificate unless its assessment already has one, returning that one then. */
export async function issueOrFind(
  db: Kysely<Database>,
  certificate: NewCertificateRow,
): Promise<{ certificate: CertificateRow; created: boolean }> {
  const inserted = await db
    .insertInto('certificates')
    .values(certificate)
    .onConflict((oc) => oc.column('assessmentId').doNothing())
    .returning(columns)
    .executeTakeFirst();
  if (inserted) return { certificate: inserted, created: true };
  const existing = await db
    .selectFrom('certificates')
    .select(columns)
    .where('assessmentId', '=', certificate.assessmentId)
    .executeTakeFirst();
  if (!existing) throw new Error('certificate conflict but none found');
  return { certificate: existing, created: false };
}

/**
 * Records a batch of certificates in one statement, skipping assessments that already have one
 * (as {@link issueOrFind}); returns how many this call issued.
 */
export async function issueMany(
  db: Kysely<Database>,
  certificates: readonly NewCertificateRow[],
): Promise<number> {
  if (certificates.length === 0) return 0;
  const rows = await db
    .insertInto('certificates')
    .values([...certificates])
    .onConflict((oc) => oc.column('assessmentId').doNothing())
    .returning('id')
    .execute();
  return rows.length;
}

/** The certificates earned by these assessments, by assessment id, in one query. */
export async function forAssessments(
  db: Kysely<Database>,
  assessmentIds: readonly string[],
): Promise<Map<string, CertificateRow>> {
  if (assessmentIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('certificates')
    .select(columns)
    .where('assessmentId', '=', anyUuid(assessmentIds))
    .execute();
  return new Map(rows.map((r) => [r.assessmentId, r]));
}

/** The certificate with this id, or null. */
export async function find(db: Kysely<Database>, id: string): Promise<CertificateRow | null> {
  const row = await db
    .selectFrom('certificates')
    .select(columns)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

/** The certificate with this printed number, or null. */
export async function findByNumber(
  db: Kysely<Database>,
  number: string,
): Promise<CertificateRow | null> {
  const row = await db
    .selectFrom('certificates')
    .select(columns)
    .where('number', '=', number)
    .executeTakeFirst();
  return row ?? null;
}

/** A trainee's certificates, newest first. */
export async function listForTrainee(
  db: Kysely<Database>,
  traineeId: string,
): Promise<CertificateRow[]> {
  return db
    .selectFrom('certificates')
    .select(columns)
    .where('traineeId', '=', traineeId)
    .orderBy('issuedOn', 'desc')
    .orderBy('id')
    .execute();
}

/**
 * Revokes a valid certificate after a false evaluation is found (十八), the only change the
 * database lets a certificate undergo; null when unknown or already revoked.
 */
export async function revoke(
  db: Kysely<Database>,
  id: string,
  revocation: { by: string; reason: string; at?: Date },
): Promise<CertificateRow | null> {
  const row = await db
    .updateTable('certificates')
    .set({
      status: 'revoked',
      revokedAt: revocation.at ?? new Date(),
      revokedBy: revocation.by,
      revokedReason: revocation.reason,
    })
    .where('id', '=', id)
    .where('status', '=', 'valid')
    .returning(columns)
    .executeTakeFirst();
  return row ?? null;
}
