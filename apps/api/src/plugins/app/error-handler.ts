import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * One place maps errors to RFC 9457 problem+json. 4xx keep their message; 5xx never leak
 * internals (the log has them, with the request id the client also sees).
 */
export default fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
      if (status >= 500) request.log.error({ err: error }, 'request failed');
      const validation = error.validation?.map((issue) => ({
        path: `${error.validationContext ?? 'body'}${issue.instancePath.replaceAll('/', '.')}`,
        message: issue.message ?? 'invalid',
        keyword: issue.keyword,
      }));
      const code = validation
        ? 'validation_failed'
        : status >= 500
          ? 'internal_error'
          : (error.code ?? 'error');
      void reply
        .status(status)
        .type('application/problem+json')
        .send({
          type: `https://qiancheng.example/problems/${code}`,
          title: status >= 500 ? 'Internal Server Error' : error.message,
          status,
          code,
          requestId: request.id,
          ...(validation ? { errors: validation } : {}),
        });
    });
    app.setNotFoundHandler((request, reply) => {
      void reply
        .status(404)
        .type('application/problem+json')
        .send({
          type: 'https://qiancheng.example/problems/not_found',
          title: `Route ${request.method} ${request.url} not found`,
          status: 404,
          code: 'not_found',
          requestId: request.id,
        });
    });
  },
  { name: 'error-handler' },
);
