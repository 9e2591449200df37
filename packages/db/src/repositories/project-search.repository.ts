import type { ProjectStage } from '@qiancheng/domain';
import { sql } from 'kysely';
import type { Db } from '../create-db.js';
import type { ProjectConfig, ProjectRow } from '../database.js';
import { regionLike } from './demand-order-search.repository.js';

const columns = [
  'id',
  'name',
  'type',
  'sector',
  'sectorField',
  'ownerRegionCode',
  'trainingRegionCode',
  'targetLevel',
  'providerId',
  'evaluationBodyId',
  'plannedHeadcount',
  'config',
  'catalogueVersionId',
  'approvedOn',
  'stage',
  'workflowId',
  'createdAt',
  'createdBy',
  'updatedAt',
] as const;

/**
 * A project's stored configuration. Records written before the workflow's own durations moved
 * into the domain lack them; read them through the domain's projectDurations().
 */
export type StoredConfig = Omit<ProjectConfig, 'durations'> & {
  durations: Partial<ProjectConfig['durations']>;
};

export interface ProjectFilter {
  /** Projects a regional user may see: owned by, or partnered with, a region inside it. */
  visibleTo?: string | null;
  q?: string;
  stage?: ProjectStage;
  type?: string;
  sector?: string;
  regionCode?: string;
  demandOrderId?: string;
  createdFrom?: string;
  createdTo?: string;
  sort?: 'createdAt' | '-createdAt' | 'name' | '-name';
  offset: number;
  limit: number;
}

/** Projects matching a filter (search, stage, region …), a page of them and the total. */
export async function page(db: Db, filter: ProjectFilter) {
  let query = db.selectFrom('projects');
  const within = (region: string) => {
    const like = regionLike(region);
    return query.where((eb) =>
      eb.or([
        eb('ownerRegionCode', 'like', like),
        eb('trainingRegionCode', 'like', like),
        eb.exists(
          eb
            .selectFrom('projectPartnerRegions as pr')
            .select('pr.projectId')
            .whereRef('pr.projectId', '=', 'projects.id')
            .where('pr.regionCode', 'like', like),
        ),
      ]),
    );
  };
  if (filter.visibleTo) query = within(filter.visibleTo);
  if (filter.regionCode) query = within(filter.regionCode);
  if (filter.q) {
    const escaped = filter.q.replace(/[\\%_]/g, (c) => `\\${c}`);
    query = query.where('name', 'ilike', `%${escaped}%`);
  }
  if (filter.stage) query = query.where('stage', '=', filter.stage);
  if (filter.type) query = query.where('type', '=', filter.type as ProjectRow['type']);
  if (filter.sector) query = query.where('sector', '=', filter.sector as ProjectRow['sector']);
  if (filter.createdFrom)
    query = query.where('createdAt', '>=', sql<Date>`${filter.createdFrom}::date`);
  if (filter.createdTo) {
    query = query.where('createdAt', '<', sql<Date>`${filter.createdTo}::date + 1`);
  }
  const demandOrderId = filter.demandOrderId;
  if (demandOrderId) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('projectDemandOrders as pd')
          .select('pd.projectId')
          .whereRef('pd.projectId', '=', 'projects.id')
          .where('pd.demandOrderId', '=', demandOrderId),
      ),
    );
  }
  const sort = filter.sort ?? '-createdAt';
  const [rows, count] = await Promise.all([
    query
      .select(columns)
      .orderBy(sort.replace('-', '') as 'createdAt' | 'name', sort.startsWith('-') ? 'desc' : 'asc')
      .orderBy('id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Partner regions, demand orders and occupations of some projects, by project id. */
export async function links(db: Db, ids: string[]) {
  if (ids.length === 0) return { partners: [], orders: [], occupations: [], shares: [] };
  const [partners, orders, occupations, shares] = await Promise.all([
    db
      .selectFrom('projectPartnerRegions')
      .select(['projectId', 'regionCode', 'role'])
      .where('projectId', 'in', ids)
      .orderBy('regionCode')
      .execute(),
    db
      .selectFrom('projectDemandOrders')
      .select(['projectId', 'demandOrderId', 'headcount'])
      .where('projectId', 'in', ids)
      .orderBy('demandOrderId')
      .execute(),
    db
      .selectFrom('projectOccupations')
      .select(['projectId', 'occupationCode'])
      .where('projectId', 'in', ids)
      .orderBy('occupationCode')
      .execute(),
    // Each project's shares as its latest round has them (the plan in force or being decided).
    db
      .selectFrom('partyShares as s')
      .innerJoin('costSharingRounds as r', 'r.id', 's.roundId')
      .innerJoin('costSharingAgreements as a', 'a.id', 'r.agreementId')
      .select(['a.projectId', 's.regionCode', 's.shareBp'])
      .where('a.projectId', 'in', ids)
      .where(({ eb, selectFrom }) =>
        eb(
          'r.round',
          '=',
          selectFrom('costSharingRounds as r2')
            .select(({ fn }) => fn.max('r2.round').as('latest'))
            .whereRef('r2.agreementId', '=', 'r.agreementId'),
        ),
      )
      .execute(),
  ]);
  return { partners, orders, occupations, shares };
}

/** Replaces the course plan of a project not yet running (no sessions refer to it yet). */
export async function replaceModules(db: Db, projectId: string) {
  await db.deleteFrom('courseModules').where('projectId', '=', projectId).execute();
}

export async function setConfig(db: Db, projectId: string, config: StoredConfig) {
  await db
    .updateTable('projects')
    .set({ config: JSON.stringify(config), updatedAt: sql`now()` })
    .where('id', '=', projectId)
    .execute();
}

/** The project's stage and last change, for the event stream. */
export async function stageOf(db: Db, projectId: string) {
  return db
    .selectFrom('projects')
    .select(['stage', 'updatedAt'])
    .where('id', '=', projectId)
    .executeTakeFirst();
}

/** Registered trainees among these resident-ID digests (to register only the new ones). */
export async function traineesByDigest(db: Db, digests: string[]) {
  if (digests.length === 0) return [];
  return db
    .selectFrom('trainees')
    .select(['id', 'residentIdDigest', 'maskedResidentId'])
    .where('residentIdDigest', 'in', digests)
    .execute();
}

export async function knownRegions(db: Db, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db.selectFrom('regions').select('code').where('code', 'in', codes).execute();
  return new Set(rows.map((r) => r.code));
}
