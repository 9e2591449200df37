/** RFC 9457 problem details, as every API error answers (contracts' `Problem`). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  requestId: string;
  errors?: {
    path: string;
    message: string;
    keyword?: string;
    /** A stable code of the field's problem (a plan rule's, e.g. `shares_not_whole`). */
    code?: string;
    params?: Record<string, string | number>;
  }[];
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

/** One thing wrong with one field: a stable code and its figures; `message` is the API's fallback text. */
export interface FieldProblem {
  code: string;
  params: Record<string, string | number>;
  message?: string;
}
export type FieldProblems = Record<string, FieldProblem>;

/**
 * The problem's field errors by form path (the API's `body.demandOrders.0.headcount` becomes
 * `demandOrders.0.headcount`, as the forms name their fields), keeping each one's code and
 * figures so the console words it (a schema error by its keyword).
 */
export function fieldProblems(problem: Problem): FieldProblems {
  const out: FieldProblems = {};
  for (const e of problem.errors ?? []) {
    const path = e.path.replace(/^(body|querystring|params)\.?/, '');
    if (path in out) continue;
    out[path] = {
      code: e.code ?? e.keyword ?? 'invalid',
      params: e.params ?? {},
      message: e.message,
    };
  }
  return out;
}
