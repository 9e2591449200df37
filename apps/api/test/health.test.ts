import { createDb } from '@qiancheng/db';
import { createTestDatabase, requireTestEnv, type TestDatabase } from '@qiancheng/testing';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';

const env = requireTestEnv();
// A port nothing listens on (the discard port on loopback), to play a dependency that is down.
const deadAddress = '127.0.0.1:9';
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase('api_health');
});
afterAll(async () => {
  await database.drop();
});

async function appWith(databaseUrl: string, temporalAddress: string) {
  const db = createDb(databaseUrl, { max: 1 });
  // Without the client's gRPC retry interceptor: its retry timers against a dead address outlive
  // the abort of the health probe and fire on the closed connection after the test (an uncaught
  // "Channel has been shut down"). The probe's answer is the same either way.
  const temporal = Connection.lazy({ address: temporalAddress, interceptors: [] });
  const client = new Client({ connection: temporal });
  const app = await buildApp({ db, temporal, client });
  return {
    app,
    async close() {
      await app.close();
      await db.destroy();
      await temporal.close();
    },
  };
}

describe('GET /health', () => {
  it('answers 200 when PostgreSQL and Temporal are up', async () => {
    const { app, close } = await appWith(database.url, env.temporalAddress);
    try {
      const response = await app.inject({ method: 'GET', url: '/health' });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body).toMatchObject({
        status: 'ok',
        down: [],
        checks: { postgres: { status: 'up' }, temporal: { status: 'up' } },
      });
    } finally {
      await close();
    }
  });

  it('answers 503 naming Temporal when Temporal is down', async () => {
    const { app, close } = await appWith(database.url, deadAddress);
    try {
      const response = await app.inject({ method: 'GET', url: '/health' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({
        status: 'unavailable',
        down: ['temporal'],
        checks: { postgres: { status: 'up' } },
      });
    } finally {
      await close();
    }
  });

  it('answers 503 naming PostgreSQL when PostgreSQL is down', async () => {
    const url = new URL(database.url);
    url.port = '9';
    const { app, close } = await appWith(url.toString(), env.temporalAddress);
    try {
      const response = await app.inject({ method: 'GET', url: '/health' });
      expect(response.statusCode).toBe(503);
      const body = response.json();
      expect(body.down).toEqual(['postgres']);
      expect(body.checks.postgres.error).toBeTypeOf('string');
    } finally {
      await close();
    }
  });
});

describe('unknown routes', () => {
  it('answer 404 as problem+json with the request id', async () => {
    const { app, close } = await appWith(database.url, env.temporalAddress);
    try {
      const response = await app.inject({
        method: 'GET',
        url: '/nope',
        headers: { 'x-request-id': 'req-42' },
      });
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({
        code: 'not_found',
        status: 404,
        requestId: 'req-42',
      });
    } finally {
      await close();
    }
  });
});
