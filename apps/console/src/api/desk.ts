import { client, QUIET, unwrap } from './client';
import type { Body, Ok, Query } from './types';

export type RosterQuery = Query<'/api/v1/projects/{id}/trainees', 'get'>;
export type RosterPage = Ok<'/api/v1/projects/{id}/trainees', 'get'>;
export type RosterTrainee = RosterPage['items'][number];
export type AttendanceRequest = Body<'/api/v1/projects/{id}/attendance', 'post'>;
export type AssessmentsRequest = Body<'/api/v1/projects/{id}/assessments', 'post'>;
export type AssessmentResult = AssessmentsRequest['results'][number];
export type PlacementsRequest = Body<'/api/v1/projects/{id}/placements', 'post'>;
export type PlacementInput = PlacementsRequest['placements'][number];
export type ClaimExplanation = Ok<'/api/v1/claims/{id}/explain', 'get'>;
export type StageStep =
  | 'enrolment/close'
  | 'training/complete'
  | 'evaluation/close'
  | 'employment/close';

const key = () => ({ ...QUIET, 'idempotency-key': crypto.randomUUID() });
const path = (id: string) => ({ path: { id } });

/** A page of the project's trainees with their outcomes. */
export async function listTrainees(id: string, query: RosterQuery): Promise<RosterPage> {
  return unwrap(
    await client.GET('/api/v1/projects/{id}/trainees', { params: { path: { id }, query } }),
  );
}

/** Closes a stage (enrolment, training, evaluation, employment); problems come back quiet. */
export async function closeStage(id: string, step: StageStep, reason?: string) {
  const body = reason ? { reason } : {};
  const params = path(id);
  const headers = key();
  switch (step) {
    case 'enrolment/close':
      return unwrap(
        await client.POST('/api/v1/projects/{id}/enrolment/close', { params, body, headers }),
      );
    case 'training/complete':
      return unwrap(
        await client.POST('/api/v1/projects/{id}/training/complete', { params, body, headers }),
      );
    case 'evaluation/close':
      return unwrap(
        await client.POST('/api/v1/projects/{id}/evaluation/close', { params, body, headers }),
      );
    case 'employment/close':
      return unwrap(
        await client.POST('/api/v1/projects/{id}/employment/close', { params, body, headers }),
      );
  }
}

export async function cancelProject(id: string, reason: string) {
  return unwrap(
    await client.POST('/api/v1/projects/{id}/cancel', {
      params: path(id),
      body: { reason },
      headers: key(),
    }),
  );
}

export async function retryStep(id: string, reason?: string) {
  return unwrap(
    await client.POST('/api/v1/projects/{id}/retry', {
      params: path(id),
      body: reason ? { reason } : {},
      headers: key(),
    }),
  );
}

export async function recordAttendance(id: string, body: AttendanceRequest) {
  return unwrap(
    await client.POST('/api/v1/projects/{id}/attendance', {
      params: path(id),
      body,
      headers: QUIET,
    }),
  );
}

export async function submitAssessments(id: string, body: AssessmentsRequest) {
  return unwrap(
    await client.POST('/api/v1/projects/{id}/assessments', {
      params: path(id),
      body,
      headers: key(),
    }),
  );
}

export async function recordPlacements(id: string, body: PlacementsRequest) {
  return unwrap(
    await client.POST('/api/v1/projects/{id}/placements', {
      params: path(id),
      body,
      headers: key(),
    }),
  );
}

export async function answerFollowUp(
  id: string,
  traineeId: string,
  checkpointMonths: 3 | 6,
  retained: boolean,
) {
  return unwrap(
    await client.POST('/api/v1/projects/{id}/follow-ups/{traineeId}/answer', {
      params: { path: { id, traineeId } },
      body: { checkpointMonths, retained },
      headers: key(),
    }),
  );
}

export async function explainClaim(id: string): Promise<ClaimExplanation> {
  return unwrap(await client.GET('/api/v1/claims/{id}/explain', { params: { path: { id } } }));
}

/** A paying region approves its part of a claim (auditors; a national one names the region). */
export async function approveClaim(id: string, payerRegionCode: string) {
  return unwrap(
    await client.POST('/api/v1/claims/{id}/decisions', {
      params: { path: { id } },
      body: { decision: 'approve', payerRegionCode },
      headers: key(),
    }),
  );
}

/** Pays a region's approved part of a claim: one payment entry per fund. */
export async function payClaim(id: string, payerRegionCode: string) {
  return unwrap(
    await client.POST('/api/v1/claims/{id}/payments', {
      params: { path: { id } },
      body: { payerRegionCode },
      headers: key(),
    }),
  );
}
