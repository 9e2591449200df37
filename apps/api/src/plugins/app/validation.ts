import { Ajv, type Options } from 'ajv';
import ajvFormats from 'ajv-formats';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from '../../errors.js';

/**
 * Schemas are enforced as written (issue 10, finding 3). Fastify's default Ajv coerces types and
 * strips unknown properties, so `"headcount": true` was stored as 1 and a misspelt field vanished
 * with a 201. Here:
 *
 * - bodies are never coerced and never stripped: a wrong type or an unknown property is a 400
 *   naming its path;
 * - query strings, path parameters and headers arrive as text, so they are coerced, but only to
 *   the number, integer or boolean a schema declares (Ajv's `coerceTypes: true`, no arrays);
 * - every object schema refuses properties it does not name unless it says otherwise
 *   (`additionalProperties` given explicitly), headers excepted (clients send many);
 * - every number is bounded: an integer or number without a declared maximum gets ±2^31-1, the
 *   range of the PostgreSQL `integer` columns most of them land in;
 * - every string refuses NUL and the other C0 control characters (and DEL); prose fields (a
 *   declared `maxLength` of 500 or more, or a whole text body such as a CSV import) may hold tab,
 *   line feed and carriage return.
 *
 * The rules are applied to each route's schema as it is added (an `onRoute` hook), so the OpenAPI
 * document shows what is enforced, not less.
 */

/** The keyword (a JSON Schema extension) that carries the control-character rule. */
export const TEXT_KEYWORD = 'x-text';
type TextRule = 'line' | 'prose';

const INT32_MAX = 2_147_483_647;
const PROSE_MIN_LENGTH = 500;
/** True when `text` holds a C0 control character or DEL; prose may keep \t, \n and \r. */
export function hasForbiddenControl(text: string, rule: TextRule = 'line'): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c !== 0x7f) continue;
    if (rule === 'prose' && (c === 0x09 || c === 0x0a || c === 0x0d)) continue;
    return true;
  }
  return false;
}

type Schema = Record<string | symbol, unknown>;
type Part = 'body' | 'querystring' | 'params' | 'headers';

const isSchema = (value: unknown): value is Schema =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const typesOf = (schema: Schema): string[] =>
  Array.isArray(schema.type)
    ? (schema.type as string[])
    : typeof schema.type === 'string'
      ? [schema.type]
      : [];

/**
 * A strict copy of a request schema (the contracts' objects are shared, never changed in place).
 * `root` is true for the part's top schema: a whole text body may be prose.
 */
export function strictSchema(schema: unknown, part: Part, root = true): unknown {
  if (Array.isArray(schema)) return schema.map((s) => strictSchema(s, part, false));
  if (!isSchema(schema)) return schema;
  const out: Schema = {};
  for (const key of Reflect.ownKeys(schema)) {
    const value = schema[key];
    if (typeof key === 'symbol' || key === 'enum' || key === 'const' || key === 'default') {
      out[key] = value;
    } else if (key === 'properties' || key === 'patternProperties' || key === '$defs') {
      out[key] = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => [
          k,
          strictSchema(v, part, false),
        ]),
      );
    } else {
      out[key] = strictSchema(value, part, false);
    }
  }
  const types = typesOf(out);
  if (types.includes('object') && part !== 'headers' && out.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  if (types.includes('integer') || types.includes('number')) {
    if (out.maximum === undefined && out.exclusiveMaximum === undefined) out.maximum = INT32_MAX;
    if (out.minimum === undefined && out.exclusiveMinimum === undefined) out.minimum = -INT32_MAX;
  }
  if (types.includes('string') && out[TEXT_KEYWORD] === undefined) {
    const prose =
      part === 'body' &&
      (root || (typeof out.maxLength === 'number' && out.maxLength >= PROSE_MIN_LENGTH));
    out[TEXT_KEYWORD] = prose ? 'prose' : 'line';
  }
  return out;
}

function buildAjv(options: Options): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    removeAdditional: false,
    useDefaults: true,
    // TypeBox and @fastify/swagger annotations (e.g. `example`) are not validation keywords.
    strict: false,
    ...options,
  });
  // ajv-formats is CommonJS: its plugin is the module's `default`.
  ajvFormats.default(ajv);
  ajv.addKeyword({
    keyword: TEXT_KEYWORD,
    type: 'string',
    schemaType: 'string',
    errors: false,
    validate: (rule: TextRule, data: string) => !hasForbiddenControl(data, rule),
    error: { message: 'must not contain control characters' },
  });
  return ajv;
}

/**
 * Request headers read before any schema runs (auth), checked the same way. `x-request-id` is not
 * refused but replaced when it is not a short token (app.ts).
 */
const READ_HEADERS = ['authorization', 'x-api-key', 'idempotency-key'] as const;

export default fp(
  async (app: FastifyInstance) => {
    // Report every failing field at once, so a client fixes a form in one round trip.
    const bodies = buildAjv({ coerceTypes: false });
    const text = buildAjv({ coerceTypes: true });
    app.setValidatorCompiler(({ schema, httpPart }) =>
      (httpPart === 'body' ? bodies : text).compile(schema as object),
    );

    app.addHook('onRoute', (route: RouteOptions) => {
      const schema = route.schema as Record<string, unknown> | undefined;
      if (!schema) return;
      for (const part of ['body', 'querystring', 'params', 'headers'] as const) {
        if (schema[part] !== undefined) schema[part] = strictSchema(schema[part], part);
      }
    });

    // Auth runs at onRequest, before schemas: its headers are checked here, first of all hooks.
    app.addHook('onRequest', async (request: FastifyRequest) => {
      const errors = READ_HEADERS.flatMap((name) => {
        const value = request.headers[name];
        return typeof value === 'string' && hasForbiddenControl(value)
          ? [
              {
                path: `headers.${name}`,
                message: 'must not contain control characters',
                keyword: TEXT_KEYWORD,
              },
            ]
          : [];
      });
      if (errors.length > 0) {
        throw new ApiError(400, 'validation_failed', 'a header holds control characters', {
          errors,
        });
      }
    });
  },
  { name: 'validation' },
);
