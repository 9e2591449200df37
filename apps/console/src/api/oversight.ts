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

/**
 * Dispatch reports asked for early — when the router enters the dashboard, while the page's code
 * is still downloading — and taken once by the page, so the request does not wait for the chunks.
 */
const early = new Map<string, Promise<DispatchReport>>();
const keyOf = (asOf?: string, regionCode?: string) => `${asOf ?? ''}|${regionCode ?? ''}`;

export function prefetchDispatchReport(asOf?: string, regionCode?: string): void {
  const key = keyOf(asOf, regionCode);
  if (early.has(key)) return;
  const report = dispatchReport(asOf, regionCode);
  // A failure is the page's to show when it takes the report; never an unhandled rejection.
  report.catch(() => {});
  early.set(key, report);
}

/** The report prefetched for these arguments (once), else a fresh request. */
export function takeDispatchReport(asOf?: string, regionCode?: string): Promise<DispatchReport> {
  const key = keyOf(asOf, regionCode);
  const report = early.get(key);
  early.delete(key);
  return report ?? dispatchReport(asOf, regionCode);
}

export async function dispatchReport(asOf?: string, regionCode?: string): Promise<DispatchReport> {
  const query: { asOf?: string; regionCode?: string } = {};
  if (asOf) query.asOf = asOf;
  if (regionCode) query.regionCode = regionCode;
  return unwrap(await client.GET('/api/v1/dispatch/', { params: { query } }));
}
