import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AcceptedResponse,
  AssessmentsRequest,
  AttendanceRequest,
  CancelResponse,
  CourseModule,
  CoursePlanInput,
  EnrolRequest,
  EnrolResponse,
  FollowUpAnswerRequest,
  FollowUpAnswerResponse,
  FollowUpParams,
  FraudFindingRequest,
  FraudFindingResponse,
  IdParams,
  LaunchRequest,
  LaunchResponse,
  OptionalReasonBody,
  PartiesInput,
  PlacementsRequest,
  Project,
  ProjectCreate,
  ProjectDetail,
  ProjectListQuery,
  ProjectPage,
  ReasonBody,
  ReviseSharesRequest,
  ReviseSharesResponse,
  ShareDecisionParams,
  ShareDecisionRequest,
  ShareDecisionResponse,
  StepResponse,
} from '@qiancheng/contracts';
import Type from 'typebox';
import * as enrolment from '../../../../services/enrolment.service.js';
import * as steps from '../../../../services/project-steps.service.js';
import * as service from '../../../../services/projects.service.js';
import { contextOf, updateKeyOf } from '../../../context.js';
import { problems, USER_SECURITY } from '../../../problems.js';
import { streamProjectEvents } from './events.js';
import rosterRoutes from './roster.js';

const tags = ['projects'];
const security = USER_SECURITY;
const IdempotencyHeader = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
});

