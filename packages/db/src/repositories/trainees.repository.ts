import type { KeyGroupCode, RegionCode } from '@qiancheng/domain';
import type { Kysely } from 'kysely';
import type { Database, TraineeRow } from '../database.js';
import {
  defaultIdentityKeys,
  type IdentityKeys,
  protectResidentId,
  residentIdDigest,
  revealResidentId as reveal,
} from '../identity-protection.js';
import { inTransaction } from '../in-transaction.js';
import { anyUuid } from './sets.js';

/**
 * A trainee as the rest of the system sees one: the masked resident ID only. The digest and the
 * ciphertext stay in this package (see `findByResidentId`, `revealResidentId`).
 */
export interface TraineeRecord
  extends Omit<TraineeRow, 'residentIdDigest' | 'residentIdCiphertext'> {
  keyGroups: KeyGroupCode[];
}

/** What registering a trainee takes: the plain resident ID goes in and is protected here. */
export interface NewTrainee {
  id?: string;
  name: string;
  residentId: string;
  /** 户籍地; a code from the regions table (the ID's own prefix may be a county not loaded). */
  homeRegionCode: RegionCode;
  keyGroups: KeyGroupCode[];
  maskedPhone?: string | null;
}

const columns = [
  'id',
  'name',
  'maskedResidentId',
  'sex',
  'birthDate',
  'homeRegionCode',
  'maskedPhone',
  'createdAt',
] as const;

/**
 * Registers trainees (with their key groups) atomically, storing each resident ID only as digest,
 * ciphertext and masked form; sex and birth date are read from the ID. Throws
 * `InvalidResidentIdError` for an invalid ID, and the database refuses a person already registered
 * (`trainees_resident_id_unique`).
 */
export async function insertMany(
  db: Kysely<Database>,
  trainees: NewTrainee[],
  keys: IdentityKeys = defaultIdentityKeys(),
): Promise<TraineeRecord[]> {
  if (trainees.length === 0) return [];
  const rows = trainees.map((t) => {
    const protectedId = protectResidentId(t.residentId, keys);
    return {
      ...(t.id ? { id: t.id } : {}),
      name: t.name,
      residentIdDigest: protectedId.digest,
      residentIdCiphertext: protectedId.ciphertext,
      maskedResidentId: protectedId.masked,
      sex: protectedId.sex,
      birthDate: protectedId.birthDate,
      homeRegionCode: t.homeRegionCode,
      maskedPhone: t.maskedPhone ?? null,
    };
  });
  return inTransaction(db, async (trx) => {
    const inserted = await trx
      .insertInto('trainees')
      .values(rows)
      .returning([...columns, 'residentIdDigest'])
      .execute();
    // RETURNING order is not promised to follow VALUES order; match rows by digest instead.
    const byDigest = new Map(
      inserted.map(({ residentIdDigest, ...row }) => [residentIdDigest, row]),
    );
    const ordered = rows.map((r) => {
      const row = byDigest.get(r.residentIdDigest);
      if (!row) throw new Error('trainee insert lost a row');
      return row;
    });
    const groups = ordered.flatMap((row, i) =>
      [...new Set(trainees[i]?.keyGroups ?? [])].map((keyGroup) => ({
        traineeId: row.id,
        keyGroup,
      })),
    );
    if (groups.length > 0) await trx.insertInto('traineeKeyGroups').values(groups).execute();
    return withKeyGroups(trx, ordered);
  });
}

/** Registers one trainee; see {@link insertMany}. */
export async function insert(
  db: Kysely<Database>,
  trainee: NewTrainee,
  keys: IdentityKeys = defaultIdentityKeys(),
): Promise<TraineeRecord> {
  const [record] = await insertMany(db, [trainee], keys);
  if (!record) throw new Error('trainee insert returned nothing');
  return record;
}

/**
 * The trainee with this resident ID, registering them first when new: what enrolling someone
 * who may already be known from another project needs.
 */
