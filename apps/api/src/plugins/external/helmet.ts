import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Security headers. The API serves JSON (and the docs UI), so the content security policy is
 * strict, loosened only for the Swagger UI's inline styles and scripts under /docs.
 */
const OPTIONS: FastifyHelmetOptions = {
  global: true,
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", "'unsafe-inline'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'validator.swagger.io'],
      frameAncestors: ["'none'"],
    },
  },
  crossOriginResourcePolicy: { policy: 'same-site' },
};

/**
 * The headers helmet sets with OPTIONS, taken from one request to a probe. @fastify/helmet builds
 * helmet's middleware anew for every request (the policy parsed again: a sixth of what the
 * demand-order route allocated, issue 13), yet nothing in them depends on the request.
 */
async function securityHeaders(): Promise<Record<string, string>> {
  const answer = async (withHelmet: boolean) => {
    const probe = Fastify();
    if (withHelmet) await probe.register(helmet, OPTIONS);
    probe.get('/', async () => 'probe');
    const { headers } = await probe.inject('/');
    await probe.close();
    return headers;
  };
  const [plain, secured] = await Promise.all([answer(false), answer(true)]);
  return Object.fromEntries(
    Object.entries(secured).flatMap(([name, value]) =>
      value !== plain[name] && typeof value === 'string' ? [[name, value]] : [],
    ),
  );
}

export default fp(
  async (app: FastifyInstance) => {
    const headers = await securityHeaders();
    if (Object.keys(headers).length === 0) throw new Error('helmet set no header on the probe');
    app.addHook('onRequest', (_request, reply, done) => {
      reply.headers(headers);
      done();
    });
  },
  { name: 'helmet' },
);
