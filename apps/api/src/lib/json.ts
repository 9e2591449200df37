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

/**
 * The path (`a.b.2.c`) of the first key that appears twice in one object of `text`, a JSON text
 * that parsed; null when every object's keys are distinct. JSON.parse keeps the last of two equal
 * keys, so a check or a signature that reads the first (a gateway, a WAF) and the API would see
 * two different requests. One pass over the text, no recursion: the nesting depth is not bounded
 * yet when this runs.
 */
export function duplicateKeyPath(text: string): string | null {
  /** Per open object: its keys so far and the key being read; per open array: its index. */
  const scopes: ({ keys: Set<string>; key: string } | { index: number })[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: find its closing quote, stepping over escapes.
      let end = i + 1;
      let escaped = false;
      while (end < text.length) {
        const d = text.charCodeAt(end);
        if (d === 0x22) break;
        if (d === 0x5c) escaped = true;
        end += d === 0x5c ? 2 : 1;
      }
      const scope = scopes.at(-1);
      if (expectKey && scope && 'keys' in scope) {
        const raw = text.slice(i + 1, end);
        // "\u0061" and "a" are the same key.
        const key = escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
        scope.key = key;
        if (scope.keys.has(key)) {
          return scopes.map((s) => ('keys' in s ? s.key : String(s.index))).join('.');
        }
        scope.keys.add(key);
        expectKey = false;
      }
      i = end;
    } else if (c === 0x7b) {
      scopes.push({ keys: new Set(), key: '' });
      expectKey = true;
    } else if (c === 0x5b) {
      scopes.push({ index: 0 });
    } else if (c === 0x7d || c === 0x5d) {
      scopes.pop();
    } else if (c === 0x2c) {
      const scope = scopes.at(-1);
      if (scope && 'index' in scope) scope.index += 1;
      expectKey = scope !== undefined && 'keys' in scope;
    }
  }
  return null;
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
