import { randomBytes } from 'node:crypto';
import { type Kysely, type QueryCreator, sql } from 'kysely';
import type { Database, WebhookDeliveryRow, WebhookEndpointRow } from '../database.js';

/** A new signing secret: 32 random bytes, base64url. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** Registers (or replaces) an enterprise's endpoint; the secret is returned to show once. */
export async function register(
  db: Kysely<Database>,
  input: { enterpriseId: string; url: string; secret?: string },
): Promise<WebhookEndpointRow> {
  const secret = input.secret ?? generateWebhookSecret();
  return db
    .insertInto('webhookEndpoints')
    .values({ enterpriseId: input.enterpriseId, url: input.url, secret })
    .onConflict((oc) =>
      oc.column('enterpriseId').doUpdateSet({ url: input.url, secret, rotatedAt: sql`now()` }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Replaces the secret, keeping the URL; null when the enterprise has no endpoint. */
export async function rotateSecret(
  db: Kysely<Database>,
  enterpriseId: string,
): Promise<WebhookEndpointRow | null> {
  const row = await db
    .updateTable('webhookEndpoints')
    .set({ secret: generateWebhookSecret(), rotatedAt: sql`now()` })
    .where('enterpriseId', '=', enterpriseId)
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

export async function findEndpoint(
  db: Kysely<Database>,
  enterpriseId: string,
): Promise<WebhookEndpointRow | null> {
  const row = await db
    .selectFrom('webhookEndpoints')
    .selectAll()
    .where('enterpriseId', '=', enterpriseId)
    .executeTakeFirst();
  return row ?? null;
}

/** The endpoints of the enterprises whose demand orders a project serves. */
export function projectEndpoints(db: QueryCreator<Database>, projectId: string) {
  return db
    .selectFrom('webhookEndpoints')
    .where('enterpriseId', 'in', (eb) =>
      eb
        .selectFrom('demandOrders')
        .innerJoin('projectDemandOrders', 'projectDemandOrders.demandOrderId', 'demandOrders.id')
        .where('projectDemandOrders.projectId', '=', projectId)
        .select('demandOrders.enterpriseId'),
    );
}

/** The endpoints of the enterprises whose demand orders a project serves, in one query. */
export async function endpointsForProject(
  db: Kysely<Database>,
  projectId: string,
): Promise<WebhookEndpointRow[]> {
  return projectEndpoints(db, projectId).selectAll().orderBy('enterpriseId').execute();
}

/** The delivery with this idempotency key, created on first sight. */
export async function ensureDelivery(
  db: Kysely<Database>,
  input: {
    idempotencyKey: string;
    enterpriseId: string;
    projectId: string;
    event: string;
    payload: Record<string, unknown>;
  },
): Promise<WebhookDeliveryRow> {
  await db
    .insertInto('webhookDeliveries')
    .values({ ...input, payload: JSON.stringify(input.payload) })
    .onConflict((oc) => oc.column('idempotencyKey').doNothing())
    .execute();
  return db
    .selectFrom('webhookDeliveries')
    .selectAll()
    .where('idempotencyKey', '=', input.idempotencyKey)
    .executeTakeFirstOrThrow();
}

/** Records one attempt's outcome. */
export async function recordAttempt(
  db: Kysely<Database>,
  id: string,
  outcome: { status: number | null; error: string | null; delivered: boolean },
): Promise<void> {
  await db
    .updateTable('webhookDeliveries')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      lastStatus: outcome.status,
      lastError: outcome.error,
      ...(outcome.delivered ? { deliveredAt: sql<Date>`now()` } : {}),
    }))
    .where('id', '=', id)
    .execute();
}

export async function listDeliveries(
  db: Kysely<Database>,
  projectId: string,
): Promise<WebhookDeliveryRow[]> {
  return db
    .selectFrom('webhookDeliveries')
    .selectAll()
    .where('projectId', '=', projectId)
    .orderBy('createdAt')
    .execute();
}
