import { client, QUIET, unwrap } from './client';
import type { Body, Ok } from './types';

export type EscalatedApproval = Ok<'/api/v1/escalations/', 'get'>['items'][number];
export type CoordinatorDecision = Body<'/api/v1/escalations/{approvalId}/decision', 'post'>;
export type NotificationList = Ok<'/api/v1/notifications/', 'get'>;
export type NotificationItem = NotificationList['items'][number];
export type UserSummary = Ok<'/api/v1/users/', 'get'>['items'][number];
export type UserCreate = Body<'/api/v1/users/', 'post'>;
export type ApiKeyRotation = Ok<'/api/v1/enterprises/{id}/api-keys/rotate', 'post'>;

export async function escalations(provinceCode?: string): Promise<EscalatedApproval[]> {
  const query = provinceCode ? { provinceCode } : {};
  return unwrap(await client.GET('/api/v1/escalations/', { params: { query } })).items;
}

export async function decideEscalation(approvalId: string, body: CoordinatorDecision) {
  return unwrap(
    await client.POST('/api/v1/escalations/{approvalId}/decision', {
      params: { path: { approvalId } },
      body,
    }),
  );
}

export async function notifications(quiet = false): Promise<NotificationList> {
  return unwrap(
    await client.GET('/api/v1/notifications/', {
      params: { query: { limit: 50 } },
      ...(quiet ? { headers: QUIET } : {}),
    }),
  );
}

export async function markRead(id: string) {
  return unwrap(await client.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } }));
}

export async function users(): Promise<UserSummary[]> {
  return unwrap(await client.GET('/api/v1/users/')).items;
}

export async function createUser(body: UserCreate) {
  return unwrap(await client.POST('/api/v1/users/', { body }));
}

export async function setDisabled(id: string, disabled: boolean) {
  return unwrap(
    await client.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body: { disabled } }),
  );
}

export async function rotateKeys(enterpriseId: string, label: string): Promise<ApiKeyRotation> {
  return unwrap(
    await client.POST('/api/v1/enterprises/{id}/api-keys/rotate', {
      params: { path: { id: enterpriseId } },
      body: { label },
    }),
  );
}
