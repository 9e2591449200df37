// The living demo's HTTP client: the demo users call the API exactly as the console and an
// enterprise's HR system do — sign in, bearer token or API key, JSON bodies, an Idempotency-Key
// on every change (so a resumed run replays answers instead of writing twice).

/** Who makes a request: a console user (by username), an enterprise (by API key), or nobody yet. */
export type Caller = { user: string } | { apiKey: string } | 'anonymous';

export interface DemoResponse<T = unknown> {
  status: number;
  body: T;
}

/** A request that did not get the answer the demo needed. */
export class DemoRequestError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${method} ${path} answered ${status}: ${JSON.stringify(body).slice(0, 400)}`);
    this.name = 'DemoRequestError';
  }

  /** The problem's stable `code` (RFC 9457 body), when there is one. */
  get code(): string | undefined {
    const body = this.body as { code?: unknown } | null;
    return typeof body?.code === 'string' ? body.code : undefined;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Bounded: a busy API (429, 503) or one restarting (connection refused) is waited for, a while.
const MAX_TRANSIENT_RETRIES = 40;

export class DemoClient {
  readonly #tokens = new Map<string, Promise<string>>();

  /**
   * `releaseStuckKey` frees a key an earlier, interrupted run left claimed but unanswered (the
   * API answers `idempotency_key_in_progress` for it forever otherwise); true when it did.
   */
  constructor(
    readonly baseUrl: string,
    readonly password: string,
    readonly releaseStuckKey: (key: string) => Promise<boolean> = async () => false,
  ) {}

  /** Sends one request and answers whatever the API said (no status is an error here). */
  async send<T = unknown>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    path: string,
    caller: Caller,
    options: { body?: unknown; idempotencyKey?: string } = {},
  ): Promise<DemoResponse<T>> {
    for (let attempt = 0; ; attempt += 1) {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (caller !== 'anonymous') {
        if ('apiKey' in caller) headers['x-api-key'] = caller.apiKey;
        else headers.authorization = `Bearer ${await this.#token(caller.user)}`;
      }
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
      let response: Response;
      try {
        response = await fetch(`${this.baseUrl}/api/v1${path}`, {
          method,
          headers,
          ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
        });
      } catch (error) {
        if (attempt >= MAX_TRANSIENT_RETRIES) throw error;
        await sleep(500);
        continue;
      }
      const text = await response.text();
      const body = (text ? JSON.parse(text) : null) as T;
      if (caller !== 'anonymous' && 'user' in caller && response.status === 401 && attempt < 2) {
        // The token expired (15 minutes) during a long resume: sign in again.
        this.#tokens.delete(caller.user);
        continue;
      }
      const code = (body as { code?: unknown } | null)?.code;
      if (
        response.status === 409 &&
        code === 'idempotency_key_in_progress' &&
        options.idempotencyKey &&
        attempt < MAX_TRANSIENT_RETRIES
      ) {
        // Still running elsewhere (wait), or left behind by a stopped API (free it, then retry).
        if (!(await this.releaseStuckKey(options.idempotencyKey))) await sleep(3_000);
        continue;
      }
      if ([429, 502, 503].includes(response.status) && attempt < MAX_TRANSIENT_RETRIES) {
        const after = Number(response.headers.get('retry-after'));
        await sleep(Number.isFinite(after) && after > 0 ? Math.min(after, 10) * 1000 : 500);
        continue;
      }
      return { status: response.status, body };
    }
  }

  /** Sends one request and answers its body, or throws unless the status is a 2xx. */
  async call<T = unknown>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    path: string,
    caller: Caller,
    options: { body?: unknown; idempotencyKey?: string } = {},
  ): Promise<T> {
    const response = await this.send<T>(method, path, caller, options);
    if (response.status < 200 || response.status >= 300) {
      throw new DemoRequestError(method, path, response.status, response.body);
    }
    return response.body;
  }

  #token(username: string): Promise<string> {
    let token = this.#tokens.get(username);
    if (!token) {
      token = this.#login(username);
      this.#tokens.set(username, token);
      token.catch(() => this.#tokens.delete(username));
    }
    return token;
  }

  async #login(username: string): Promise<string> {
    const response = await this.send<{ token: string }>('POST', '/auth/login', 'anonymous', {
      body: { username, password: this.password },
    });
    if (response.status !== 200) {
      throw new DemoRequestError('POST', '/auth/login', response.status, response.body);
    }
    return response.body.token;
  }
}

/**
 * Retries `attempt` while it fails with one of `codes` (a step the workflow is not ready for yet,
 * e.g. RoundOpening, NoOpenCheck), every `intervalMs`, for at most `timeoutMs`.
 */
export async function whileRefused<T>(
  codes: readonly string[],
  attempt: () => Promise<T>,
  { intervalMs = 300, timeoutMs = 60_000 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      const refused =
        error instanceof DemoRequestError && error.code !== undefined && codes.includes(error.code);
      if (!refused || Date.now() > deadline) throw error;
      await sleep(intervalMs);
    }
  }
}

/** Polls `read` until `done` holds, every `intervalMs`, for at most `timeoutMs`. */
export async function until<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  { intervalMs = 400, timeoutMs = 90_000 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`${what}: still ${JSON.stringify(value).slice(0, 300)}`);
    }
    await sleep(intervalMs);
  }
}

/** Runs a change whose repeat the API refuses with one of `codes` once done: that counts as done. */
export async function doneUnless<T>(
  codes: readonly string[],
  attempt: () => Promise<T>,
): Promise<T | null> {
  try {
    return await attempt();
  } catch (error) {
    if (error instanceof DemoRequestError && codes.includes(error.code ?? '')) return null;
    throw error;
  }
}
