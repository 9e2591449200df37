import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApprovalInbox, ApprovalInboxQuery } from '@qiancheng/contracts';
import { catalogues, oversight as repository } from '@qiancheng/db';
import {
  type CatalogueVersion,
  regionLineageOf,
  type ShareCeiling,
  type SkillLevelCode,
  shanghaiDateOfMs,
  shareCeiling,
  subsidyStandard,
} from '@qiancheng/domain';
import { forbidden, unprocessable } from '../../../../errors.js';
import { iso, isoOrNull } from '../../../../lib/json.js';
import { userOf } from '../../../../plugins/app/auth.js';
import { problems, USER_SECURITY } from '../../../problems.js';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/inbox',
    {
      onRequest: app.requireUser('approver', 'admin', 'operator', 'auditor'),
      schema: {
        summary: 'Pending cost shares of your region, by deadline (national roles name a region)',
        tags: ['approvals'],
        security: USER_SECURITY,
        querystring: ApprovalInboxQuery,
        response: { 200: ApprovalInbox, ...problems(403, 422) },
      },
    },
    async (request) => {
      const user = userOf(request);
      const asked = request.query.regionCode;
      if (user.regionCode !== null && asked && asked !== user.regionCode) {
        throw forbidden('approvers see the inbox of their own region only', 'not_your_region');
      }
      const region = user.regionCode ?? asked;
      if (!region) {
        throw unprocessable('region_required', 'name the region whose inbox to show', [
          { path: 'querystring.regionCode', message: 'required for national users' },
        ]);
      }
      const rows = await repository.pendingApprovals(app.deps.db, region);
      const now = Date.now();
      const ceilings = await ceilingsOf(app.deps.db, rows, shanghaiDateOfMs(now));
      return {
        items: rows.map(({ roundId: _round, ...r }) => ({
          ...r,
          ceiling: ceilings.get(r.approvalId) ?? null,
          deadline: iso(r.deadline),
          overdue: r.deadline.getTime() < now,
          escalatedAt: isoOrNull(r.escalatedAt),
        })),
      };
    },
  );
};

/**
 * The most each pending share commits its region to (shareCeiling: planned headcount × the
 * standard in force today for the project's level, the highest of its occupations, split over the
 * round's shares); absent where no catalogue in force lists the project's occupations.
 */
async function ceilingsOf(
  db: Parameters<typeof repository.pendingApprovals>[0],
  rows: { approvalId: string; projectId: string; roundId: string; regionCode: string }[],
  today: string,
): Promise<Map<string, ShareCeiling>> {
  const facts = await repository.shareCeilingFacts(db, rows);
  const versionsByOwner = new Map<string, CatalogueVersion[]>();
  for (const project of facts.projects.values()) {
    if (!versionsByOwner.has(project.ownerRegionCode))
      versionsByOwner.set(
        project.ownerRegionCode,
        await catalogues.listVersions(db, {
          regionCodes: regionLineageOf(project.ownerRegionCode),
        }),
      );
  }
  const ceilings = new Map<string, ShareCeiling>();
  for (const row of rows) {
    const project = facts.projects.get(row.projectId);
    const parties = facts.shares.get(row.roundId);
    if (!project || !parties) continue;
    const versions = versionsByOwner.get(project.ownerRegionCode) ?? [];
    let standard = 0;
    for (const occupationCode of project.occupationCodes) {
      const found = subsidyStandard(versions, {
        regionCode: project.ownerRegionCode,
        occupationCode,
        level: project.targetLevel as SkillLevelCode,
        on: today,
      });
      if (found.found) standard = Math.max(standard, found.amount);
    }
    if (standard > 0)
      ceilings.set(
        row.approvalId,
        shareCeiling(project.plannedHeadcount, standard, parties, row.regionCode),
      );
  }
  return ceilings;
}

export default routes;
