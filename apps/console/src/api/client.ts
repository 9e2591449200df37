import createClient, { type Middleware } from 'openapi-fetch';
import { ApiError, isProblem, type Problem, syntheticProblem } from './problem';
import type { paths } from './schema.gen';

/** What the app plugs into the one request client (kept out of here to avoid a store cycle). */
export interface ClientHooks {
  token(): string | null;
  /** A 401 on an authenticated call: the session is over. */
  onUnauthorized(): void;
  /** Any other failure the caller did not opt out of toasting. */
  onError(problem: Problem): void;
}

let hooks: ClientHooks = {
  token: () => null,
  onUnauthorized: () => {},
  onError: () => {},
};

export function configureClient(next: Partial<ClientHooks>): void {
  hooks = { ...hooks, ...next };
}

/** Requests with this header are not toasted: the page shows the error itself (forms, 422). */
export const QUIET = { 'x-console-quiet': '1' } as const;

const auth: Middleware = {
  onRequest({ request }) {
    const token = hooks.token();
    if (token && !request.headers.has('authorization')) {
      request.headers.set('authorization', `Bearer ${token}`);
    }
    return request;
  },
};

const errors: Middleware = {
  async onResponse({ request, response }) {
    if (response.ok) return response;
    const quiet = request.headers.has('x-console-quiet');
    if (response.status === 401 && request.headers.has('authorization')) {
      hooks.onUnauthorized();
      return response;
    }
    if (!quiet) {
      let problem: Problem = syntheticProblem(response.status, response.statusText || 'error');
      try {
        const body: unknown = await response.clone().json();
        if (isProblem(body)) problem = body;
      } catch {
        // not JSON: keep the synthetic problem
      }
      hooks.onError(problem);
    }
    return response;
  },
  onError({ error }) {
    const problem = syntheticProblem(0, error instanceof Error ? error.message : String(error));
    hooks.onError(problem);
    return new Response(JSON.stringify(problem), {
      status: 503,
      headers: { 'content-type': 'application/problem+json' },
    });
  },
};

/** The one request client: generated types, auth header, 401 → login, error toast. */
export const client = createClient<paths>({ baseUrl: globalThis.location?.origin ?? '' });
client.use(auth, errors);

/** Turns an openapi-fetch result into its data, or throws the API's problem as an ApiError. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || result.data === undefined) {
    const e = result.error;
    throw new ApiError(
      isProblem(e) ? e : syntheticProblem(result.response.status, result.response.statusText),
    );
  }
  return result.data;
}
