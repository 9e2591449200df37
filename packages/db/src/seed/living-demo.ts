import type { SectorCode } from '@qiancheng/domain';
import { sql } from 'kysely';
import type { Db } from '../create-db.js';
import * as auditLog from '../repositories/audit-log.repository.js';
import * as enterprises from '../repositories/enterprises.repository.js';
import { demoCreditCode } from './people.js';
import { DemoRandom } from './random.js';

export { type DemoOrigin, demoRecruits, demoTraineePool, ruralKeyGroups } from './index.js';
export { demoCreditCode } from './people.js';
export { DemoRandom } from './random.js';

/**
 * DEMO ONLY: the enterprises the living demo needs beyond the seed's, in the two eastern
 * provinces it adds (浙江, 江苏). Enterprises are registered by the platform, not through the
 * API (which has no route for it), so these are the demo's only rows written directly.
 */
const WORLD_ENTERPRISES: readonly { name: string; regionCode: string; sector: SectorCode }[] = [
  { name: '杭州云链快递物流有限公司', regionCode: '330100', sector: 'transport' },
  { name: '苏州工业园区芯创电子有限公司', regionCode: '320500', sector: 'advanced_manufacturing' },
];
const WORLD_SEED = 20_261_130;

/**
 * Whether demo data may be loaded: never under NODE_ENV=production unless QIANCHENG_DEMO=1 asks
 * for it; QIANCHENG_DEMO=0 turns it off anywhere. (Demo users share one published password and
 * the demo enterprise's API key is public: they must never reach a real deployment by accident.)
 */
export function demoAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.QIANCHENG_DEMO === '1') return true;
  if (env.QIANCHENG_DEMO === '0') return false;
  return env.NODE_ENV !== 'production';
}

/** True when this database holds the seed's demo data set (never real records). */
export async function isDemoDatabase(db: Db): Promise<boolean> {
  const found = await db
    .selectFrom('auditLog')
    .select('id')
    .where('action', '=', 'demo.seeded')
    .executeTakeFirst();
  return found !== undefined;
}

/**
 * Registers the living demo's extra enterprises once (safe on every start and from concurrent
 * callers) and answers every enterprise's id by name.
 */
export async function seedLivingDemoWorld(db: Db): Promise<Map<string, string>> {
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('qiancheng.living-demo-world'))`.execute(trx);
    const random = new DemoRandom(WORLD_SEED);
    const added: string[] = [];
    for (const enterprise of WORLD_ENTERPRISES) {
      const code = demoCreditCode(random, '91', enterprise.regionCode);
      if (await enterprises.findByCreditCode(trx, code)) continue;
      const row = await enterprises.insert(trx, { ...enterprise, unifiedSocialCreditCode: code });
      added.push(row.id);
    }
    if (added.length > 0) {
      await auditLog.append(trx, {
        actor: 'system',
        action: 'demo.world_seeded',
        subjectType: 'platform',
        subjectId: 'demo',
        reason: 'enterprises of the living demo registered (demo data)',
        details: { enterprises: added },
      });
    }
  });
  const rows = await db.selectFrom('enterprises').select(['id', 'name']).execute();
  return new Map(rows.map((r) => [r.name, r.id]));
}
