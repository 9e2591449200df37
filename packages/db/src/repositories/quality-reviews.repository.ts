import type { IsoDate, ProviderGrade, QualityMetrics, ReviewMethod } from '@qiancheng/domain';
import type { Kysely } from 'kysely';
import type { Database, QualityReviewRow } from '../database.js';

const columns = [
  'id',
  'projectId',
  'method',
  'reviewer',
  'reviewedOn',
  'metrics',
  'providerGrade',
  'findings',
  'recordedAt',
  'recordedBy',
] as const;

/** Records a quality review of a project (十三 质效评估). */
export async function insert(
  db: Kysely<Database>,
  review: {
    id?: string;
    projectId: string;
    method: ReviewMethod;
    reviewer: string;
    reviewedOn: IsoDate;
    metrics: Partial<QualityMetrics>;
    providerGrade: ProviderGrade | null;
    findings: string | null;
    recordedBy: string;
  },
): Promise<QualityReviewRow> {
  return db
    .insertInto('qualityReviews')
    .values({ ...review, metrics: JSON.stringify(review.metrics) })
    .returning(columns)
    .executeTakeFirstOrThrow();
}

/** A project's reviews, oldest first. */
export async function listForProject(
  db: Kysely<Database>,
  projectId: string,
): Promise<QualityReviewRow[]> {
  return db
    .selectFrom('qualityReviews')
    .select(columns)
    .where('projectId', '=', projectId)
    .orderBy('reviewedOn')
    .orderBy('recordedAt')
    .execute();
}
