import type {
  CatalogueDraftCreate,
  CatalogueEntryPut,
  CatalogueQuery,
  EvaluationBodyCreate,
  GradeChange,
  OccupationImport,
  OccupationQuery,
  QualificationChange,
  RegionQuery,
  RegistryQuery,
  TrainingProviderCreate,
} from '@qiancheng/contracts';
import {
  auditLog,
  catalogues,
  type Db,
  evaluationBodies,
  occupations,
  regions,
  trainingProviders,
} from '@qiancheng/db';
import {
  type CatalogueEntry,
  parseCatalogueCsv,
  parseOccupationCsv,
  regionLineageOf,
  type ShortageTier,
  shanghaiDateOfMs,
} from '@qiancheng/domain';
import { ApiError, conflict, notFound, unprocessable } from '../errors.js';
import { iso, paging } from '../lib/json.js';
import { actorOf, scopeCovers, type UserPrincipal } from '../plugins/app/auth.js';

/** What a registry service needs of a request. */
export interface RegistryContext {
  db: Db;
  user: UserPrincipal;
  requestId: string;
}

const refused = (path: string, code: string, message: string) =>
  unprocessable(code, message, [{ path, message, code }]);

async function audit(
  ctx: RegistryContext,
  action: string,
  subjectType: string,
  subjectId: string,
  details: Record<string, unknown>,
  reason: string | null,
) {
  await auditLog.append(ctx.db, {
    actor: actorOf(ctx.user),
    action,
    subjectType,
    subjectId,
    reason,
    details,
    requestId: ctx.requestId,
  });
}

// ---- regions -------------------------------------------------------------------------------

export async function listRegions(db: Db, query: RegionQuery) {
  const { page, pageSize, offset, limit } = paging(query);
  const { rows, total } = await regions.search(db, { ...query, offset, limit });
  return { items: rows, total, page, pageSize };
}

export async function regionDetail(db: Db, code: string) {
  const region = await regions.find(db, code);
  if (!region) throw notFound('region');
  const lineage = regionLineageOf(code).slice(1).reverse();
  const [ancestors, children] = await Promise.all([
    Promise.all(lineage.map((c) => regions.find(db, c))),
    regions.listChildren(db, code),
  ]);
  return {
    ...region,
    ancestors: ancestors.filter((r): r is NonNullable<typeof r> => r !== null),
    children,
  };
}

// ---- occupations ---------------------------------------------------------------------------

export async function listOccupations(db: Db, query: OccupationQuery) {
  const { page, pageSize, offset, limit } = paging(query);
  const { rows, total } = await occupations.search(db, { ...query, offset, limit });
  return { items: rows, total, page, pageSize };
}

/**
 * Imports the catalogue from CSV through the domain's `parseOccupationCsv`: any bad line and
 * nothing is written (422 listing every line), else every row in one transaction.
 */
export async function importOccupations(ctx: RegistryContext, body: OccupationImport) {
  const { occupations: parsed, errors } = parseOccupationCsv(body.csv);
  if (errors.length > 0) {
    throw unprocessable(
      'occupation_import_invalid',
      `${errors.length} line(s) of the file are invalid; nothing was imported`,
      errors.map((e) => ({
        path: `body.csv.line.${e.line}`,
        message: e.message,
        code: e.code,
        params: { line: e.line },
      })),
    );
  }
  const imported = await ctx.db.transaction().execute(async (trx) => {
    const n = await occupations.upsertMany(
      trx,
      parsed.map((o) => ({ ...o, isNew: body.isNew ?? false })),
    );
    await auditLog.append(trx, {
      actor: actorOf(ctx.user),
      action: 'occupations.imported',
      subjectType: 'occupations',
      subjectId: 'catalogue',
      reason: body.reason ?? null,
      details: { rows: parsed.length, isNew: body.isNew ?? false },
      requestId: ctx.requestId,
    });
    return n;
  });
  return { imported };
}

// ---- providers and evaluation bodies --------------------------------------------------------

type Stamped = {
  qualificationStatus: 'active' | 'suspended' | 'revoked';
  suspendedAt: Date | null;
  suspendedBy: string | null;
  suspendedReason: string | null;
  revokedAt: Date | null;
  revokedBy: string | null;
  revokedReason: string | null;
  regionCode: string;
  occupationCodes: string[];
  createdAt: Date;
};

