import {
  ApplicationFailure,
  isGrpcServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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
]);

interface Mapped {
  status: number;
  code: string;
  title: string;
  errors?: { path: string; message: string; keyword?: string }[];
  rows?: unknown[];
  detail?: string;
}

const camel = (snake: string) => snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** PostgreSQL errors a request can cause (its input broke a rule the database keeps). */
function fromPostgres(error: { code?: unknown; constraint?: unknown; table?: unknown }) {
  const code = typeof error.code === 'string' ? error.code : null;
  const constraint = typeof error.constraint === 'string' ? error.constraint : '';
  const table = typeof error.table === 'string' ? error.table : '';
  // `demand_orders_occupation_code_fkey` → body.occupationCode
  const column = constraint.startsWith(`${table}_`)
    ? constraint.slice(table.length + 1).replace(/_(fkey|key|check)$/, '')
    : null;
  const errors = column ? [{ path: `body.${camel(column)}`, message: constraint }] : undefined;
  switch (code) {
    case '23503':
      return {
        status: 422,
        code: 'reference_not_found',
        title: 'a referenced record does not exist',
        errors,
      };
    case '23505':
      return {
        status: 409,
        code: 'already_exists',
        title: 'a record with these values already exists',
        errors,
      };
    case '23514':
    case '23502':
      return {
        status: 422,
        code: 'rule_violated',
        title: `a data rule was broken (${constraint || 'check'})`,
      };
    case '22P02':
    case '22007':
    case '22008':
      return { status: 400, code: 'invalid_value', title: 'a value has the wrong form' };
    default:
      return null;
  }
}

/** Map an error to a problem, or null for an unexpected one (a 500). */
function map(error: unknown): Mapped | null {
  if (error instanceof ApiError) {
    return { status: error.statusCode, code: error.code, title: error.message, ...error.extra };
  }
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = error.cause;
    if (cause instanceof ApplicationFailure && cause.type) {
      return {
        status: CONFLICT_TYPES.has(cause.type) ? 409 : 422,
        code: cause.type,
        title: cause.message,
      };
    }
    return { status: 409, code: 'update_failed', title: 'the workflow refused the step' };
  }
  if (error instanceof WorkflowNotFoundError) {
    return {
      status: 409,
      code: 'workflow_not_running',
      title: 'the project workflow is not running',
    };
  }
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return {
      status: 504,
      code: 'workflow_timeout',
      title: 'the workflow did not answer in time; retry with the same Idempotency-Key',
    };
  }
  if (isGrpcServiceError(error)) {
    // 4 DEADLINE_EXCEEDED, 14 UNAVAILABLE
    if (error.code === 4)
      return { status: 504, code: 'workflow_timeout', title: 'Temporal did not answer in time' };
    if (error.code === 14)
      return { status: 503, code: 'temporal_unavailable', title: 'Temporal is unavailable' };
    if (error.code === 5)
      return {
        status: 409,
        code: 'workflow_not_running',
        title: 'the project workflow is not running',
      };
    return null;
  }
  if (error && typeof error === 'object' && 'code' in error && 'severity' in error) {
    return fromPostgres(error as { code?: unknown });
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    return {
      status: 400,
      code: 'validation_failed',
      title: 'the request is not valid',
      errors: fastifyError.validation.map((issue) => ({
        path: `${fastifyError.validationContext ?? 'body'}${issue.instancePath.replaceAll('/', '.')}${
          issue.keyword === 'required' && issue.params && 'missingProperty' in issue.params
            ? `.${String(issue.params.missingProperty)}`
            : ''
        }`,
        message: issue.message ?? 'invalid',
        keyword: issue.keyword,
      })),
    };
  }
  const status = fastifyError.statusCode;
  if (status && status >= 400 && status < 500) {
    const codes: Record<string, string> = {
      FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
      FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
      FST_ERR_CTP_EMPTY_JSON_BODY: 'empty_body',
      FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
    };
    return {
      status,
      code: codes[fastifyError.code] ?? (status === 400 ? 'bad_request' : 'error'),
      title: fastifyError.message,
    };
  }
  return null;
}

function send(request: FastifyRequest, reply: FastifyReply, problem: Mapped) {
  return reply
    .status(problem.status)
    .type('application/problem+json')
    .send({
      type: `https://qiancheng.example/problems/${problem.code}`,
      title: problem.title,
      status: problem.status,
      code: problem.code,
      requestId: request.id,
      instance: request.url.split('?')[0],
      ...(problem.detail ? { detail: problem.detail } : {}),
      ...(problem.errors ? { errors: problem.errors } : {}),
      ...(problem.rows ? { rows: problem.rows } : {}),
    });
}

/**
 * One place maps errors to RFC 9457 problem+json. 4xx keep their message; 5xx never leak
 * internals (the log has them, with the request id the client also sees).
 */
export default fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: unknown, request, reply) => {
      const problem = map(error);
      if (problem && problem.status < 500) return send(request, reply, problem);
      if (problem) {
        request.log.warn({ err: error }, 'dependency failed');
        return send(request, reply, problem);
      }
      request.log.error({ err: error }, 'request failed');
      return send(request, reply, {
        status: 500,
        code: 'internal_error',
        title: 'Internal Server Error',
      });
    });
    app.setNotFoundHandler((request, reply) =>
      send(request, reply, {
        status: 404,
        code: 'not_found',
        title: `Route ${request.method} ${request.url.split('?')[0]} not found`,
      }),
    );
  },
  { name: 'error-handler' },
);
