import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DispatchQuery, DispatchReport } from '@qiancheng/contracts';
import { regionalTargets, oversight as repository } from '@qiancheng/db';
import { expectedProgress, isWithinRegion, shanghaiDateOfMs, targetPace } from '@qiancheng/domain';
import { forbidden } from '../../../../errors.js';
import { userOf } from '../../../../plugins/app/auth.js';
import { problems, USER_SECURITY } from '../../../problems.js';

/** The dispatch dashboard (十九 定期调度, 二十): targets against actuals, regions behind flagged. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;
  app.get(
    '/',
    {
      onRequest: app.requireUser(),
      schema: {
        summary: 'Targets vs actuals (enrolled, certified, employed) by region, sector, key group',
        tags: ['oversight'],
        security: USER_SECURITY,
        querystring: DispatchQuery,
        response: { 200: DispatchReport, ...problems(403) },
      },
    },
    async (request) => {
      const user = userOf(request);
      const asOf = request.query.asOf ?? shanghaiDateOfMs(Date.now());
      const region = request.query.regionCode;
      if (region && user.regionCode !== null && !isWithinRegion(region, user.regionCode)) {
        throw forbidden('outside your region', 'not_your_region');
      }
      const scope = region ?? user.regionCode;
      const targets = (await regionalTargets.list(db, { activeOn: asOf })).filter(
        (t) => scope === null || isWithinRegion(t.regionCode, scope),
      );
      const names = new Map(
        (
          await db
            .selectFrom('regions')
            .select(['code', 'name'])
            .where('code', 'in', targets.length ? targets.map((t) => t.regionCode) : [''])
            .execute()
        ).map((r) => [r.code, r.name]),
      );
      // Every target's actual in one statement, not one each.
      const actuals = await repository.actualsFor(db, targets, asOf);
      const items = targets.map((t, i) => {
        const actual = actuals[i] ?? 0;
        const pace = targetPace(t, actual, asOf);
        return {
          targetId: t.id,
          regionCode: t.regionCode,
          regionName: names.get(t.regionCode) ?? null,
          measure: t.measure,
          sector: t.sector,
          keyGroup: t.keyGroup,
          periodStart: t.periodStart,
          periodEnd: t.periodEnd,
          target: t.target,
          expected: expectedProgress(t.target, t.periodStart, t.periodEnd, asOf),
          actual,
          pace,
          flagged: pace === 'behind',
        };
      });
      return {
        asOf,
        items,
        behindRegions: [...new Set(items.filter((i) => i.flagged).map((i) => i.regionCode))],
      };
    },
  );
};

export default routes;
