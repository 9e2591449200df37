import { Ajv, type Options } from 'ajv';
import ajvFormats from 'ajv-formats';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from '../../errors.js';
import { duplicateKeyPath } from '../../lib/json.js';

/**
 * Schemas are enforced as written (issue 10, finding 3). Fastify's default Ajv coerces types and
 * strips unknown properties, so `"headcount": true` was stored as 1 and a misspelt field vanished
 * with a 201. Here:
 *
 * - bodies are never coerced and never stripped: a wrong type or an unknown property is a 400
 *   naming its path;
 * - query strings, path parameters and headers arrive as text, so they are coerced, but only to
 *   the number, integer or boolean a schema declares, and only from its plain decimal spelling
 *   (`textScalars`): Ajv's own coercion took `page=0x2`, `pageSize=1e1`, `page=%201` and
 *   `page=1.0` as numbers; a repeated key (an array) is never coerced;
 * - every object schema refuses properties it does not name unless it says otherwise
 *   (`additionalProperties` given explicitly), headers excepted (clients send many);
 * - every number is bounded: an integer or number without a declared maximum gets ±2^31-1, the
 *   range of the PostgreSQL `integer` columns most of them land in;
 * - every string refuses NUL and the other C0 control characters (and DEL); prose fields (a
 *   declared `maxLength` of 500 or more, or a whole text body such as a CSV import) may hold tab,
 *   line feed and carriage return;
 * - every string refuses a lone UTF-16 surrogate (`"\ud800"`): PostgreSQL's UTF-8 cannot hold
 *   one, so a text column silently stored U+FFFD instead and a JSON column refused it with a 500's
 *   cousin, a 422 without a path;
 * - a JSON body nests at most MAX_BODY_DEPTH levels: a body nested 5,000 deep overflowed the
 *   stack on its way to PostgreSQL (a 500);
 * - a JSON object names each key once (`duplicate_key`): JSON.parse keeps the last of two, while
 *   a gateway or a signature check in front of the API may read the first.
 *
 * The rules are applied to each route's schema as it is added (an `onRoute` hook), so the OpenAPI
 * document shows what is enforced, not less.
 */

/** The keyword (a JSON Schema extension) that carries the control-character rule. */
export const TEXT_KEYWORD = 'x-text';
type TextRule = 'line' | 'prose';

const INT32_MAX = 2_147_483_647;
const PROSE_MIN_LENGTH = 500;
/** Far deeper than any schema of ours (a plan is 5 levels), far shallower than the stack. */
export const MAX_BODY_DEPTH = 32;

/**
 * True when `text` holds a C0 control character, DEL or a lone surrogate; prose may keep \t, \n
 * and \r.
 */
export function hasForbiddenControl(text: string, rule: TextRule = 'line'): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      // A high surrogate followed by a low one is one character; anything else stands alone.
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i += 1;
        continue;
      }
      return true;
    }
    if (c >= 0x20 && c !== 0x7f) continue;
    if (rule === 'prose' && (c === 0x09 || c === 0x0a || c === 0x0d)) continue;
    return true;
  }
  return false;
}

/** True when `value` nests objects and arrays more than `max` levels deep (no recursion). */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [node, depth] = item;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
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

const INTEGER_TEXT = /^-?(0|[1-9][0-9]*)$/;
const NUMBER_TEXT = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;

/** The scalar types a property may take, its union's members included. */
function scalarTypesOf(schema: unknown): Set<string> {
  if (!isSchema(schema)) return new Set();
  const members = [schema, ...[schema.anyOf, schema.oneOf].flat().filter(isSchema)];
  return new Set(members.flatMap(typesOf));
}

/**
 * Coerces, in place, the text of a query string, path or headers to the number, integer or
 * boolean its schema's property declares, when it is spelt plainly; anything else stays text and
 * fails the type check with its path. A property that may also be a string is left as text.
 */
