import type { Migration } from 'kysely/migration';
import * as m20261127_0001 from './2026-11-27-0001-audit-log.js';
import * as m20261127_0002 from './2026-11-27-0002-reference-data.js';
import * as m20261127_0003 from './2026-11-27-0003-parties-and-access.js';
import * as m20261127_0004 from './2026-11-27-0004-catalogue-and-targets.js';
import * as m20261127_0005 from './2026-11-27-0005-projects.js';
import * as m20261127_0006 from './2026-11-27-0006-trainees-and-outcomes.js';
import * as m20261127_0007 from './2026-11-27-0007-settlement.js';
import * as m20261127_0008 from './2026-11-27-0008-workflow-io.js';
import * as m20261130_0009 from './2026-11-30-0009-project-plan.js';
import * as m20261130_0011 from './2026-11-30-0011-token-version.js';
import * as m20261130_0012 from './2026-11-30-0012-least-privilege.js';
import * as m20261130_0013 from './2026-11-30-0013-registries.js';
import * as m20261130_0014 from './2026-11-30-0014-people-and-oversight.js';
import * as m20261130_0015 from './2026-11-30-0015-demo-runs.js';
import * as m20261130_0016 from './2026-11-30-0016-read-model-indexes.js';
import * as m20261130_0017 from './2026-11-30-0017-jit-off.js';
import * as m20261201_0018 from './2026-12-01-0018-order-status-follows-places.js';

/** Every migration, by sortable name. Append only: a migration never changes once merged. */
export const migrations: Record<string, Migration> = {
  '2026-11-27-0001-audit-log': m20261127_0001,
  '2026-11-27-0002-reference-data': m20261127_0002,
  '2026-11-27-0003-parties-and-access': m20261127_0003,
  '2026-11-27-0004-catalogue-and-targets': m20261127_0004,
  '2026-11-27-0005-projects': m20261127_0005,
  '2026-11-27-0006-trainees-and-outcomes': m20261127_0006,
  '2026-11-27-0007-settlement': m20261127_0007,
  '2026-11-27-0008-workflow-io': m20261127_0008,
  '2026-11-30-0009-project-plan': m20261130_0009,
  '2026-11-30-0011-token-version': m20261130_0011,
  '2026-11-30-0012-least-privilege': m20261130_0012,
  '2026-11-30-0013-registries': m20261130_0013,
  '2026-11-30-0014-people-and-oversight': m20261130_0014,
  '2026-11-30-0015-demo-runs': m20261130_0015,
  '2026-11-30-0016-read-model-indexes': m20261130_0016,
  '2026-11-30-0017-jit-off': m20261130_0017,
  '2026-12-01-0018-order-status-follows-places': m20261201_0018,
};
