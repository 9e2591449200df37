import { client, unwrap } from './client';
import type {
  ApprovalInboxItem,
  AuditLogPage,
  AuditLogQuery,
  DispatchReport,
  LedgerPage,
  LedgerQuery,
} from './types';

export async function approvalInbox(regionCode?: string): Promise<ApprovalInboxItem[]> {
  const query = regionCode ? { regionCode } : {};
  return unwrap(await client.GET('/api/v1/approvals/inbox', { params: { query } })).items;
}

export async function ledger(query: LedgerQuery): Promise<LedgerPage> {
  return unwrap(await client.GET('/api/v1/ledger', { params: { query } }));
}

export async function auditLog(query: AuditLogQuery): Promise<AuditLogPage> {
  return unwrap(await client.GET('/api/v1/audit-log', { params: { query } }));
}

export async function dispatchReport(asOf?: string, regionCode?: string): Promise<DispatchReport> {
  const query: { asOf?: string; regionCode?: string } = {};
  if (asOf) query.asOf = asOf;
  if (regionCode) query.regionCode = regionCode;
  return unwrap(await client.GET('/api/v1/dispatch/', { params: { query } }));
}
