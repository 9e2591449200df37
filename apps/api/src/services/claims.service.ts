import type {
  Claim,
  ClaimDecisionRequest,
  ClaimExplanation,
  ClaimListQuery,
  ClaimPaymentRequest,
} from '@qiancheng/contracts';
import {
  assessments,
  attendance,
  auditLog,
  catalogues,
  certificates,
  type Db,
  enrolments,
  inTransaction,
  ledger,
  placements,
  plans,
  projects,
  regions,
  subsidyClaims,
} from '@qiancheng/db';
import {
  type ClaimPart,
  type ClaimStatus,
  claimParts,
  eligibilityChecks,
  isWithinRegion,
  splitClaim,
} from '@qiancheng/domain';
import { conflict, forbidden, notFound, unprocessable } from '../errors.js';
import { iso, isoOrNull, paging } from '../lib/json.js';
import { actorOf, type UserPrincipal } from '../plugins/app/auth.js';

/**
 * Subsidy claims after settlement (补贴结算, 十七): each paying region approves or rejects its part
 * (auditors scoped to that region, or national), then pays it — one payment entry per fund in the
 * append-only ledger (十八 谁使用、谁负责). A rejection reverses the claim's lines.
 */
export interface ClaimsContext {
  db: Db;
  user: UserPrincipal;
  requestId: string;
}

type ClaimRow = Awaited<ReturnType<typeof subsidyClaims.page>>['rows'][number];
type DecisionRow = Awaited<ReturnType<typeof subsidyClaims.decisionsFor>>[number];
type LedgerRow = Awaited<ReturnType<typeof ledger.listForClaim>>[number];

const partsOf = (entries: readonly LedgerRow[]): ClaimPart[] =>
  claimParts(
    entries.map((e) => ({
      kind: e.kind,
      amount: e.amountFen,
      fundingSource: e.fundingSource,
      payerRegionCode: e.payerRegionCode,
    })),
  );

function toClaim(
  row: ClaimRow,
  entries: readonly LedgerRow[],
  decisions: readonly DecisionRow[],
  names: ReadonlyMap<string, string>,
): Claim {
  return {
    id: row.id,
    projectId: row.projectId,
    projectName: row.projectName,
    traineeId: row.traineeId,
    traineeName: row.traineeName,
    maskedResidentId: row.maskedResidentId,
    occupationCode: row.occupationCode,
    level: row.level,
    policyYear: row.policyYear,
    catalogueVersionId: row.catalogueVersionId,
    shortageTier: row.shortageTier,
    amountFen: row.amountFen,
    status: row.status,
    createdAt: iso(row.createdAt),
    parts: partsOf(entries).map((part) => {
      const decision = decisions.find((d) => d.payerRegionCode === part.payerRegionCode);
      const paidInFull = part.owed > 0 && part.paid >= part.owed;
      return {
        payerRegionCode: part.payerRegionCode,
        payerRegionName: names.get(part.payerRegionCode) ?? null,
        owedFen: part.owed,
        paidFen: part.paid,
        lines: part.lines.map((l) => ({
          fundingSource: l.fundingSource,
          owedFen: l.owed,
          paidFen: l.paid,
        })),
        status: paidInFull ? 'paid' : (decision?.decision ?? 'pending'),
        decidedBy: decision?.decidedBy ?? null,
        decidedAt: isoOrNull(decision?.decidedAt ?? null),
        reason: decision?.reason ?? null,
      };
    }),
  };
}

async function assemble(db: Db, rows: ClaimRow[]): Promise<Claim[]> {
  const ids = rows.map((r) => r.id);
  const [entries, decisions] = await Promise.all([
    ids.length === 0
      ? Promise.resolve([] as LedgerRow[])
      : db
          .selectFrom('ledgerEntries')
          .selectAll()
          .where('claimId', 'in', ids)
          .orderBy('seq')
          .execute(),
    subsidyClaims.decisionsFor(db, ids),
  ]);
  const names = await regions.namesOf(
    db,
    entries.flatMap((e) => (e.payerRegionCode ? [e.payerRegionCode] : [])),
  );
  return rows.map((row) =>
    toClaim(
      row,
      entries.filter((e) => e.claimId === row.id) as LedgerRow[],
      decisions.filter((d) => d.claimId === row.id),
      names,
    ),
  );
}

/** Claims the user may see: of projects owned within their region, or paid by a region in it. */
export async function list(ctx: ClaimsContext, query: ClaimListQuery) {
  const { page, pageSize, offset, limit } = paging(query);
  const { page: _p, pageSize: _s, ...filter } = query;
  const { rows, total } = await subsidyClaims.page(ctx.db, {
    ...filter,
    visibleTo: ctx.user.regionCode,
    offset,
    limit,
  });
  return { items: await assemble(ctx.db, rows), total, page, pageSize };
}

/** One claim, or 404 when it does not exist or the user may not see it (the same answer). */
export async function get(ctx: ClaimsContext, id: string): Promise<Claim> {
  const [claim] = await assemble(ctx.db, [await findVisibleRow(ctx, id)]);
  if (!claim) throw notFound('claim');
  return claim;
}

