import type { IsoTimestamp } from './dates.js';
import type { RegionCode } from './region.js';

/** The roles people and systems act in (see the parties of the chain, 十二). */
export const ROLES = [
  'enterprise',
  'project_manager',
  'partner_approver',
  'provincial_coordinator',
  'provider',
  'evaluator',
  'auditor',
  'operator',
  'system',
] as const;

export type Role = (typeof ROLES)[number];

/** Who did something: enough to answer "谁使用、谁负责" (十八) without joining tables. */
export interface ActorRef {
  role: Role;
  /** User id, API-key id, or a workflow id for `system`. */
  id: string;
  /** The region the actor acts for, when the role is regional. */
  regionCode: RegionCode | null;
}

/** Who changed a record, when, and why (十八 accountability); kept on every state change. */
export interface AuditStamp {
  at: IsoTimestamp;
  by: ActorRef;
  reason: string | null;
}
