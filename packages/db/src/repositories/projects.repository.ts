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
    const [record] = await withLinks(trx, [inserted]);
    if (!record) throw new Error('project vanished');
    return record;
  });
}

/** The project with this id and its links, or null. */
export async function find(db: Kysely<Database>, id: string): Promise<ProjectRecord | null> {
  const row = await db
    .selectFrom('projects')
    .select(columns)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const [record] = await withLinks(db, [row]);
  return record ?? null;
}

/**
 * Projects, newest first: optionally in some stages, and of a region — owned by it or with it as
 * a partner (what a regional user may see).
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
  let query = db.selectFrom('projects').select(columns);
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
  const rows = await query
    .orderBy('createdAt', 'desc')
    .orderBy('id')
    .limit(filter.limit ?? 100)
    .offset(filter.offset ?? 0)
    .execute();
  return withLinks(db, rows);
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

/** Records approval: the date and the catalogue version in force then (十二). */
export async function recordApproval(
  db: Kysely<Database>,
  id: string,
  approval: { approvedOn: string; catalogueVersionId: string | null },
): Promise<ProjectRow | null> {
  const row = await db
    .updateTable('projects')
    .set({ ...approval, updatedAt: sql`now()` })
    .where('id', '=', id)
    .returning(columns)
    .executeTakeFirst();
  return row ?? null;
}

async function withLinks(db: Kysely<Database>, rows: ProjectRow[]): Promise<ProjectRecord[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [partners, orders, occupations] = await Promise.all([
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
  ]);
  return rows.map((row) => ({
    ...row,
    partnerRegions: partners
      .filter((p) => p.projectId === row.id)
      .map((p) => ({ regionCode: p.regionCode, role: p.role })),
    demandOrders: orders
      .filter((o) => o.projectId === row.id)
      .map((o) => ({ demandOrderId: o.demandOrderId, headcount: o.headcount })),
    occupationCodes: occupations.filter((o) => o.projectId === row.id).map((o) => o.occupationCode),
  }));
}
