import { client, unwrap } from './client';
import type { Body, Ok } from './types';

export type QualityReview = Ok<'/api/v1/quality-reviews/{projectId}', 'get'>['items'][number];
export type QualityReviewCreate = Body<'/api/v1/quality-reviews/{projectId}', 'post'>;
export type QualityReviewCreated = Ok<'/api/v1/quality-reviews/{projectId}', 'post'>;

/** A project's quality reviews (十三), oldest first. */
export async function qualityReviews(projectId: string): Promise<QualityReview[]> {
  return unwrap(
    await client.GET('/api/v1/quality-reviews/{projectId}', { params: { path: { projectId } } }),
  ).items;
}

/** Records a third-party review or a government spot check; the provider's grade follows. */
export async function recordQualityReview(
  projectId: string,
  body: QualityReviewCreate,
): Promise<QualityReviewCreated> {
  return unwrap(
    await client.POST('/api/v1/quality-reviews/{projectId}', {
      params: { path: { projectId } },
      body,
    }),
  );
}