async function findVisibleRow(ctx: ClaimsContext, id: string): Promise<ClaimRow> {
  const claim = await subsidyClaims.find(ctx.db, id);
  if (!claim) throw notFound('claim');
  const { rows } = await subsidyClaims.page(ctx.db, {
    projectId: claim.projectId,
    traineeId: claim.traineeId,
    visibleTo: ctx.user.regionCode,
    offset: 0,
    limit: 1,
  });
  const row = rows.find((r) => r.id === id);
  if (!row) throw notFound('claim');
  return row;
}

/** The paying region the user acts for: their own scope, or (national users) the one named. */
function payerFor(user: UserPrincipal, named: string | undefined, parts: ClaimPart[]): ClaimPart {
  const region = named ?? user.regionCode;
  if (!region) {
    throw unprocessable('payer_region_required', 'a national user names the paying region', [
      { path: 'body.payerRegionCode', message: 'required', code: 'payer_region_required' },
    ]);
  }
  if (user.regionCode !== null && !isWithinRegion(region, user.regionCode)) {
    throw forbidden('an auditor decides for the region it is scoped to', 'not_your_region');
  }
  const part = parts.find((p) => p.payerRegionCode === region && p.owed > 0);
  if (!part) {
    throw unprocessable('not_a_payer', `${region} pays no part of this claim`, [
      { path: 'body.payerRegionCode', message: 'not a payer', code: 'not_a_payer' },
    ]);
  }
  return part;
}

/** The claim's status from its parties' decisions and payments (one rule, applied on each change). */
function claimStatusOf(parts: ClaimPart[], decisions: readonly DecisionRow[]): ClaimStatus {
  const payers = parts.filter((p) => p.owed > 0);
  if (decisions.some((d) => d.decision === 'rejected')) return 'rejected';
  if (payers.length > 0 && payers.every((p) => p.paid >= p.owed)) return 'paid';
  const approved = (p: ClaimPart) =>
    decisions.some((d) => d.payerRegionCode === p.payerRegionCode && d.decision === 'approved');
  if (payers.length > 0 && payers.every(approved)) return 'approved';
  return 'pending';
}

/**
 * One decision or payment at a time per claim: the claim row is the lock. A rejected or
 * clawed-back claim takes neither (409).
 */
