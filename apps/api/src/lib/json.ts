import { createHash } from 'node:crypto';
import { MAX_PAGE } from '@qiancheng/contracts';

/** ISO 8601 UTC text of a timestamp column (responses never carry local times). */
export const iso = (value: Date | string): string =>
  value instanceof Date ? value.toISOString() : new Date(value).toISOString();
export const isoOrNull = (value: Date | string | null): string | null =>
  value === null ? null : iso(value);

/** JSON with object keys sorted, so equal bodies hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    // A loop, not entries/filter/sort/map: it runs for every keyed request (idempotency.ts).
    const object = value as Record<string, unknown>;
    let members = '';
    for (const key of Object.keys(object).sort()) {
      const member = object[key];
      if (member === undefined) continue;
      members += `${members ? ',' : ''}${JSON.stringify(key)}:${canonicalJson(member)}`;
    }
    return `{${members}}`;
  }
  return JSON.stringify(value ?? null);
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * `offset` and `limit` of a 1-based page. The schemas bound both (MAX_PAGE, pageSize ≤ 200); the
 * clamp here is the second line, so a route without them still never sends PostgreSQL an offset
 * past bigint (`page=1000000000000000000` was a 500).
 */
export function paging(query: { page?: number; pageSize?: number }) {
  const page = clamp(query.page ?? 1, 1, MAX_PAGE);
  const pageSize = clamp(query.pageSize ?? 50, 1, 200);
  return { page, pageSize, offset: (page - 1) * pageSize, limit: pageSize };
}

const clamp = (n: number, min: number, max: number) =>
  Number.isFinite(n) ? Math.min(max, Math.max(min, Math.trunc(n))) : min;
