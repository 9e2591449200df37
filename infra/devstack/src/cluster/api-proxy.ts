import replyFrom from '@fastify/reply-from';
import Fastify from 'fastify';

export interface Upstream {
  /** A name for logs and counts, e.g. api-1. */
  name: string;
  /** Its origin, e.g. http://127.0.0.1:3001. */
  url: string;
}

export interface ApiProxy {
  readonly url: string;
  /** Answers by upstream and status (what each API instance answered through the proxy). */
  answers(): Record<string, Record<number, number>>;
  close(): Promise<void>;
}

const CONNECT_REFUSED = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * The reverse proxy in front of the API instances (what a load balancer is in production): round
 * robin, and a request whose connection an instance refuses (it is down) goes to the next one —
 * safe for any method, since the refused instance never saw it. A request an instance dies in the
 * middle of is answered 502 and not repeated (the caller's Idempotency-Key makes its retry safe).
 * Bodies pass through byte for byte.
 */
export async function startApiProxy(options: {
  port: number;
  host?: string;
  upstreams: readonly Upstream[];
  /** Told of each request an instance failed (refused, died in, timed out). */
  onUpstreamError?: (upstream: string, request: string, error: string) => void;
}): Promise<ApiProxy> {
  const { upstreams } = options;
  if (upstreams.length === 0) throw new Error('the proxy needs at least one upstream');
  const counts: Record<string, Record<number, number>> = Object.fromEntries(
    upstreams.map((u) => [u.name, {}]),
  );
  const app = Fastify({ logger: false, bodyLimit: 16 * 1_048_576 });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  await app.register(replyFrom, {
    // Headers within the API's longest workflow timeout (WORKFLOW_TIMEOUT_MS at most 600 s);
    // bodies unbounded (server-sent events).
    undici: { connectTimeout: 2_000, headersTimeout: 610_000, bodyTimeout: 0 },
    disableRequestLogging: true,
  });

  let next = 0;
  app.all('/*', (request, reply) => {
    const first = next;
    next = (next + 1) % upstreams.length;
    const body = Buffer.isBuffer(request.body) ? request.body : undefined;
    const attempt = (tried: number) => {
      const upstream = upstreams[(first + tried) % upstreams.length] as Upstream;
      return reply.from(undefined, {
        getUpstream: () => upstream.url,
        ...(body
          ? { body, contentType: request.headers['content-type'] ?? 'application/octet-stream' }
          : {}),
        rewriteHeaders: (headers) => ({ ...headers, 'x-upstream': upstream.name }),
        onResponse: (_request, answer, response) => {
          const byStatus = counts[upstream.name] as Record<number, number>;
          byStatus[answer.statusCode] = (byStatus[answer.statusCode] ?? 0) + 1;
          answer.send(response.stream);
        },
        onError: (answer, { error }) => {
          const cause = (error as { cause?: { code?: string } }).cause;
          options.onUpstreamError?.(
            upstream.name,
            `${request.method} ${request.url}`,
            cause?.code ?? (error as { code?: string }).code ?? error.message,
          );
          if (CONNECT_REFUSED.has(cause?.code ?? '') && tried + 1 < upstreams.length) {
            attempt(tried + 1);
            return;
          }
          // The instance failed the request (died in it, or timed out): a gateway's answer.
          const status = (error as { statusCode?: number }).statusCode === 504 ? 504 : 502;
          answer
            .code(status)
            .type('application/problem+json')
            .send({
              type: 'about:blank',
              status,
              code: status === 504 ? 'upstream_timeout' : 'upstream_failed',
              title: `${upstream.name} did not answer`,
            });
        },
      });
    };
    return attempt(0);
  });
  await app.listen({ port: options.port, host: options.host ?? '127.0.0.1' });
  return {
    url: `http://127.0.0.1:${options.port}`,
    answers: () => structuredClone(counts),
    close: () => app.close(),
  };
}