async function lockOpenClaim(trx: Db, id: string): Promise<void> {
  const claim = await trx
    .selectFrom('subsidyClaims')
    .select(['id', 'status'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirstOrThrow();
  if (claim.status === 'rejected' || claim.status === 'clawed_back') {
    throw conflict('claim_closed', `the claim is ${claim.status}`);
  }
}

/** A paying party approves or rejects its part of a claim, once (十七, 十八). */
export async function decide(ctx: ClaimsContext, id: string, body: ClaimDecisionRequest) {
  const visible = await findVisibleRow(ctx, id);
  if (body.decision === 'reject' && !body.reason?.trim()) {
    throw unprocessable('reason_required', 'a rejection needs a reason', [
      { path: 'body.reason', message: 'required', code: 'reason_required' },
    ]);
  }
  const by = actorOf(ctx.user);
  await inTransaction(ctx.db, async (trx) => {
    await lockOpenClaim(trx, id);
    const entries = await ledger.listForClaim(trx, id);
    const part = payerFor(ctx.user, body.payerRegionCode, partsOf(entries));
    const { created } = await subsidyClaims.recordDecision(trx, {
      claimId: id,
      payerRegionCode: part.payerRegionCode,
      decision: body.decision === 'approve' ? 'approved' : 'rejected',
      decidedBy: by,
      reason: body.reason ?? null,
    });
    if (!created) {
      throw conflict('already_decided', `${part.payerRegionCode} has already decided this claim`);
    }
    if (body.decision === 'reject') {
      // A rejected claim owes nothing: every claim line is reversed by a new entry.
      const reversed = new Set(entries.map((e) => e.reversesEntryId).filter((x) => x !== null));
      for (const entry of entries) {
        if (entry.kind !== 'claim' || reversed.has(entry.id)) continue;
        await ledger.reverse(trx, {
          entryId: entry.id,
          idempotencyKey: `reject:${id}:${entry.id}`,
          recordedBy: by,
          reason: `rejected by ${part.payerRegionCode}: ${body.reason}`,
        });
      }
    }
    const decisions = await subsidyClaims.decisionsFor(trx, [id]);
    const status = claimStatusOf(partsOf(await ledger.listForClaim(trx, id)), decisions);
    await subsidyClaims.setStatus(trx, id, status);
    await auditLog.append(trx, {
      actor: by,
      action: `claim.${body.decision === 'approve' ? 'approved' : 'rejected'}`,
      subjectType: 'claim',
      subjectId: id,
      reason: body.reason ?? null,
      details: { payerRegionCode: part.payerRegionCode, projectId: visible.projectId, status },
      requestId: ctx.requestId,
    });
  });
  return get(ctx, id);
}

/** Pays a party's approved part: one payment entry per fund, each written once. */
export async function pay(ctx: ClaimsContext, id: string, body: ClaimPaymentRequest) {
  const visible = await findVisibleRow(ctx, id);
  const by = actorOf(ctx.user);
  await inTransaction(ctx.db, async (trx) => {
    await lockOpenClaim(trx, id);
    const entries = await ledger.listForClaim(trx, id);
    const part = payerFor(ctx.user, body.payerRegionCode, partsOf(entries));
    const decisions = await subsidyClaims.decisionsFor(trx, [id]);
    const approved = decisions.some(
      (d) => d.payerRegionCode === part.payerRegionCode && d.decision === 'approved',
    );
    if (!approved) {
      throw conflict('not_approved', `${part.payerRegionCode} has not approved its part`);
    }
    if (part.paid >= part.owed) {
      throw conflict('already_paid', `${part.payerRegionCode} has paid its part`);
    }
    for (const line of part.lines) {
      const due = line.owed - line.paid;
      if (due <= 0) continue;
      await ledger.append(trx, {
        idempotencyKey: `payment:${id}:${part.payerRegionCode}:${line.fundingSource}`,
        claimId: id,
        kind: 'payment',
        fundingSource: line.fundingSource,
        payerRegionCode: part.payerRegionCode,
        amountFen: due,
        recordedBy: by,
        reason: body.reason ?? null,
      });
    }
    const status = claimStatusOf(partsOf(await ledger.listForClaim(trx, id)), decisions);
    await subsidyClaims.setStatus(trx, id, status);
    await auditLog.append(trx, {
      actor: by,
      action: 'claim.paid',
      subjectType: 'claim',
      subjectId: id,
      reason: body.reason ?? null,
      details: {
        payerRegionCode: part.payerRegionCode,
        paidFen: part.owed - part.paid,
        projectId: visible.projectId,
        status,
      },
      requestId: ctx.requestId,
    });
  });
  return get(ctx, id);
}

/**
 * Explains a claim's amount and split: (十七) → catalogue version → shortage tier × level →
 * standard → each party's share of the last approved round → each fund → fen, with the ledger
 * line written for each, and every eligibility rule with its outcome.
 */
export async function explain(ctx: ClaimsContext, id: string): Promise<ClaimExplanation> {
  const row = await findVisibleRow(ctx, id);
  const { db } = ctx;
  const claim = await subsidyClaims.find(db, id);
  if (!claim) throw notFound('claim');
  const [project, version, approved, entries, enrolment, certificateRows] = await Promise.all([
    projects.find(db, claim.projectId),
    catalogues.findVersion(db, claim.catalogueVersionId),
    plans.approvedRound(db, claim.projectId),
    ledger.listForClaim(db, id),
    enrolments.find(db, claim.enrolmentId),
    certificates.listForTrainee(db, claim.traineeId),
  ]);
  if (!project || !version || !enrolment) throw notFound('claim');
  const standard =
    version.entries
      .find((e) => e.occupationCode === claim.occupationCode)
      ?.standards.find((s) => s.level === claim.level)?.amount ?? claim.amountFen;
  const assessment = (await assessments.listForEnrolment(db, enrolment.id)).at(-1) ?? null;
  const certificate = certificateRows.find((c) => c.id === claim.certificateId) ?? null;
  const config = project.config as { attendanceThresholdBp: number; employmentLinked: boolean };
  const checks = eligibilityChecks({
    project: {
      attendanceThresholdBp: config.attendanceThresholdBp,
      employmentLinked: config.employmentLinked,
      occupationCodes: project.occupationCodes,
    },
    attendance: await attendance.summaryForEnrolment(db, enrolment.id),
    assessment,
    certificate,
    placement: await placements.findForEnrolment(db, enrolment.id),
    priorSubsidies: await subsidyClaims.priorSubsidies(db, claim.traineeId, {
      excludeClaimId: claim.id,
    }),
  });
  const parties = approved ? splitClaim(claim.amountFen, approved.parties) : [];
  const names = await regions.namesOf(
    db,
    parties.map((p) => p.regionCode),
  );
  const entryFor = (region: string, source: string) =>
    entries.find(
      (e) => e.kind === 'claim' && e.payerRegionCode === region && e.fundingSource === source,
    )?.id ?? null;
  return {
    claimId: row.id,
    policyClause: '十七',
    catalogueVersion: {
      id: version.id,
      name: version.label,
      regionCode: version.regionCode,
      effectiveFrom: version.effectiveFrom,
    },
    occupationCode: claim.occupationCode,
    level: claim.level,
    shortageTier: claim.shortageTier,
    standardFen: standard,
    amountFen: claim.amountFen,
    approvedRound: approved?.round ?? null,
    parties: parties.map((p) => ({
      regionCode: p.regionCode,
      regionName: names.get(p.regionCode) ?? null,
      shareBp: p.shareBp,
      amountFen: p.amount,
      lines: p.lines.map((l) => ({
        fundingSource: l.source,
        shareBp: l.shareBp,
        amountFen: l.amount,
        ledgerEntryId: entryFor(p.regionCode, l.source),
      })),
    })),
    eligibility: checks,
  };
}
