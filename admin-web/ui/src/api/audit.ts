/** The console's calls for the audit log (auditors, admins) and the personal-data access log (auditors). */
import { AccessPage, AuditPage } from '@civic-kiosk/protocol/staff-users';
import type { AccessEntry, AccessFilter, AuditEntry, AuditFilter } from '@civic-kiosk/protocol/staff-users';
import type { ApiClient } from './client.ts';

/** The filter's set fields as a query string (empty values left out). */
function auditQuery(filter: AuditFilter): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) if (v !== undefined && v !== '') params.set(k, String(v));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export async function auditEntries(api: ApiClient, filter: AuditFilter): Promise<AuditEntry[]> {
  return (await api.call('GET', `/api/audit${auditQuery(filter)}`, AuditPage)).entries;
}

/** Where the browser downloads the filtered log as CSV (a plain link: the session cookie goes with it). */
export const auditCsvUrl = (filter: Omit<AuditFilter, 'before' | 'limit'>): string => `/api/audit/export.csv${auditQuery(filter)}`;

// The access log's filters travel in POST bodies: a citizen ID must stay out of URLs and logs.
export async function accessEntries(api: ApiClient, filter: AccessFilter): Promise<AccessEntry[]> {
  return (await api.call('POST', '/api/staff/personal-data-access/query', AccessPage, filter)).entries;
}

export function accessCsv(api: ApiClient, filter: Omit<AccessFilter, 'before' | 'limit'>): Promise<Blob> {
  return api.download('/api/staff/personal-data-access/export', filter);
}
