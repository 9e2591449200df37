import type { Db } from '@qiancheng/db';
import type { Client, Connection } from '@temporalio/client';
import { buildApp } from '../src/app.js';

/** The OpenAPI document of the API as built with docs on; no service is contacted. */
export async function openApiDocument(): Promise<unknown> {
  const unused = new Proxy(
    {},
    {
      get() {
        throw new Error('the OpenAPI document needs no service');
      },
    },
  );
  const app = await buildApp(
    { db: unused as Db, temporal: unused as Connection, client: unused as Client },
    { logger: false, settings: { docsEnabled: true } },
  );
  await app.ready();
  const document = app.swagger();
  await app.close();
  return document;
}
