import { createHash } from 'node:crypto';
import pg from 'pg';

/** The group role the migrations grant to (packages/db, migration 0012): no login of its own. */
export const APP_GROUP_ROLE = 'qiancheng_app';
/** The login role the API and the worker connect as: a member of APP_GROUP_ROLE, nothing more. */
export const APP_LOGIN_ROLE = 'qiancheng_api';

/**
 * Makes sure the apps' login role exists on the server behind `ownerUrl` (as its owner, which
 * needs CREATEROLE) and answers the URL the apps connect with: `ownerUrl` with the login role's
 * name and password. The migrations still run as the owner. Safe to call from parallel processes.
 *
 * The password defaults to one derived from the owner's credentials and server, so every caller
 * (npm start, npm test, a package's tests) on one server agrees on it without storing another
 * secret, and it is exactly as secret as the owner's password, which can do more anyway.
 */
export async function ensureAppLogin(
  ownerUrl: string,
  options: { password?: string } = {},
): Promise<string> {
  const secret = options.password ?? derivedPassword(ownerUrl);
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const password = client.escapeLiteral(secret);
    // Roles are cluster-wide; this lock (on the owner's database, shared by every caller)
    // keeps two test processes from creating or altering them at once.
    await client.query(`select pg_advisory_lock(hashtext('qiancheng-app-roles'))`);
    try {
      const { rows } = await client.query<{ rolname: string }>(
        'select rolname from pg_roles where rolname = any($1)',
        [[APP_GROUP_ROLE, APP_LOGIN_ROLE]],
      );
      const existing = new Set(rows.map((row) => row.rolname));
      if (!existing.has(APP_GROUP_ROLE)) {
        await client.query(`create role ${APP_GROUP_ROLE} nologin`);
      }
      if (!existing.has(APP_LOGIN_ROLE)) {
        await client.query(
          `create role ${APP_LOGIN_ROLE} login nosuperuser nocreatedb nocreaterole noreplication ` +
            `inherit password ${password} in role ${APP_GROUP_ROLE}`,
        );
      }
    } finally {
      await client.query(`select pg_advisory_unlock(hashtext('qiancheng-app-roles'))`);
    }
  } catch (error) {
    throw new Error(
      `could not create the apps' database role ${APP_LOGIN_ROLE} (the owner in DATABASE_URL ` +
        'needs CREATEROLE); or create it yourself and set APP_DATABASE_URL: ' +
        (error instanceof Error ? error.message : String(error)),
      { cause: error },
    );
  } finally {
    await client.end();
  }
  const url = new URL(ownerUrl);
  url.username = APP_LOGIN_ROLE;
  url.password = encodeURIComponent(secret);
  return url.toString();
}

function derivedPassword(ownerUrl: string): string {
  const url = new URL(ownerUrl);
  return createHash('sha256')
    .update(`qiancheng-app-role\u0000${url.username}\u0000${url.password}\u0000${url.host}`)
    .digest('hex')
    .slice(0, 40);
}