export async function ensure(
  db: Kysely<Database>,
  trainee: NewTrainee,
  keys: IdentityKeys = defaultIdentityKeys(),
): Promise<{ trainee: TraineeRecord; created: boolean }> {
  const existing = await findByResidentId(db, trainee.residentId, keys);
  if (existing) return { trainee: existing, created: false };
  return inTransaction(db, async (trx) => {
    // A concurrent registration of the same person wins; ours then finds theirs.
    const protectedId = protectResidentId(trainee.residentId, keys);
    const inserted = await trx
      .insertInto('trainees')
      .values({
        ...(trainee.id ? { id: trainee.id } : {}),
        name: trainee.name,
        residentIdDigest: protectedId.digest,
        residentIdCiphertext: protectedId.ciphertext,
        maskedResidentId: protectedId.masked,
        sex: protectedId.sex,
        birthDate: protectedId.birthDate,
        homeRegionCode: trainee.homeRegionCode,
        maskedPhone: trainee.maskedPhone ?? null,
      })
      .onConflict((oc) => oc.column('residentIdDigest').doNothing())
      .returning(columns)
      .executeTakeFirst();
    if (!inserted) {
      const found = await findByResidentId(trx, trainee.residentId, keys);
      if (!found) throw new Error('trainee conflict but none found');
      return { trainee: found, created: false };
    }
    const groups = [...new Set(trainee.keyGroups)];
    if (groups.length > 0) {
      await trx
        .insertInto('traineeKeyGroups')
        .values(groups.map((keyGroup) => ({ traineeId: inserted.id, keyGroup })))
        .execute();
    }
    const [record] = await withKeyGroups(trx, [inserted]);
    if (!record) throw new Error('trainee vanished');
    return { trainee: record, created: true };
  });
}

/** The trainee with this id, or null. */
export async function find(db: Kysely<Database>, id: string): Promise<TraineeRecord | null> {
  const row = await db
    .selectFrom('trainees')
    .select(columns)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const [record] = await withKeyGroups(db, [row]);
  return record ?? null;
}

/** Birth dates of these trainees (what enrolment's age check needs), by id, in one query. */
export async function birthDates(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('trainees')
    .select(['id', 'birthDate'])
    .where('id', '=', anyUuid(ids))
    .execute();
  return new Map(rows.map((r) => [r.id, r.birthDate]));
}

/** The trainee holding this resident ID (looked up by its keyed digest), or null. */
export async function findByResidentId(
  db: Kysely<Database>,
  residentId: string,
  keys: IdentityKeys = defaultIdentityKeys(),
): Promise<TraineeRecord | null> {
  const row = await db
    .selectFrom('trainees')
    .select(columns)
    .where('residentIdDigest', '=', residentIdDigest(residentId, keys))
    .executeTakeFirst();
  if (!row) return null;
  const [record] = await withKeyGroups(db, [row]);
  return record ?? null;
}

/** Trainees, optionally of one home region, by name. */
export async function list(
  db: Kysely<Database>,
  filter: { homeRegionCode?: string; limit?: number; offset?: number } = {},
): Promise<TraineeRecord[]> {
  let query = db.selectFrom('trainees').select(columns);
  if (filter.homeRegionCode) query = query.where('homeRegionCode', '=', filter.homeRegionCode);
  const rows = await query
    .orderBy('name')
    .orderBy('id')
    .limit(filter.limit ?? 100)
    .offset(filter.offset ?? 0)
    .execute();
  return withKeyGroups(db, rows);
}

/**
 * The plain resident ID of a trainee, for an authorised purpose (e.g. a certificate registry
 * query). Callers must record the access in the audit log and never log the number.
 */
export async function revealResidentId(
  db: Kysely<Database>,
  id: string,
  keys: IdentityKeys = defaultIdentityKeys(),
): Promise<string | null> {
  const row = await db
    .selectFrom('trainees')
    .select(['residentIdCiphertext', 'residentIdDigest'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? reveal(row, keys) : null;
}

async function withKeyGroups(
  db: Kysely<Database>,
  rows: Omit<TraineeRecord, 'keyGroups'>[],
): Promise<TraineeRecord[]> {
  if (rows.length === 0) return [];
  const groups = await db
    .selectFrom('traineeKeyGroups')
    .select(['traineeId', 'keyGroup'])
    .where(
      'traineeId',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('keyGroup')
    .execute();
  const byTrainee = new Map<string, KeyGroupCode[]>();
  for (const g of groups) {
    const list = byTrainee.get(g.traineeId) ?? [];
    list.push(g.keyGroup);
    byTrainee.set(g.traineeId, list);
  }
  return rows.map((row) => ({ ...row, keyGroups: byTrainee.get(row.id) ?? [] }));
}
