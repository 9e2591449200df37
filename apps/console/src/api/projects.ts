import { client, QUIET, unwrap } from './client';
import type {
  EnrolResponse,
  FraudFindingRequest,
  FraudFindingResponse,
  LaunchResponse,
  PartiesInput,
  Project,
  ProjectCreate,
  ProjectDetail,
  ProjectListQuery,
  ProjectPage,
  ProjectTimingsPatch,
  ReviseSharesRequest,
  ReviseSharesResponse,
  ShareDecisionResponse,
} from './types';

export async function listProjects(query: ProjectListQuery): Promise<ProjectPage> {
  return unwrap(await client.GET('/api/v1/projects/', { params: { query } }));
}

export async function getProject(id: string): Promise<ProjectDetail> {
  return unwrap(await client.GET('/api/v1/projects/{id}', { params: { path: { id } } }));
}

/** Creates a project with its plans in one call; field errors come back for the form (quiet). */
export async function createProject(body: ProjectCreate): Promise<Project> {
  return unwrap(await client.POST('/api/v1/projects/', { body, headers: QUIET }));
}

/** Replaces the parties of a project not yet launched (field problems for the form: quiet). */
export async function setParties(id: string, body: PartiesInput): Promise<Project> {
  return unwrap(
    await client.PUT('/api/v1/projects/{id}/parties', {
      params: { path: { id } },
      body,
      headers: QUIET,
    }),
  );
}

/** A new round of shares after a rejection or expiry (十二); field problems come back quiet. */
export async function reviseShares(
  id: string,
  body: ReviseSharesRequest,
): Promise<ReviseSharesResponse> {
  return unwrap(
    await client.POST('/api/v1/projects/{id}/cost-shares/revise', {
      params: { path: { id } },
      body,
      headers: { ...QUIET, 'idempotency-key': crypto.randomUUID() },
    }),
  );
}

export async function launchProject(
  id: string,
  timings?: ProjectTimingsPatch,
): Promise<LaunchResponse> {
  return unwrap(
    await client.POST('/api/v1/projects/{id}/launch', {
      params: { path: { id } },
      body: timings ? { timings } : {},
      headers: QUIET,
    }),
  );
}

export async function decideShare(
  id: string,
  regionCode: string,
  decision: 'approve' | 'reject',
  round: number,
  reason?: string,
): Promise<ShareDecisionResponse> {
  const params = { path: { id, regionCode } };
  const headers = { 'idempotency-key': crypto.randomUUID() };
  if (decision === 'approve') {
    return unwrap(
      await client.POST('/api/v1/projects/{id}/cost-shares/{regionCode}/approve', {
        params,
        headers,
        body: reason ? { round, reason } : { round },
      }),
    );
  }
  return unwrap(
    await client.POST('/api/v1/projects/{id}/cost-shares/{regionCode}/reject', {
      params,
      headers,
      body: { round, reason: reason ?? '' },
    }),
  );
}

/** Uploads a trainee CSV; a per-row report comes back as a 422 problem with `rows` (quiet). */
export async function importTrainees(id: string, csv: string): Promise<EnrolResponse> {
  return unwrap(
    await client.POST('/api/v1/projects/{id}/enrolments/import', {
      params: { path: { id } },
      body: csv,
      bodySerializer: (body: string) => body,
      headers: { ...QUIET, 'content-type': 'text/csv; charset=utf-8' },
    }),
  );
}

export async function reportFraud(
  id: string,
  body: FraudFindingRequest,
): Promise<FraudFindingResponse> {
  return unwrap(
    await client.POST('/api/v1/projects/{id}/fraud-findings', {
      params: { path: { id } },
      body,
      headers: { ...QUIET, 'idempotency-key': crypto.randomUUID() },
    }),
  );
}