async function namesFor(db: Db, rows: readonly Stamped[]) {
  const [regionNames, occupationRows] = await Promise.all([
    regions.namesOf(
      db,
      rows.map((r) => r.regionCode),
    ),
    Promise.all(
      [...new Set(rows.flatMap((r) => r.occupationCodes))].map((c) => occupations.find(db, c)),
    ),
  ]);
  const occupationNames = new Map(
    occupationRows.filter((o) => o !== null).map((o) => [o.code, o.name] as const),
  );
  return { regionNames, occupationNames };
}

function registryView<T extends Stamped>(
  row: T,
  names: { regionNames: Map<string, string>; occupationNames: Map<string, string> },
) {
  const {
    suspendedAt,
    suspendedBy,
    suspendedReason,
    revokedAt,
    revokedBy,
    revokedReason,
    occupationCodes,
    createdAt,
    ...rest
  } = row;
  return {
    ...rest,
    regionName: names.regionNames.get(row.regionCode) ?? null,
    occupations: occupationCodes.map((code) => ({
      code,
      name: names.occupationNames.get(code) ?? null,
    })),
    suspended:
      suspendedAt && suspendedBy
        ? { at: iso(suspendedAt), by: suspendedBy, reason: suspendedReason ?? '' }
        : null,
    revoked:
      revokedAt && revokedBy
        ? { at: iso(revokedAt), by: revokedBy, reason: revokedReason ?? '' }
        : null,
    createdAt: iso(createdAt),
  };
}

async function views<T extends Stamped>(db: Db, rows: T[]) {
  const names = await namesFor(db, rows);
  return rows.map((r) => registryView(r, names));
}

async function trackRecord(db: Db, party: { providerId: string } | { evaluationBodyId: string }) {
  const { projects, reviews } = await trainingProviders.trackRecord(db, party);
  return {
    projects: projects.map(({ createdAt: _c, ...p }) => p),
    reviews,
  };
}

export async function listProviders(db: Db, query: RegistryQuery) {
  const { page, pageSize, offset, limit } = paging(query);
  const { rows, total } = await trainingProviders.page(db, { ...query, offset, limit });
  return { items: await views(db, rows), total, page, pageSize };
}

export async function providerDetail(db: Db, id: string) {
  const row = await trainingProviders.findRecord(db, id);
  if (!row) throw notFound('training provider');
  const names = await namesFor(db, [row]);
  return { ...registryView(row, names), ...(await trackRecord(db, { providerId: id })) };
}

async function requireOccupations(db: Db, codes: readonly string[]) {
  const known = await occupations.existing(db, codes);
  codes.forEach((code, i) => {
    if (!known.has(code)) {
      throw refused(
        `body.occupationCodes.${i}`,
        'reference_not_found',
        `unknown occupation ${code}`,
      );
    }
  });
}

function requireScope(user: UserPrincipal, regionCode: string, path = 'body.regionCode') {
  if (!scopeCovers(user, regionCode)) {
    throw new ApiError(403, 'out_of_scope', 'the region is outside your scope', {
      errors: [{ path, message: 'outside your region', code: 'out_of_scope' }],
    });
  }
}

export async function registerProvider(ctx: RegistryContext, body: TrainingProviderCreate) {
  requireScope(ctx.user, body.regionCode);
  await requireOccupations(ctx.db, body.occupationCodes);
  const row = await ctx.db.transaction().execute(async (trx) => {
    const created = await trainingProviders.register(trx, {
      name: body.name,
      kind: body.kind,
      regionCode: body.regionCode,
      unifiedSocialCreditCode: body.unifiedSocialCreditCode,
      grade: body.grade ?? null,
      maxLevel: body.maxLevel ?? null,
      occupationCodes: body.occupationCodes,
    });
    await auditLog.append(trx, {
      actor: actorOf(ctx.user),
      action: 'training_provider.registered',
      subjectType: 'training_provider',
      subjectId: created.id,
      reason: body.reason ?? null,
      details: { name: created.name, regionCode: created.regionCode, grade: created.grade },
      requestId: ctx.requestId,
    });
    return created;
  });
  return providerDetail(ctx.db, row.id);
}

export async function gradeProvider(ctx: RegistryContext, id: string, body: GradeChange) {
  const current = await trainingProviders.find(ctx.db, id);
  if (!current) throw notFound('training provider');
  requireScope(ctx.user, current.regionCode, 'params.id');
  await trainingProviders.setGrade(ctx.db, id, body.grade);
  await audit(
    ctx,
    'training_provider.graded',
    'training_provider',
    id,
    { from: current.grade, to: body.grade },
    body.reason,
  );
  return providerDetail(ctx.db, id);
}

