import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import {
  ApplicationFailure,
  isGrpcServiceError,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import type {
  ConnectionError,
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
} from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from '../../errors.js';

/** Update validators' failure types that mean "not now" rather than "never": 409, not 422. */
const CONFLICT_TYPES = new Set([
  'WrongStage',
  'StaleRound',
  'AlreadyDecided',
  'EnrolmentClosed',
  'NotAwaitingRevision',
  'RoundOpening',
  'NotEscalated',
  'NothingToRetry',
]);

interface Mapped {
  status: number;
  code: string;
  /** The occurrence: what happened this time (RFC 9457 `detail`); `title` is fixed per code. */
  detail?: string | undefined;
  errors?: { path: string; message: string; keyword?: string }[];
  rows?: unknown[];
}

/**
 * Titles of the codes this handler gives itself. RFC 9457: a problem type's title does not change
 * from occurrence to occurrence; the occurrence goes in `detail`. Every other code's title is its
 * code in words (`deadline_passed` → "Deadline passed", `WrongStage` → "Wrong stage"), so it is
 * constant per code too.
 */
const TITLES: Record<string, string> = {
  validation_failed: 'The request is not valid',
  internal_error: 'Internal Server Error',
  invalid_value: 'A value cannot be stored',
  value_too_large: 'A value is too large to store',
  reference_not_found: 'A referenced record does not exist',
  already_exists: 'A record with these values already exists',
  rule_violated: 'A data rule was broken',
  integrity_violated: 'The request conflicts with stored records',
  concurrent_update: 'A concurrent request changed the same records; retry',
  update_failed: 'The workflow refused the step',
  workflow_not_running: 'The project workflow is not running',
  workflow_timeout: 'The workflow did not answer in time',
  temporal_unavailable: 'Temporal is unavailable',
  not_found: 'Not found',
};

export function titleOf(code: string): string {
  const known = TITLES[code];
  if (known) return known;
  const words = code
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replaceAll('_', ' ')
    .toLowerCase()
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const camel = (snake: string) => snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * PostgreSQL errors a request can cause that no schema rules out (its input broke a rule the
 * database keeps, or met a concurrent request): 4xx with a stable code, never a 500. Constraint
 * names stay in the log; a body names at most the field a key constraint is on.
 */
function fromPostgres(error: {
  code?: unknown;
  constraint?: unknown;
  table?: unknown;
}): Mapped | null {
  const code = typeof error.code === 'string' ? error.code : '';
  const constraint = typeof error.constraint === 'string' ? error.constraint : '';
  const table = typeof error.table === 'string' ? error.table : '';
  // `demand_orders_occupation_code_fkey` → body.occupationCode
  const column =
    table && constraint.startsWith(`${table}_`) && /_(fkey|key)$/.test(constraint)
      ? constraint.slice(table.length + 1).replace(/_(fkey|key)$/, '')
      : null;
  const at = (message: string) =>
    column ? [{ path: `body.${camel(column)}`, message }] : undefined;
  if (code === '23503') {
    return {
      status: 422,
      code: 'reference_not_found',
      detail: 'a referenced record does not exist',
      errors: at('not found'),
    };
  }
  if (code === '23505' || code === '23P01') {
    return {
      status: 409,
      code: 'already_exists',
      detail: 'a record with these values already exists',
      errors: at('already taken'),
    };
  }
  if (code === '23502' || code === '23514') {
    return { status: 422, code: 'rule_violated', detail: 'a value breaks a data rule' };
  }
  if (code.startsWith('23')) {
    return { status: 409, code: 'integrity_violated', detail: 'an integrity rule was broken' };
  }
  // Data exceptions: a value out of range, a malformed date, a NUL in text, an overflow.
  if (code.startsWith('22')) {
    return { status: 422, code: 'invalid_value', detail: 'a value cannot be stored as given' };
  }
  // Program limits, e.g. a text too long for an index.
  if (code.startsWith('54')) {
    return { status: 422, code: 'value_too_large', detail: 'a value is too large to store' };
  }
  // Serialization failures and deadlocks: the same request again may well succeed.
  if (code === '40001' || code === '40P01') {
    return { status: 409, code: 'concurrent_update', detail: 'retry the request' };
  }
  return null;
}

/** Map an error to a problem, or null for an unexpected one (a 500). */
function map(error: unknown): Mapped | null {
  if (error instanceof ApiError) {
    const { detail, ...extra } = error.extra;
    return {
      status: error.statusCode,
      code: error.code,
      detail: detail ? `${error.message}: ${detail}` : error.message,
      ...extra,
    };
  }
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = error.cause;
    if (cause instanceof ApplicationFailure && cause.type) {
      // A step whose database was unreachable through all its bounded retries: try again later.
      const status =
        cause.type === 'DatabaseUnavailable' ? 503 : CONFLICT_TYPES.has(cause.type) ? 409 : 422;
      return { status, code: cause.type, detail: cause.message };
    }
    return { status: 409, code: 'update_failed' };
  }
  if (error instanceof WorkflowNotFoundError) {
    return { status: 409, code: 'workflow_not_running' };
  }
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return {
      status: 504,
      code: 'workflow_timeout',
      detail: 'retry with the same Idempotency-Key',
    };
  }
  // The client wraps some gRPC errors (an update's, say) in a ServiceError: read its cause too.
  const grpc = isGrpcServiceError(error)
    ? error
    : error instanceof ServiceError && isGrpcServiceError(error.cause)
      ? error.cause
      : null;
  if (grpc) {
    // 4 DEADLINE_EXCEEDED, 14 UNAVAILABLE, 5 NOT_FOUND, 9 FAILED_PRECONDITION
    if (grpc.code === 4)
      return { status: 504, code: 'workflow_timeout', detail: 'Temporal did not answer in time' };
    if (grpc.code === 14) return { status: 503, code: 'temporal_unavailable' };
    if (grpc.code === 5) return { status: 409, code: 'workflow_not_running' };
    // e.g. the server's limit of 2,000 distinct updates per workflow run: this project's
    // workflow takes no more steps of this kind (continue-as-new is the lasting fix).
    if (grpc.code === 9)
      return {
        status: 409,
        code: 'workflow_limit_reached',
        detail: 'the project workflow refuses further steps of this kind',
      };
    return null;
  }
  if (error && typeof error === 'object' && 'code' in error && 'severity' in error) {
    return fromPostgres(error as { code?: unknown });
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    const context = fastifyError.validationContext ?? 'body';
    const errors = fastifyError.validation.map((issue) => {
      const params = (issue.params ?? {}) as Record<string, unknown>;
      // A missing or unknown property is reported at its own path, not its parent's.
      const leaf =
        issue.keyword === 'required'
          ? params.missingProperty
          : issue.keyword === 'additionalProperties'
            ? params.additionalProperty
            : undefined;
      const pointer = issue.instancePath
        .split('/')
        .slice(1)
        .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
      return {
        path: [context, ...pointer, ...(leaf === undefined ? [] : [String(leaf)])].join('.'),
        message:
          issue.keyword === 'additionalProperties'
            ? 'is not a known property'
            : (issue.message ?? 'invalid'),
        keyword: issue.keyword,
      };
    });
    return {
      status: 400,
      code: 'validation_failed',
      detail: errors.map((e) => `${e.path} ${e.message}`).join('; '),
      errors,
    };
  }
  const status = fastifyError.statusCode;
  if (status && status >= 400 && status < 500) {
    const codes: Record<string, string> = {
      FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
      FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
      FST_ERR_CTP_EMPTY_JSON_BODY: 'empty_body',
      FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
      FST_ERR_BAD_URL: 'malformed_url',
      FST_ERR_MAX_PARAM_LENGTH: 'path_too_long',
    };
    return {
      status,
      code: codes[fastifyError.code] ?? (status === 400 ? 'bad_request' : 'error'),
      detail: fastifyError.message,
    };
  }
  return null;
}

