import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AuditLogPage, AuditLogQuery, LedgerPage, LedgerQuery } from '@qiancheng/contracts';
import { people, oversight as repository } from '@qiancheng/db';
import { iso, paging } from '../../../../lib/json.js';
import { problems, USER_SECURITY } from '../../../problems.js';

/** Auditors' reads (十八): the ledger by project, party and source; the audit log. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;
  app.addHook('onRequest', app.requireUser('auditor', 'admin', 'operator'));

  app.get(
    '/ledger',
    {
      schema: {
        summary: 'Ledger entries by project, paying region and funding source, with net totals',
        tags: ['oversight'],
        security: USER_SECURITY,
        querystring: LedgerQuery,
        response: { 200: LedgerPage, ...problems(403) },
      },
    },
    async (request) => {
      const { page, pageSize, offset, limit } = paging(request.query);
      const { page: _p, pageSize: _s, ...filter } = request.query;
      const result = await repository.ledgerPage(db, { ...filter, offset, limit });
      const net = (r: { owed: string; approved: string; paid: string }) => ({
        owedFen: Number(r.owed),
        approvedFen: Number(r.approved),
        paidFen: Number(r.paid),
      });
      const names = await people.actorNames(
        db,
        result.rows.map((r) => r.recordedBy),
      );
      return {
        items: result.rows.map((r) => ({
          ...r,
          recordedAt: iso(r.recordedAt),
          recordedByName: names.get(r.recordedBy) ?? null,
        })),
        total: Number(result.count.n),
        page,
        pageSize,
        totals: {
          ...net(result.count),
          byFundingSource: result.bySource.map((r) => ({
            fundingSource: r.fundingSource,
            ...net(r),
          })),
          byPayerRegion: result.byPayer.map((r) => ({
            payerRegionCode: r.payerRegionCode,
            ...net(r),
          })),
        },
      };
    },
  );

  app.get(
    '/audit-log',
    {
      schema: {
        summary: 'The audit log: who changed what, when and why (十八), newest first',
        tags: ['oversight'],
        security: USER_SECURITY,
        querystring: AuditLogQuery,
        response: { 200: AuditLogPage, ...problems(403) },
      },
    },
    async (request) => {
      const { page, pageSize, offset, limit } = paging(request.query);
      const { page: _p, pageSize: _s, ...filter } = request.query;
      const { rows, total } = await repository.auditPage(db, { ...filter, offset, limit });
      const names = await people.actorNames(
        db,
        rows.map((r) => r.actor),
      );
      return {
        items: rows.map((r) => ({
          ...r,
          occurredAt: iso(r.occurredAt),
          actorName: names.get(r.actor) ?? null,
        })),
        total,
        page,
        pageSize,
      };
    },
  );
};

export default routes;