/** Suspend (active → suspended), reinstate (suspended → active) or revoke (十八), with a reason. */
export async function changeProviderQualification(
  ctx: RegistryContext,
  id: string,
  body: QualificationChange,
) {
  const current = await trainingProviders.find(ctx.db, id);
  if (!current) throw notFound('training provider');
  requireScope(ctx.user, current.regionCode, 'params.id');
  const by = actorOf(ctx.user);
  const changed =
    body.status === 'suspended'
      ? await trainingProviders.suspend(ctx.db, id, { by, reason: body.reason })
      : body.status === 'active'
        ? await trainingProviders.reinstate(ctx.db, id)
        : await trainingProviders.revokeQualification(ctx.db, id, { by, reason: body.reason });
  if (!changed) throw qualificationConflict(current.qualificationStatus, body.status);
  await audit(
    ctx,
    `training_provider.${verbOf(body.status)}`,
    'training_provider',
    id,
    { from: current.qualificationStatus, to: body.status },
    body.reason,
  );
  return providerDetail(ctx.db, id);
}

const verbOf = (status: QualificationChange['status']) =>
  status === 'suspended' ? 'suspended' : status === 'active' ? 'reinstated' : 'revoked';

function qualificationConflict(from: string, to: string) {
  return new ApiError(409, 'qualification_transition_invalid', `cannot go from ${from} to ${to}`, {
    errors: [
      {
        path: 'body.status',
        message: `the qualification is ${from}`,
        code: 'qualification_transition_invalid',
        params: { from, to },
      },
    ],
  });
}

export async function listEvaluationBodies(db: Db, query: RegistryQuery) {
  const { page, pageSize, offset, limit } = paging(query);
  const { grade: _grade, ...filter } = query;
  const { rows, total } = await evaluationBodies.page(db, { ...filter, offset, limit });
  const items = await views(db, query.grade ? rows.filter((r) => r.grade === query.grade) : rows);
  return { items, total, page, pageSize };
}

export async function evaluationBodyDetail(db: Db, id: string) {
  const row = await evaluationBodies.find(db, id);
  if (!row) throw notFound('evaluation body');
  const names = await namesFor(db, [row]);
  return { ...registryView(row, names), ...(await trackRecord(db, { evaluationBodyId: id })) };
}

export async function registerEvaluationBody(ctx: RegistryContext, body: EvaluationBodyCreate) {
  requireScope(ctx.user, body.regionCode);
  await requireOccupations(ctx.db, body.occupationCodes);
  const enterpriseId = body.enterpriseId ?? null;
  if ((body.kind === 'enterprise_self_evaluation') !== (enterpriseId !== null)) {
    throw refused(
      'body.enterpriseId',
      'enterprise_required_for_self_evaluation',
      'an enterprise evaluating its own staff names itself; no other body names an enterprise',
    );
  }
  const row = await ctx.db.transaction().execute(async (trx) => {
    const created = await evaluationBodies.insert(trx, {
      name: body.name,
      kind: body.kind,
      enterpriseId,
      regionCode: body.regionCode,
      unifiedSocialCreditCode: body.unifiedSocialCreditCode ?? null,
      grade: body.grade ?? null,
      maxLevel: body.maxLevel,
      occupationCodes: body.occupationCodes,
    });
    await auditLog.append(trx, {
      actor: actorOf(ctx.user),
      action: 'evaluation_body.registered',
      subjectType: 'evaluation_body',
      subjectId: created.id,
      reason: body.reason ?? null,
      details: {
        name: created.name,
        maxLevel: created.maxLevel,
        occupationCodes: body.occupationCodes,
      },
      requestId: ctx.requestId,
    });
    return created;
  });
  return evaluationBodyDetail(ctx.db, row.id);
}

export async function gradeEvaluationBody(ctx: RegistryContext, id: string, body: GradeChange) {
  const current = await evaluationBodies.find(ctx.db, id);
  if (!current) throw notFound('evaluation body');
  requireScope(ctx.user, current.regionCode, 'params.id');
  await evaluationBodies.setGrade(ctx.db, id, body.grade);
  await audit(
    ctx,
    'evaluation_body.graded',
    'evaluation_body',
    id,
    { from: current.grade, to: body.grade },
    body.reason,
  );
  return evaluationBodyDetail(ctx.db, id);
}

