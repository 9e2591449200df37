import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * OpenAPI 3.1 generated from the routes' TypeBox schemas (the same ones that validate), served at
 * /docs/json with a browsable UI at /docs when `docsEnabled`. The console's client is generated
 * from it.
 */
export default fp(
  async (app: FastifyInstance) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Qiancheng 前程 API',
          version: '0.1.0',
          description:
            '岗位需求 + 技能培训 + 技能评价 + 就业服务: demand orders, training projects, cost sharing, ' +
            'enrolment, evaluation, employment, settlement and oversight. Errors are RFC 9457 ' +
            'application/problem+json with a stable `code`.',
        },
        components: {
          securitySchemes: {
            bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
            apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
          },
        },
        tags: [
          { name: 'auth', description: 'console sign-in' },
          { name: 'enterprise', description: 'demand orders and webhooks (API key)' },
          { name: 'projects', description: 'training projects and their steps' },
          { name: 'approvals', description: 'cross-region cost shares (十二)' },
          { name: 'oversight', description: 'ledger, audit log, fraud (十八), dispatch (二十)' },
          { name: 'ops', description: 'health' },
        ],
      },
    });
    // The document is always built (`app.swagger()`: the console's client, the fuzz tests); it is
    // served only where the setting allows (off in production unless DOCS_ENABLED=true).
    if (app.settings.docsEnabled) {
      await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: false });
    }
  },
  { name: 'swagger', dependencies: ['settings'] },
);
