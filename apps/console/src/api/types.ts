import type { paths } from './schema.gen';

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;
type Responses<Op> = Op extends { responses: infer R } ? R : never;

/** The JSON of an operation's success answer (200, else 201), from the generated schema. */
export type Ok<P extends keyof paths, M extends keyof paths[P]> =
  Responses<paths[P][M]> extends infer R
    ? R extends { 200: infer X }
      ? Json<X>
      : R extends { 201: infer X }
        ? Json<X>
        : never
    : never;

/** The JSON body an operation takes. */
export type Body<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

/** The query an operation takes. */
export type Query<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  parameters: { query?: infer Q };
}
  ? NonNullable<Q>
  : never;

export type LoginResponse = Ok<'/api/v1/auth/login', 'post'>;
export type CurrentUser = LoginResponse['user'];
export type UserRole = CurrentUser['role'];

export type ProjectPage = Ok<'/api/v1/projects/', 'get'>;
export type Project = ProjectPage['items'][number];
export type ProjectListQuery = Query<'/api/v1/projects/', 'get'>;
export type ProjectCreate = Body<'/api/v1/projects/', 'post'>;
export type ProjectDetail = Ok<'/api/v1/projects/{id}', 'get'>;
export type LiveProjectState = NonNullable<ProjectDetail['live']>;
export type LaunchResponse = Ok<'/api/v1/projects/{id}/launch', 'post'>;
export type ProjectTimingsPatch = NonNullable<ProjectCreate['timings']>;
export type PartiesInput = Body<'/api/v1/projects/{id}/parties', 'put'>;
export type PlanPartyInput = PartiesInput['parties'][number];
export type ReviseSharesRequest = Body<'/api/v1/projects/{id}/cost-shares/revise', 'post'>;
export type ReviseSharesResponse = Ok<'/api/v1/projects/{id}/cost-shares/revise', 'post'>;
export type CostSharingRound = ProjectDetail['costSharing']['rounds'][number];
export type EnrolResponse = Ok<'/api/v1/projects/{id}/enrolments/import', 'post'>;
export type ShareDecisionResponse = Ok<
  '/api/v1/projects/{id}/cost-shares/{regionCode}/approve',
  'post'
>;
export type FraudFindingRequest = Body<'/api/v1/projects/{id}/fraud-findings', 'post'>;
export type FraudFindingResponse = Ok<'/api/v1/projects/{id}/fraud-findings', 'post'>;

export type DemandOrderPage = Ok<'/api/v1/demand-orders/', 'get'>;
export type DemandOrder = DemandOrderPage['items'][number];
export type DemandOrderListQuery = Query<'/api/v1/demand-orders/', 'get'>;
export type ServingProject = Ok<'/api/v1/demand-orders/{id}/projects', 'get'>['items'][number];

export type ApprovalInboxItem = Ok<'/api/v1/approvals/inbox', 'get'>['items'][number];

export type LedgerPage = Ok<'/api/v1/ledger', 'get'>;
export type LedgerEntry = LedgerPage['items'][number];
export type LedgerQuery = Query<'/api/v1/ledger', 'get'>;
export type AuditLogPage = Ok<'/api/v1/audit-log', 'get'>;
export type AuditEntry = AuditLogPage['items'][number];
export type AuditLogQuery = Query<'/api/v1/audit-log', 'get'>;
export type DispatchReport = Ok<'/api/v1/dispatch/', 'get'>;
export type DispatchRow = DispatchReport['items'][number];