export async function changeEvaluationBodyQualification(
  ctx: RegistryContext,
  id: string,
  body: QualificationChange,
) {
  const current = await evaluationBodies.find(ctx.db, id);
  if (!current) throw notFound('evaluation body');
  requireScope(ctx.user, current.regionCode, 'params.id');
  const by = actorOf(ctx.user);
  const changed =
    body.status === 'suspended'
      ? await evaluationBodies.suspend(ctx.db, id, { by, reason: body.reason })
      : body.status === 'active'
        ? await evaluationBodies.reinstate(ctx.db, id)
        : await evaluationBodies.revokeQualification(ctx.db, id, { by, reason: body.reason });
  if (!changed) throw qualificationConflict(current.qualificationStatus, body.status);
  await audit(
    ctx,
    `evaluation_body.${verbOf(body.status)}`,
    'evaluation_body',
    id,
    { from: current.qualificationStatus, to: body.status },
    body.reason,
  );
  return evaluationBodyDetail(ctx.db, id);
}

// ---- catalogues ----------------------------------------------------------------------------

export async function listCatalogues(db: Db, query: CatalogueQuery) {
  const { page, pageSize, offset, limit } = paging(query);
  const { rows, total } = await catalogues.page(db, { ...query, offset, limit });
  const names = await regions.namesOf(
    db,
    rows.map((r) => r.regionCode),
  );
  return {
    items: rows.map((r) => ({
      ...r,
      regionName: names.get(r.regionCode) ?? null,
      createdAt: iso(r.createdAt),
    })),
    total,
    page,
    pageSize,
  };
}

export async function catalogueDetail(db: Db, id: string) {
  const record = await catalogues.findRecord(db, id);
  if (!record) throw notFound('catalogue version');
  const [names, occupationRows] = await Promise.all([
    regions.namesOf(db, [record.regionCode]),
    Promise.all(record.entries.map((e) => occupations.find(db, e.occupationCode))),
  ]);
  return {
    id: record.id,
    regionCode: record.regionCode,
    regionName: names.get(record.regionCode) ?? null,
    label: record.label,
    status: record.status,
    publishedOn: record.publishedOn,
    effectiveFrom: record.effectiveFrom,
    effectiveTo: record.effectiveTo,
    createdBy: record.createdBy,
    publishedBy: record.publishedBy,
    createdAt: iso(record.createdAt),
    entries: record.entries.map((e, i) => ({
      occupationCode: e.occupationCode,
      occupationName: occupationRows[i]?.name ?? null,
      shortageTier: e.shortageTier,
      standards: e.standards.map((s) => ({ level: s.level, amountFen: s.amount })),
    })),
  };
}

export async function createCatalogueDraft(ctx: RegistryContext, body: CatalogueDraftCreate) {
  requireScope(ctx.user, body.regionCode);
  const effectiveTo = body.effectiveTo ?? null;
  if (effectiveTo !== null && effectiveTo < body.effectiveFrom) {
    throw refused('body.effectiveTo', 'period_invalid', 'the version ends before it starts');
  }
  const source = body.copyFromId ? await catalogues.findRecord(ctx.db, body.copyFromId) : null;
  if (body.copyFromId && !source) {
    throw refused('body.copyFromId', 'reference_not_found', 'unknown catalogue version');
  }
  const id = await ctx.db.transaction().execute(async (trx) => {
    const draft = await catalogues.createDraft(trx, {
      regionCode: body.regionCode,
      label: body.label,
      effectiveFrom: body.effectiveFrom,
      effectiveTo,
      createdBy: actorOf(ctx.user),
    });
    for (const entry of source?.entries ?? []) await catalogues.putEntry(trx, draft.id, entry);
    await auditLog.append(trx, {
      actor: actorOf(ctx.user),
      action: 'catalogue.draft_created',
      subjectType: 'catalogue_version',
      subjectId: draft.id,
      reason: body.reason ?? null,
      details: {
        regionCode: body.regionCode,
        label: body.label,
        copyFromId: body.copyFromId ?? null,
      },
      requestId: ctx.requestId,
    });
    return draft.id;
  });
  return catalogueDetail(ctx.db, id);
}

async function requireDraft(ctx: RegistryContext, id: string) {
  const record = await catalogues.findRecord(ctx.db, id);
  if (!record) throw notFound('catalogue version');
  requireScope(ctx.user, record.regionCode, 'params.id');
  if (record.status !== 'draft') {
    throw conflict(
      'catalogue_published',
      'a published catalogue version is never edited; create a new version to correct it',
    );
  }
  return record;
}

