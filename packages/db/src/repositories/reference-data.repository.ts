import {
  DEMO_OCCUPATIONS,
  FUNDING_SOURCES,
  KEY_GROUPS,
  REGIONS,
  SECTORS,
  SKILL_LEVELS,
} from '@qiancheng/domain';
import type { Kysely } from 'kysely';
import type { Database } from '../database.js';
import { inTransaction } from '../in-transaction.js';

/**
 * Loads the reference data @qiancheng/domain ships (skill levels, sectors and their fields, key
 * groups, funding sources, the 31 provinces with the demo cities and counties, the demo
 * occupation catalogue) and brings existing rows' names up to date. Idempotent; never deletes,
 * since records may point at a code the domain no longer lists. Imports of the full region and
 * occupation catalogues go through `regions.upsertMany` and `occupations.upsertMany`.
 */
export async function sync(db: Kysely<Database>): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx
      .insertInto('skillLevels')
      .values(
        SKILL_LEVELS.map((l) => ({
          code: l.code,
          rank: l.rank,
          name: l.name,
          grade: l.grade,
          label: l.label,
          nameEn: l.nameEn,
        })),
      )
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          rank: eb.ref('excluded.rank'),
          name: eb.ref('excluded.name'),
          grade: eb.ref('excluded.grade'),
          label: eb.ref('excluded.label'),
          nameEn: eb.ref('excluded.nameEn'),
        })),
      )
      .execute();

    await trx
      .insertInto('sectors')
      .values(
        SECTORS.map((s) => ({ code: s.code, name: s.name, nameEn: s.nameEn, section: s.section })),
      )
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          nameEn: eb.ref('excluded.nameEn'),
          section: eb.ref('excluded.section'),
        })),
      )
      .execute();
    await trx
      .insertInto('sectorFields')
      .values(
        SECTORS.flatMap((s) =>
          s.fields.map((f) => ({
            sectorCode: s.code,
            code: f.code,
            name: f.name,
            nameEn: f.nameEn,
          })),
        ),
      )
      .onConflict((oc) =>
        oc.columns(['sectorCode', 'code']).doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          nameEn: eb.ref('excluded.nameEn'),
        })),
      )
      .execute();

    // One statement: a sub-group's reference to its parent is checked at its end.
    await trx
      .insertInto('keyGroups')
      .values(
        KEY_GROUPS.map((g) => ({
          code: g.code,
          name: g.name,
          nameEn: g.nameEn,
          parentCode: g.parentCode,
          section: g.section,
        })),
      )
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          nameEn: eb.ref('excluded.nameEn'),
          parentCode: eb.ref('excluded.parentCode'),
          section: eb.ref('excluded.section'),
        })),
      )
      .execute();

    await trx
      .insertInto('fundingSources')
      .values(
        FUNDING_SOURCES.map((s) => ({
          code: s.code,
          name: s.name,
          nameEn: s.nameEn,
          kind: s.kind,
        })),
      )
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          nameEn: eb.ref('excluded.nameEn'),
          kind: eb.ref('excluded.kind'),
        })),
      )
      .execute();

    await trx
      .insertInto('regions')
      .values(
        REGIONS.map((r) => ({
          code: r.code,
          name: r.name,
          nameEn: r.nameEn,
          level: r.level,
          parentCode: r.parentCode,
        })),
      )
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          nameEn: eb.ref('excluded.nameEn'),
        })),
      )
      .execute();

    await trx
      .insertInto('occupations')
      .values(
        DEMO_OCCUPATIONS.map((o) => ({
          code: o.code,
          name: o.name,
          category: o.category,
          sector: o.sector,
          demo: true,
        })),
      )
      // An imported official entry with the same code wins over the demo one.
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  });
}