export function textScalars(schema: unknown): (data: unknown) => void {
  const properties = isSchema(schema) && isSchema(schema.properties) ? schema.properties : {};
  const coercions = Object.entries(properties).flatMap(([name, property]) => {
    const types = scalarTypesOf(property);
    if (types.has('string')) return [];
    const coerce = (text: string): unknown => {
      if (types.has('integer') && INTEGER_TEXT.test(text)) return Number(text);
      if (types.has('number') && NUMBER_TEXT.test(text)) return Number(text);
      if (types.has('boolean') && (text === 'true' || text === 'false')) return text === 'true';
      return text;
    };
    return types.has('integer') || types.has('number') || types.has('boolean')
      ? [[name, coerce] as const]
      : [];
  });
  return (data) => {
    if (!isSchema(data)) return;
    for (const [name, coerce] of coercions) {
      const value = data[name];
      if (typeof value === 'string') data[name] = coerce(value);
    }
  };
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
    error: { message: 'must not contain control characters or lone surrogates' },
  });
  return ajv;
}

/**
 * Request headers read before any schema runs (auth), checked the same way. `x-request-id` is not
 * refused but replaced when it is not a short token (app.ts).
 */
const READ_HEADERS = ['authorization', 'x-api-key', 'idempotency-key'] as const;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)/i;

export default fp(
  async (app: FastifyInstance) => {
    // Report every failing field at once, so a client fixes a form in one round trip.
    const bodies = buildAjv({ coerceTypes: false });
    const text = buildAjv({ coerceTypes: false });
    app.setValidatorCompiler(({ schema, httpPart }) => {
      if (httpPart === 'body') return bodies.compile(schema as object);
      const validate = text.compile(schema as object);
      const coerce = textScalars(schema);
      // Fastify reads the failures from the function's `errors`, as from Ajv's own.
      const check = Object.assign(
        (data: unknown) => {
          coerce(data);
          const valid = validate(data);
          check.errors = validate.errors;
          return valid;
        },
        { errors: validate.errors },
      );
      return check;
    });

    app.addHook('onRoute', (route: RouteOptions) => {
      const schema = route.schema as Record<string, unknown> | undefined;
      if (!schema) return;
      for (const part of ['body', 'querystring', 'params', 'headers'] as const) {
        if (schema[part] !== undefined) schema[part] = strictSchema(schema[part], part);
      }
    });

    // Auth runs at onRequest, before schemas: its headers are checked here, first of all hooks.
    app.addHook('onRequest', async (request: FastifyRequest) => {
      // Bodies are decoded as UTF-8 whatever they say: GBK or Latin-1 would be stored garbled.
      const charset = CHARSET.exec(request.headers['content-type'] ?? '')?.[1]?.toLowerCase();
      if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
        throw new ApiError(415, 'unsupported_media_type', 'bodies are read as UTF-8 only', {
          errors: [
            { path: 'headers.content-type', message: 'charset must be utf-8', keyword: 'charset' },
          ],
        });
      }
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

    // Fastify's own JSON parser (prototype poisoning refused), then one key per object.
    const parseJson = app.getDefaultJsonParser('error', 'error');
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser(
      'application/json',
      { parseAs: 'string' },
      (request, text: string, done) => {
        parseJson(request, text, (error, body) => {
          if (error) return done(error, undefined);
          const path = duplicateKeyPath(text);
          if (path === null) return done(null, body);
          done(
            new ApiError(400, 'duplicate_key', 'a JSON object names the same key twice', {
              errors: [
                {
                  path: `body.${path}`,
                  message: 'must appear once in its object',
                  keyword: 'duplicate_key',
                },
              ],
            }),
            undefined,
          );
        });
      },
    );

    // Before any schema, hash or write walks the body: each of them recurses.
    app.addHook('preValidation', async (request: FastifyRequest) => {
      if (nestsDeeperThan(request.body, MAX_BODY_DEPTH)) {
        throw new ApiError(
          400,
          'body_too_deep',
          `the body nests more than ${MAX_BODY_DEPTH} levels deep`,
        );
      }
    });
  },
  { name: 'validation' },
);
