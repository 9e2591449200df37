import type {
  OccupationCode,
  PartnerRole,
  PlanParty,
  ProjectStage,
  RegionCode,
} from '@qiancheng/domain';
import { type Kysely, sql } from 'kysely';
import type {
  Database,
  NewAuditLogRow,
  NewProjectRow,
  ProjectConfig,
  ProjectRow,
} from '../database.js';
import { inTransaction } from '../in-transaction.js';
import { appendOnceQuery } from './audit-log.repository.js';
import { createDraft } from './plan.repository.js';
import { projectEndpoints } from './webhooks.repository.js';

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

/** A region taking part besides the owner in any round (委托培训 + 成本分担, 十二); derived. */
export interface PartnerRegion {
  regionCode: RegionCode;
  role: PartnerRole;
}

/** A demand order a project serves, and the places it holds on it. */
export interface ProjectDemandOrderLink {
  demandOrderId: string;
  headcount: number;
}

/** A project with its partner regions (from its plan), demand orders and occupations. */
export interface ProjectRecord extends ProjectRow {
  partnerRegions: PartnerRegion[];
  demandOrders: ProjectDemandOrderLink[];
  occupationCodes: OccupationCode[];
}

/** What creating a project takes. */
export type NewProject = Omit<NewProjectRow, 'config'> & {
  config: ProjectConfig;
  /** The draft plan's parties (round 1): the owner and any partners, with their funds. */
  parties: readonly PlanParty[];
  demandOrders?: ProjectDemandOrderLink[];
  occupationCodes: OccupationCode[];
};

/**
 * Creates a project with its links, atomically. It is a record only: the project workflow starts
 * it (and reserves demand-order places) later.
 */
export async function insert(db: Kysely<Database>, project: NewProject): Promise<ProjectRecord> {
  const { parties, demandOrders = [], occupationCodes, config, ...row } = project;
  return inTransaction(db, async (trx) => {
    const inserted = await trx
      .insertInto('projects')
      .values({ ...row, config: JSON.stringify(config) })
      .returning(columns)
      .executeTakeFirstOrThrow();
    const projectId = inserted.id;
    await createDraft(trx, { projectId, parties, createdBy: row.createdBy });
    if (demandOrders.length > 0) {
      await trx
        .insertInto('projectDemandOrders')
        .values(
          demandOrders.map((d) => ({
            projectId,
            demandOrderId: d.demandOrderId,
            headcount: d.headcount,
          })),
        )
        .execute();
    }
    if (occupationCodes.length > 0) {
      await trx
        .insertInto('projectOccupations')
        .values(occupationCodes.map((occupationCode) => ({ projectId, occupationCode })))
        .execute();
    }
    const record = await find(trx, projectId);
    if (!record) throw new Error('project vanished');
    return record;
  });
}

/** The project with this id and its links, or null. */
export async function find(db: Kysely<Database>, id: string): Promise<ProjectRecord | null> {
  const record = await db
    .selectFrom('projects')
    .select(columns)
    .select(links)
    .where('id', '=', id)
    .executeTakeFirst();
  return record ?? null;
}

/**
 * Projects, newest first: optionally in some stages, and of a region — owned by it or with it as
 * a partner (what a regional user may see). A page: `limit` (100 unless given) from `offset`; the
 * console's lists page through project-search.repository.ts instead.
 */
export async function list(
  db: Kysely<Database>,
  filter: {
    stages?: readonly ProjectStage[];
    regionCode?: string;
    limit?: number;
    offset?: number;
  } = {},
): Promise<ProjectRecord[]> {
  if (filter.stages?.length === 0) return [];
  let query = db.selectFrom('projects').select(columns).select(links);
  if (filter.stages) query = query.where('stage', 'in', filter.stages);
  const region = filter.regionCode;
  if (region) {
    query = query.where((eb) =>
      eb.or([
        eb('ownerRegionCode', '=', region),
        eb.exists(
          eb
            .selectFrom('projectPartnerRegions as p')
            .select('p.projectId')
            .whereRef('p.projectId', '=', 'projects.id')
            .where('p.regionCode', '=', region),
        ),
      ]),
    );
  }
  return query
    .orderBy('createdAt', 'desc')
    .orderBy('id')
    .limit(filter.limit ?? 100)
    .offset(filter.offset ?? 0)
    .execute();
}

/**
 * Moves a project to `stage`, optionally only from the given stages (a guard against racing
 * writers); null when the project was not in one of them.
 */
export async function setStage(
  db: Kysely<Database>,
  id: string,
  stage: ProjectStage,
  options: { from?: readonly ProjectStage[] } = {},
): Promise<ProjectRow | null> {
  if (options.from?.length === 0) return null;
  let query = db.updateTable('projects').set({ stage, updatedAt: sql`now()` }).where('id', '=', id);
  if (options.from) query = query.where('stage', 'in', options.from);
  const row = await query.returning(columns).executeTakeFirst();
  return row ?? null;
}

/**
 * A project enters `stage`: its row and its audit entry (once per the entry's idempotency key),
 * in one statement, which also counts the webhook endpoints that listen to the project's stage
 * changes (one round trip for the most frequent step of every project: issue 13).
 */
export async function enterStage(
  db: Kysely<Database>,
  id: string,
  stage: ProjectStage,
  audit: NewAuditLogRow & { idempotencyKey: string },
): Promise<{ webhookEndpoints: number }> {
  const row = await db
    .with('moved', (qc) =>
      qc
        .updateTable('projects')
        .set({ stage, updatedAt: sql`now()` })
        .where('id', '=', id)
        .returning('id'),
    )
    .with('audited', (qc) => appendOnceQuery(qc, audit))
    .selectFrom(
      projectEndpoints(db, id)
        .select((w) => w.fn.countAll<string>().as('n'))
        .as('listening'),
    )
    .select('listening.n')
    .executeTakeFirstOrThrow();
  return { webhookEndpoints: Number(row.n) };
}

/**
 * Records the workflow running the project. Idempotent: setting the same id again succeeds;
 * null when the project is unknown or already has another workflow.
 */
export async function setWorkflowId(
  db: Kysely<Database>,
  id: string,
  workflowId: string,
): Promise<ProjectRow | null> {
  const row = await db
    .updateTable('projects')
    .set({ workflowId, updatedAt: sql`now()` })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('workflowId', 'is', null), eb('workflowId', '=', workflowId)]))
    .returning(columns)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * A project's links, selected with its row: one statement (and one connection) for a project or
 * a page of them, where a row and then three link queries took two waits and four connections.
 * The keys are spelled out: the camelCase plugin leaves nested JSON as PostgreSQL writes it.
 */
const links = [
  sql<PartnerRegion[]>`coalesce((
    select json_agg(json_build_object('regionCode', p.region_code, 'role', p.role)
                    order by p.region_code)
      from project_partner_regions p where p.project_id = projects.id), '[]')`.as('partnerRegions'),
  sql<ProjectDemandOrderLink[]>`coalesce((
    select json_agg(json_build_object('demandOrderId', d.demand_order_id, 'headcount', d.headcount)
                    order by d.demand_order_id)
      from project_demand_orders d where d.project_id = projects.id), '[]')`.as('demandOrders'),
  sql<OccupationCode[]>`array(
    select o.occupation_code from project_occupations o
     where o.project_id = projects.id order by o.occupation_code)`.as('occupationCodes'),
];