export async function putCatalogueEntry(
  ctx: RegistryContext,
  id: string,
  occupationCode: string,
  body: CatalogueEntryPut,
) {
  await requireDraft(ctx, id);
  if (!(await occupations.find(ctx.db, occupationCode))) {
    throw refused(
      'params.occupationCode',
      'reference_not_found',
      `unknown occupation ${occupationCode}`,
    );
  }
  const levels = body.standards.map((s) => s.level);
  const duplicate = levels.findIndex((l, i) => levels.indexOf(l) !== i);
  if (duplicate >= 0) {
    throw refused(`body.standards.${duplicate}.level`, 'duplicate_level', 'a level appears twice');
  }
  await ctx.db.transaction().execute(async (trx) => {
    await catalogues.putEntry(trx, id, {
      occupationCode,
      shortageTier: body.shortageTier as ShortageTier,
      standards: body.standards.map((s) => ({ level: s.level, amount: s.amountFen })),
    });
    await auditLog.append(trx, {
      actor: actorOf(ctx.user),
      action: 'catalogue.entry_set',
      subjectType: 'catalogue_version',
      subjectId: id,
      reason: null,
      details: { occupationCode, ...body },
      requestId: ctx.requestId,
    });
  });
  return catalogueDetail(ctx.db, id);
}

export async function removeCatalogueEntry(
  ctx: RegistryContext,
  id: string,
  occupationCode: string,
) {
  await requireDraft(ctx, id);
  const removed = await catalogues.removeEntry(ctx.db, id, occupationCode);
  if (!removed) throw notFound('catalogue entry');
  await audit(ctx, 'catalogue.entry_removed', 'catalogue_version', id, { occupationCode }, null);
  return catalogueDetail(ctx.db, id);
}

/** Entries from CSV into a draft: every line checked first; any error and nothing is written. */
export async function importCatalogueEntries(ctx: RegistryContext, id: string, csv: string) {
  await requireDraft(ctx, id);
  const { entries, errors } = parseCatalogueCsv(csv);
  const fieldErrors = errors.map((e) => ({
    path: `body.csv.line.${e.line}`,
    message: e.message,
    code: e.code as string,
    params: { line: e.line },
  }));
  const known = await occupations.existing(
    ctx.db,
    entries.map((e) => e.occupationCode),
  );
  for (const entry of entries) {
    if (!known.has(entry.occupationCode)) {
      fieldErrors.push({
        path: 'body.csv',
        message: `unknown occupation ${entry.occupationCode}`,
        code: 'reference_not_found',
        params: { line: 0 },
      });
    }
  }
  if (fieldErrors.length > 0) {
    throw unprocessable(
      'catalogue_import_invalid',
      `${fieldErrors.length} problem(s) in the file; nothing was imported`,
      fieldErrors,
    );
  }
  await ctx.db.transaction().execute(async (trx) => {
    for (const entry of entries as CatalogueEntry[]) await catalogues.putEntry(trx, id, entry);
    await auditLog.append(trx, {
      actor: actorOf(ctx.user),
      action: 'catalogue.entries_imported',
      subjectType: 'catalogue_version',
      subjectId: id,
      reason: null,
      details: { entries: entries.length },
      requestId: ctx.requestId,
    });
  });
  return catalogueDetail(ctx.db, id);
}

export async function publishCatalogue(
  ctx: RegistryContext,
  id: string,
  body: { publishedOn?: string; reason?: string },
) {
  const draft = await requireDraft(ctx, id);
  if (draft.entries.length === 0) {
    throw refused(
      'params.id',
      'catalogue_empty',
      'a catalogue version lists at least one occupation',
    );
  }
  const on = body.publishedOn ?? shanghaiDateOfMs(Date.now());
  await ctx.db.transaction().execute(async (trx) => {
    const published = await catalogues.publish(trx, id, { by: actorOf(ctx.user), on });
    if (!published) throw conflict('catalogue_published', 'the version is already published');
    await auditLog.append(trx, {
      actor: actorOf(ctx.user),
      action: 'catalogue.published',
      subjectType: 'catalogue_version',
      subjectId: id,
      reason: body.reason ?? null,
      details: { publishedOn: on, entries: draft.entries.length },
      requestId: ctx.requestId,
    });
  });
  return catalogueDetail(ctx.db, id);
}
