import { type RawBuilder, sql } from 'kysely';

/**
 * `any($1::uuid[])`: a whole batch of ids as one parameter, so a statement's text (and its
 * cached plan) is the same for 1 id or 500, and an empty batch matches nothing instead of failing.
 */
export function anyUuid(ids: readonly string[]): RawBuilder<string> {
  return sql<string>`any(${[...ids]}::uuid[])`;
}

/** `any($1::text[])`, as {@link anyUuid} for text keys. */
export function anyText(values: readonly string[]): RawBuilder<string> {
  return sql<string>`any(${[...values]}::text[])`;
}
