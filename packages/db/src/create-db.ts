import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.js';

export type Db = Kysely<Database>;

// int8 (bigint) columns hold fen and ids; fen stay far below 2^53, so read them as numbers and
// refuse (loudly) any value that would lose precision.
const INT8_OID = 20;
function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n))
    throw new RangeError(`int8 value ${value} exceeds the safe integer range`);
  return n;
}

// `date` columns are calendar days (IsoDate, 'YYYY-MM-DD'), as the domain names them. pg's default
// turns them into a Date at local midnight, which shifts the day in any zone west of UTC.
const DATE_OID = 1082;
const parseDate = (value: string): string => value;

/** How busy a Db's connection pool is: what the apps' metrics report as pool saturation. */
export interface PoolStats {
  /** Connections open (idle or in use). */
  total: number;
  idle: number;
  /** Queries waiting for a connection: above zero for long, the pool is too small. */
  waiting: number;
  max: number;
}

// Kysely hides its pool; the metrics read it through the Db it belongs to.
const pools = new WeakMap<object, pg.Pool>();

/** The pool statistics of a Db made by createDb (zeros for any other). */
export function poolStats(db: Db): PoolStats {
  const pool = pools.get(db);
  return pool
    ? {
        total: pool.totalCount,
        idle: pool.idleCount,
        waiting: pool.waitingCount,
        max: pool.options.max ?? 10,
      }
    : { total: 0, idle: 0, waiting: 0, max: 0 };
}

/** Opens a pooled connection to PostgreSQL with snake_case ↔ camelCase mapping. */
export function createDb(connectionString: string, options: { max?: number } = {}): Db {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID
          ? parseInt8
          : oid === DATE_OID
            ? parseDate
            : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client's connection can drop (server restart, failover); the pool replaces it, and an
  // unhandled 'error' event would otherwise crash the process.
  pool.on('error', (error) => {
    process.stderr.write(`postgres pool: idle client error: ${error.message}\n`);
  });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    // Column names are mapped; the keys inside jsonb values are data and must round-trip exactly.
    plugins: [new CamelCasePlugin({ maintainNestedObjectKeys: true })],
  });
  pools.set(db, pool);
  return db;
}
