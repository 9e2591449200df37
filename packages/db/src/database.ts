import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** Timestamps are `timestamptz`, stored in UTC; read as Date, written as Date or ISO string. */
export type Timestamp = ColumnType<Date, Date | string | undefined, never>;

/** Append-only: who changed what, when and why (十八 "谁使用、谁负责"). */
export interface AuditLogTable {
  id: Generated<string>;
  occurredAt: Timestamp;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  reason: string | null;
  details: ColumnType<Record<string, unknown>, Record<string, unknown> | string, never>;
  requestId: string | null;
}
export type AuditLogRow = Selectable<AuditLogTable>;
export type NewAuditLogRow = Insertable<AuditLogTable>;

/** The database as Kysely sees it (camelCase here, snake_case in PostgreSQL). */
export interface Database {
  auditLog: AuditLogTable;
}
