/**
 * The connection string the API and the worker use. They connect as the apps' role (a member of
 * `qiancheng_app`: read, append, update only where the model updates; no TRUNCATE, ALTER or
 * DISABLE TRIGGER), given as APP_DATABASE_URL; DATABASE_URL is the owner's, for migrations.
 * Without APP_DATABASE_URL a production process refuses to start, and any other falls back to
 * DATABASE_URL with a loud warning: the append-only tables are then one ALTER TABLE away.
 */
export function appDatabaseUrl(
  env: { NODE_ENV?: string; DATABASE_URL?: string; APP_DATABASE_URL?: string },
  warn: (message: string) => void = (message) => process.stderr.write(`${message}\n`),
): string {
  if (env.APP_DATABASE_URL) return env.APP_DATABASE_URL;
  if (!env.DATABASE_URL) throw new Error('APP_DATABASE_URL (or DATABASE_URL) is not set');
  if (env.NODE_ENV === 'production') {
    throw new Error(
      'APP_DATABASE_URL is not set: in production the apps never connect as the tables’ owner ' +
        '(DATABASE_URL). Create a login role in the group qiancheng_app and point APP_DATABASE_URL ' +
        'at it (see the README).',
    );
  }
  warn(
    '*** WARNING: APP_DATABASE_URL is not set; connecting with DATABASE_URL, as the owner of the ' +
      'tables. Append-only records are not protected from this process. Never run so in production. ***',
  );
  return env.DATABASE_URL;
}
