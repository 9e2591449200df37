/**
 * Typed API errors, mapped to RFC 9457 problem+json in one place (plugins/app/error-handler.ts).
 * `code` is stable: clients branch on it, never on the title.
 */
/** One failing field: its path, a message for developers, and a stable code for clients to word. */
export interface FieldError {
  path: string;
  message: string;
  keyword?: string;
  code?: string;
  params?: Record<string, string | number>;
}

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly extra: {
      errors?: FieldError[];
      rows?: unknown[];
      detail?: string;
    } = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const unauthorized = (message = 'authentication required', code = 'unauthorized') =>
  new ApiError(401, code, message);
export const forbidden = (message = 'not allowed for this role or region', code = 'forbidden') =>
  new ApiError(403, code, message);
/** Also used for records outside the caller's scope, so their existence is not revealed. */
export const notFound = (what: string, code = 'not_found') =>
  new ApiError(404, code, `${what} not found`);
export const conflict = (code: string, message: string) => new ApiError(409, code, message);
/** A domain rule is broken (the request is well-formed but cannot be done). */
export const unprocessable = (code: string, message: string, errors?: FieldError[]) =>
  new ApiError(422, code, message, errors ? { errors } : {});
