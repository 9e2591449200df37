/** RFC 9457 problem details, as every API error answers (contracts' `Problem`). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  requestId: string;
  errors?: { path: string; message: string; keyword?: string }[];
  /** Imports: which rows failed and why (nothing was written). */
  rows?: {
    row: number;
    line: number | null;
    field: string | null;
    code: string;
    message: string;
  }[];
}

/** An API call that failed: the problem document (or a synthetic one for network failures). */
export class ApiError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.problem = problem;
  }
  get status(): number {
    return this.problem.status;
  }
}

export function isProblem(value: unknown): value is Problem {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Problem).status === 'number' &&
    typeof (value as Problem).title === 'string'
  );
}

/** A problem for a response that carried none (a proxy error page, a dropped connection). */
export function syntheticProblem(status: number, title: string): Problem {
  return { type: 'about:blank', title, status, code: 'http_error', requestId: '' };
}

/**
 * Field errors keyed by form path: the API's `body.demandOrders.0.headcount` becomes
 * `demandOrders.0.headcount`, which is how the wizard names its fields.
 */
export function fieldErrors(problem: Problem): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of problem.errors ?? []) {
    const path = e.path.replace(/^(body|querystring|params)\.?/, '');
    if (!(path in out)) out[path] = e.message;
  }
  return out;
}
