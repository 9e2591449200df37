import { isDomainError } from '@qiancheng/domain';
import { ApplicationFailure } from '@temporalio/common';

/**
 * Failure types an activity answers with, whatever PostgreSQL said. Permanent ones are
 * non-retryable (retrying the same input cannot help); transient ones are retried within the
 * workflow's bounds.
 */
export const ACTIVITY_FAILURE_TYPES = {
  /** SQLSTATE class 22: a value PostgreSQL cannot store (a NUL byte, a number out of range). */
  invalidData: 'InvalidData',
  /** SQLSTATE class 23: a record named does not exist, or one like it already does. */
  constraintViolated: 'ConstraintViolated',
  /** SQLSTATE class 42 or 0A: a statement PostgreSQL refuses (our defect or missing grants). */
  statementRefused: 'StatementRefused',
  /** A raise from our own triggers (P0001, e.g. the append-only log): a refusal. */
  refused: 'Refused',
  /** A domain rule refused the input. */
  invalidInput: 'InvalidInput',
  /** Connection lost, serialization failure, deadlock, shutdown: worth another attempt. */
  databaseUnavailable: 'DatabaseUnavailable',
} as const;

const TRANSIENT_SQLSTATES = new Set([
  '40001',
  '40P01',
  '55P03',
  '57014',
  '57P01',
  '57P02',
  '57P03',
]);
const TRANSIENT_CLASSES = new Set(['08', '53', '58']);
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

interface PgLikeError {
  code: string;
  detail?: unknown;
  column?: unknown;
  constraint?: unknown;
}

function sqlState(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  const code: unknown = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}

/** The field a constraint error names (`Key (enterprise_id)=…` → `enterpriseId`), never the table. */
function fieldOf(error: PgLikeError): string | null {
  const column =
    typeof error.column === 'string'
      ? error.column
      : typeof error.detail === 'string'
        ? /^Key \(([a-z0-9_]+)\)/.exec(error.detail)?.[1]
        : undefined;
  return column ? column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()) : null;
}

const CONSTRAINT_MESSAGES: Record<string, string> = {
  '23503': 'names a record that does not exist',
  '23505': 'would duplicate an existing record',
  '23502': 'leaves a required value empty',
  '23514': 'breaks a data rule',
};

/**
 * What a failed activity should tell its workflow: an ApplicationFailure with a stable type and a
 * message free of SQL (no table, constraint or statement text), non-retryable when retrying the
 * same input cannot succeed. Errors it does not recognise pass through (retried, within bounds).
 */
export function classifyActivityError(activity: string, error: unknown): unknown {
  if (error instanceof ApplicationFailure) return error;
  if (isDomainError(error)) {
    return ApplicationFailure.create({
      message: `${activity}: ${error.message}`,
      type: ACTIVITY_FAILURE_TYPES.invalidInput,
      nonRetryable: true,
      details: [{ code: error.code, field: error.field }],
    });
  }
  const state = sqlState(error);
  if (state) {
    const cls = state.slice(0, 2);
    if (TRANSIENT_SQLSTATES.has(state) || TRANSIENT_CLASSES.has(cls)) {
      return ApplicationFailure.create({
        message: `${activity}: the database could not complete the step now (SQLSTATE ${state})`,
        type: ACTIVITY_FAILURE_TYPES.databaseUnavailable,
        nonRetryable: false,
      });
    }
    const field = fieldOf(error as PgLikeError);
    const permanent = (type: string, what: string) =>
      ApplicationFailure.create({
        message: `${activity}: ${field ? `${field} ` : 'the input '}${what}`,
        type,
        nonRetryable: true,
        details: [{ sqlState: state, field }],
      });
    if (cls === '22')
      return permanent(ACTIVITY_FAILURE_TYPES.invalidData, 'has a value that cannot be stored');
    if (cls === '23')
      return permanent(
        ACTIVITY_FAILURE_TYPES.constraintViolated,
        CONSTRAINT_MESSAGES[state] ?? 'breaks a data rule',
      );
    if (cls === '42' || cls === '0A')
      return ApplicationFailure.create({
        message: `${activity}: the database refused the statement`,
        type: ACTIVITY_FAILURE_TYPES.statementRefused,
        nonRetryable: true,
        details: [{ sqlState: state }],
      });
    if (state === 'P0001')
      return ApplicationFailure.create({
        message: `${activity}: the database refused the change`,
        type: ACTIVITY_FAILURE_TYPES.refused,
        nonRetryable: true,
        details: [{ sqlState: state }],
      });
    return error;
  }
  if (error instanceof Error) {
    const code: unknown = (error as { code?: unknown }).code;
    if (
      (typeof code === 'string' && CONNECTION_CODES.has(code)) ||
      /Connection terminated|connection timeout|timeout exceeded when trying to connect/i.test(
        error.message,
      )
    ) {
      return ApplicationFailure.create({
        message: `${activity}: the database is unreachable`,
        type: ACTIVITY_FAILURE_TYPES.databaseUnavailable,
        nonRetryable: false,
      });
    }
  }
  return error;
}

/**
 * Wraps every activity so its failures are classified in one place ({@link classifyActivityError})
 * instead of a try/catch in each.
 */
export function withClassifiedFailures<T extends object>(activities: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities)) {
    if (typeof fn !== 'function') {
      wrapped[name] = fn;
      continue;
    }
    wrapped[name] = async (...args: unknown[]) => {
      try {
        return await (fn as (...a: unknown[]) => Promise<unknown>)(...args);
      } catch (error) {
        throw classifyActivityError(name, error);
      }
    };
  }
  return wrapped as T;
}
