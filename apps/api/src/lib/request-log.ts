import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

/**
 * Each request is logged once, when answered, with its method and URL beside its status and time.
 * Fastify logs it twice (an "incoming request" line first), and each line cost about a tenth of
 * the demand-order route's CPU (issue 13). Errors, 404s and the rest are logged as Fastify does.
 */
export class AnsweredRequestLog extends LogController {
  override incomingRequest() {
    // Said by the line written when the request is answered.
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ) {
    if (this.isLogDisabled(request)) return;
    const line = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}