function body(problem: Mapped, requestId: string, instance?: string) {
  return {
    type: `https://qiancheng.example/problems/${problem.code}`,
    title: titleOf(problem.code),
    status: problem.status,
    code: problem.code,
    requestId,
    ...(instance === undefined ? {} : { instance }),
    ...(problem.detail ? { detail: problem.detail } : {}),
    ...(problem.errors ? { errors: problem.errors } : {}),
    ...(problem.rows ? { rows: problem.rows } : {}),
  };
}

function send(request: FastifyRequest, reply: FastifyReply, problem: Mapped) {
  return reply
    .status(problem.status)
    .type('application/problem+json')
    .send(body(problem, request.id, request.url.split('?')[0]));
}

/**
 * Fastify's own refusals before a route is found (a path that does not decode, a parameter over
 * the router's length): the same problem+json, where Fastify's default was a JSON of its own
 * without our `code`. A server option (app.ts), so it runs outside the plugins' hooks.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  void reply.header('x-request-id', request.id);
  return send(request, reply, map(error) ?? { status: 500, code: 'internal_error' });
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (headers over the size limit, a
 * bare CR or a space in a header, both Content-Length and Transfer-Encoding): answered as
 * problem+json on the socket, which is then closed, as nothing after them can be trusted.
 */
export function clientErrorHandler(error: ConnectionError, socket: Socket) {
  if (error.code === 'ECONNRESET' || !socket.writable) return;
  const problem: Mapped =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? { status: 431, code: 'headers_too_large', detail: 'the request headers are too large' }
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? { status: 408, code: 'request_timeout', detail: 'the request took too long to arrive' }
        : { status: 400, code: 'malformed_request', detail: 'the request is not valid HTTP/1.1' };
  const text = JSON.stringify(body(problem, randomUUID()));
  socket.end(
    `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: application/problem+json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
  );
}

/**
 * One place maps errors to RFC 9457 problem+json. 4xx keep their message; 5xx never leak
 * internals (the log has them, with the request id the client also sees).
 */
export default fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: unknown, request, reply) => {
      const problem = map(error);
      if (problem && problem.status < 500) {
        // A refusal by PostgreSQL: the constraint's name is for the log, never the body.
        if (error && typeof error === 'object' && 'severity' in error) {
          request.log.info({ err: error }, 'refused by the database');
        }
        return send(request, reply, problem);
      }
      if (problem) {
        request.log.warn({ err: error }, 'dependency failed');
        return send(request, reply, problem);
      }
      request.log.error({ err: error }, 'request failed');
      return send(request, reply, { status: 500, code: 'internal_error' });
    });
    app.setNotFoundHandler((request, reply) =>
      send(request, reply, {
        status: 404,
        code: 'not_found',
        detail: `no route ${request.method} ${request.url.split('?')[0]}`,
      }),
    );
  },
  { name: 'error-handler' },
);