/** Steps whose body is optional: an empty request is an empty object. */
const emptyBody = async (request: { body: unknown }) => {
  request.body ??= {};
};

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const everyone = app.requireUser();
  const managers = app.requireUser('project_manager', 'admin');
  const ctx = (request: Parameters<typeof contextOf>[1]) => contextOf(app, request);
  await app.register(rosterRoutes);

  // Trainee lists also come as CSV exports of the providers' registration forms.
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'string', bodyLimit: app.settings.csvBodyLimitBytes },
    (_request, body, done) => done(null, body),
  );

  app.get(
    '/',
    {
      onRequest: everyone,
      schema: {
        summary: 'List, search, filter and page projects (within your region)',
        tags,
        security,
        querystring: ProjectListQuery,
        response: { 200: ProjectPage, ...problems(403) },
      },
    },
    async (request) => service.list(ctx(request), request.query),
  );

  app.post(
    '/',
    {
      onRequest: managers,
      schema: {
        summary: 'Create a project from demand orders, with its plans',
        tags,
        security,
        body: ProjectCreate,
        response: { 201: Project, ...problems(403, 422) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.create(ctx(request), request.body)),
  );

  app.get(
    '/:id',
    {
      onRequest: everyone,
      schema: {
        summary: "A project's records and the workflow's live state",
        tags,
        security,
        params: IdParams,
        response: { 200: ProjectDetail, ...problems(403, 404) },
      },
    },
    async (request) => service.detail(ctx(request), request.params.id),
  );

  app.put(
    '/:id/course-plan',
    {
      onRequest: managers,
      schema: {
        summary: 'Set the course plan (before launch)',
        tags,
        security,
        params: IdParams,
        body: CoursePlanInput,
        response: {
          200: Type.Object({ items: Type.Array(CourseModule) }),
          ...problems(403, 404, 409),
        },
      },
    },
    async (request) => service.setCoursePlan(ctx(request), request.params.id, request.body),
  );

  app.put(
    '/:id/parties',
    {
      onRequest: managers,
      schema: {
        summary:
          'Set the parties of the draft plan: the owner and partner regions, each with its share and funds (十二, 十七; before launch)',
        tags,
        security,
        params: IdParams,
        body: PartiesInput,
        response: { 200: Project, ...problems(403, 404, 409, 422) },
      },
    },
    async (request) => service.setParties(ctx(request), request.params.id, request.body),
  );

  app.post(
    '/:id/launch',
    {
      onRequest: managers,
      preValidation: emptyBody,
      schema: {
        summary: 'Launch the project: start its workflow (a retried launch starts nothing twice)',
        tags,
        security,
        params: IdParams,
        body: LaunchRequest,
        response: {
          200: LaunchResponse,
          201: LaunchResponse,
          ...problems(403, 404, 409, 422, 503),
        },
      },
    },
    async (request, reply) => {
      const result = await service.launch(
        ctx(request),
        request.params.id,
        request.body.timings,
        request.body.reason,
      );
      return reply.status(result.alreadyLaunched ? 200 : 201).send(result);
    },
  );

  app.get(
    '/:id/events',
    {
      onRequest: everyone,
      schema: {
        summary: 'Server-sent events: the project stage as it changes',
        tags,
        security,
        params: IdParams,
        produces: ['text/event-stream'],
        response: {
          200: Type.String({ description: 'text/event-stream of `stage` events' }),
          ...problems(403, 404),
        },
      },
    },
    async (request, reply) => streamProjectEvents(app, ctx(request), request, reply),
  );

  // ---- cost sharing (十二) ----
  const decision = (kind: 'approve' | 'reject') =>
    app.post(
      `/:id/cost-shares/:regionCode/${kind}`,
      {
        onRequest: app.requireUser('approver'),
        schema: {
          summary:
            kind === 'approve'
              ? "Approve your region's cost share"
              : "Reject your region's cost share (a reason is required)",
          tags: ['approvals'],
          security,
          headers: IdempotencyHeader,
          params: ShareDecisionParams,
          body:
            kind === 'reject'
              ? Type.Object(
                  {
                    round: Type.Integer({ minimum: 1 }),
                    reason: Type.String({ minLength: 1, maxLength: 2000 }),
                  },
                  { additionalProperties: false },
                )
              : ShareDecisionRequest,
          response: { 200: ShareDecisionResponse, ...problems(403, 404, 409, 422, 504) },
        },
      },
      async (request) =>
        steps.decideShare(
          ctx(request),
          request.params.id,
          request.params.regionCode,
          kind,
          request.body,
          updateKeyOf(request),
        ),
    );
  decision('approve');
  decision('reject');

  app.post(
    '/:id/cost-shares/revise',
    {
      onRequest: managers,
      schema: {
        summary: 'Revise the shares after a rejection or expiry: a new round',
        tags: ['approvals'],
        security,
        headers: IdempotencyHeader,
        params: IdParams,
        body: ReviseSharesRequest,
        response: { 200: ReviseSharesResponse, ...problems(403, 404, 409, 422, 504) },
      },
    },
    async (request) =>
      steps.reviseShares(ctx(request), request.params.id, request.body, updateKeyOf(request)),
  );

  // ---- enrolment ----
  app.post(
    '/:id/enrolments',
    {
      onRequest: managers,
      schema: {
        summary: 'Enrol trainees (JSON); all rows are checked first, a bad row writes nothing',
        tags,
        security,
        headers: IdempotencyHeader,
        params: IdParams,
        body: EnrolRequest,
        response: { 200: EnrolResponse, ...problems(403, 404, 409, 422, 504) },
      },
    },
    async (request) =>
      enrolment.enrol(ctx(request), request.params.id, {
        rows: enrolment.rowsFromJson(request.body.trainees),
        parseErrors: [],
        updateKey: updateKeyOf(request),
      }),
  );

  app.post(
    '/:id/enrolments/import',
    {
      onRequest: managers,
      bodyLimit: app.settings.csvBodyLimitBytes,
      schema: {
        summary:
          'Enrol trainees from CSV (name,residentId,homeRegionCode,keyGroups,maskedPhone); ' +
          'a per-row report on 422, nothing written',
        tags,
        security,
        consumes: ['text/csv'],
        headers: IdempotencyHeader,
        params: IdParams,
        body: Type.String({ minLength: 1 }),
        response: { 200: EnrolResponse, ...problems(403, 404, 409, 413, 415, 422, 504) },
      },
    },
    async (request) => {
      const parsed = enrolment.rowsFromCsv(request.body);
      return enrolment.enrol(ctx(request), request.params.id, {
        rows: parsed.rows,
        parseErrors: parsed.errors,
        updateKey: updateKeyOf(request),
      });
    },
  );

  // ---- the chain's other steps: workflow updates ----
  const close = (path: string, step: Parameters<typeof steps.closeStage>[2], summary: string) =>
    app.post(
      `/:id/${path}`,
      {
        onRequest: managers,
        preValidation: emptyBody,
        schema: {
          summary,
          tags,
          security,
          headers: IdempotencyHeader,
          params: IdParams,
          body: OptionalReasonBody,
          response: { 200: StepResponse, ...problems(403, 404, 409, 422, 504) },
        },
      },
      async (request) =>
        steps.closeStage(
          ctx(request),
          request.params.id,
          step,
          request.body.reason,
          updateKeyOf(request),
        ),
    );
  close('enrolment/close', 'close_enrolment', 'Close enrolment; training starts');
  close('training/complete', 'complete_training', 'Complete training; evaluation starts');
  close('evaluation/close', 'close_evaluation', 'Close evaluation; employment service starts');
  close('employment/close', 'close_employment', 'Close employment service; settlement starts');

  app.post(
    '/:id/attendance',
    {
      onRequest: managers,
      schema: {
        summary: 'Record attendance of a session (a signal to the workflow)',
        tags,
        security,
        params: IdParams,
        body: AttendanceRequest,
        response: { 202: AcceptedResponse, ...problems(403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(await steps.recordAttendance(ctx(request), request.params.id, request.body)),
  );

  app.post(
    '/:id/assessments',
    {
      onRequest: managers,
      schema: {
        summary: 'Submit assessment results and certificates (技能评价)',
        tags,
        security,
        headers: IdempotencyHeader,
        params: IdParams,
        body: AssessmentsRequest,
        response: { 200: StepResponse, ...problems(403, 404, 409, 422, 504) },
      },
    },
    async (request) =>
      steps.submitAssessments(ctx(request), request.params.id, request.body, updateKeyOf(request)),
  );

  app.post(
    '/:id/placements',
    {
      onRequest: managers,
      schema: {
        summary: 'Record placements (就业服务); starts 3- and 6-month follow-ups',
        tags,
        security,
        headers: IdempotencyHeader,
        params: IdParams,
        body: PlacementsRequest,
        response: { 200: StepResponse, ...problems(403, 404, 409, 422, 504) },
      },
    },
    async (request) =>
      steps.recordPlacements(ctx(request), request.params.id, request.body, updateKeyOf(request)),
  );

  app.post(
    '/:id/follow-ups/:traineeId/answer',
    {
      onRequest: managers,
      schema: {
        summary: 'Answer a retention follow-up (3 or 6 months)',
        tags,
        security,
        headers: IdempotencyHeader,
        params: FollowUpParams,
        body: FollowUpAnswerRequest,
        response: { 200: FollowUpAnswerResponse, ...problems(403, 404, 409, 422, 504) },
      },
    },
    async (request) =>
      steps.answerFollowUp(
        ctx(request),
        request.params.id,
        request.params.traineeId,
        request.body,
        updateKeyOf(request),
      ),
  );

  app.post(
    '/:id/cancel',
    {
      onRequest: managers,
      schema: {
        summary: 'Cancel the project (releases what it held)',
        tags,
        security,
        headers: IdempotencyHeader,
        params: IdParams,
        body: ReasonBody,
        response: { 200: CancelResponse, ...problems(403, 404, 409, 422, 504) },
      },
    },
    async (request) =>
      steps.cancel(ctx(request), request.params.id, request.body.reason, updateKeyOf(request)),
  );

  app.post(
    '/:id/fraud-findings',
    {
      onRequest: app.requireUser('auditor', 'admin'),
      schema: {
        summary: 'Raise a fraud finding (十八): clawback, optionally revoke qualifications',
        tags: ['oversight'],
        security,
        headers: IdempotencyHeader,
        params: IdParams,
        body: FraudFindingRequest,
        response: { 200: FraudFindingResponse, ...problems(403, 404, 409, 422, 504) },
      },
    },
    async (request) =>
      steps.reportFraud(ctx(request), request.params.id, request.body, updateKeyOf(request)),
  );
};

export default routes;
