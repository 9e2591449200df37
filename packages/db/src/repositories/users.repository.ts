import type { Kysely } from 'kysely';
import type { Database, UserRole, UserRow } from '../database.js';
import { hashPassword, verifyPassword } from '../passwords.js';

/** A console user as the rest of the system sees one: never with the password hash. */
export type UserRecord = Omit<UserRow, 'passwordHash'>;

const columns = [
  'id',
  'username',
  'displayName',
  'role',
  'regionCode',
  'active',
  'tokenVersion',
  'createdAt',
] as const;

/** Creates a user, hashing the password with scrypt. */
export async function create(
  db: Kysely<Database>,
  user: {
    id?: string;
    username: string;
    displayName: string;
    role: UserRole;
    regionCode: string | null;
    password: string;
  },
): Promise<UserRecord> {
  const { password, ...row } = user;
  return db
    .insertInto('users')
    .values({ ...row, passwordHash: await hashPassword(password) })
    .returning(columns)
    .executeTakeFirstOrThrow();
}

/** The user with this id, or null. */
export async function find(db: Kysely<Database>, id: string): Promise<UserRecord | null> {
  const row = await db.selectFrom('users').select(columns).where('id', '=', id).executeTakeFirst();
  return row ?? null;
}

/** The user with this username, or null. */
export async function findByUsername(
  db: Kysely<Database>,
  username: string,
): Promise<UserRecord | null> {
  const row = await db
    .selectFrom('users')
    .select(columns)
    .where('username', '=', username)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * The active user whose username and password match, or null. A made-up hash is checked for
 * unknown names too, so the answer takes as long either way and does not reveal which names exist.
 */
export async function verifyCredentials(
  db: Kysely<Database>,
  username: string,
  password: string,
): Promise<UserRecord | null> {
  const row = await db
    .selectFrom('users')
    .select([...columns, 'passwordHash'])
    .where('username', '=', username)
    .executeTakeFirst();
  const ok = await verifyPassword(password, row?.passwordHash ?? (await dummyHash()));
  if (!row || !ok || !row.active) return null;
  const { passwordHash: _hash, ...user } = row;
  return user;
}

/** Replaces a user's password and ends every session issued before (raises the token version). */
export async function setPassword(
  db: Kysely<Database>,
  id: string,
  password: string,
): Promise<UserRecord | null> {
  const passwordHash = await hashPassword(password);
  const row = await db
    .updateTable('users')
    .set((eb) => ({ passwordHash, tokenVersion: eb('tokenVersion', '+', 1) }))
    .where('id', '=', id)
    .returning(columns)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Enables or disables a user's sign-in. Disabling also raises the token version, so a later
 * re-enable does not bring back the tokens issued before.
 */
export async function setActive(
  db: Kysely<Database>,
  id: string,
  active: boolean,
): Promise<UserRecord | null> {
  const row = await db
    .updateTable('users')
    .set((eb) => ({
      active,
      ...(active ? {} : { tokenVersion: eb('tokenVersion', '+', 1) }),
    }))
    .where('id', '=', id)
    .returning(columns)
    .executeTakeFirst();
  return row ?? null;
}

/** Ends every session of a user (logout): tokens carrying an older version are refused. */
export async function revokeTokens(db: Kysely<Database>, id: string): Promise<number | null> {
  const row = await db
    .updateTable('users')
    .set((eb) => ({ tokenVersion: eb('tokenVersion', '+', 1) }))
    .where('id', '=', id)
    .returning('tokenVersion')
    .executeTakeFirst();
  return row?.tokenVersion ?? null;
}

/**
 * What a request's token is checked against: the user as stored now (null when deleted). A
 * token is valid only while the user is active and its version equals `tokenVersion`.
 */
export async function findSession(
  db: Kysely<Database>,
  id: string,
): Promise<Pick<
  UserRecord,
  'id' | 'username' | 'displayName' | 'role' | 'regionCode' | 'active' | 'tokenVersion'
> | null> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'username', 'displayName', 'role', 'regionCode', 'active', 'tokenVersion'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

/** Users, by username. */
export async function list(db: Kysely<Database>): Promise<UserRecord[]> {
  return db.selectFrom('users').select(columns).orderBy('username').execute();
}

let dummy: Promise<string> | null = null;
function dummyHash(): Promise<string> {
  dummy ??= hashPassword('qiancheng-no-such-user');
  return dummy;
}
