/**
 * The usage reports (service use, funnel, sessions, proof of play) and their CSV addresses,
 * each answer checked against the protocol's schema.
 */
import { FunnelReport, PlaysReport, ServiceUseReport, SessionsReport, UsageApiPaths } from '@civic-kiosk/protocol/usage';
import type { PlaysQuery, ServiceUseQuery, UsageQuery, UsageReport } from '@civic-kiosk/protocol/usage';
import type { ApiClient } from './client.ts';

/** A report's query string: only the filters that are set. */
export function usageSearch(query: Readonly<Record<string, string | undefined>>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
  return params.toString();
}

const get = <Q extends UsageQuery>(path: string, query: Q) => `${path}?${usageSearch(query)}`;

export const serviceUse = (api: ApiClient, query: ServiceUseQuery): Promise<ServiceUseReport> => api.call('GET', get(UsageApiPaths.services, query), ServiceUseReport);

export const funnel = (api: ApiClient, query: UsageQuery): Promise<FunnelReport> => api.call('GET', get(UsageApiPaths.funnel, query), FunnelReport);

export const sessions = (api: ApiClient, query: UsageQuery): Promise<SessionsReport> => api.call('GET', get(UsageApiPaths.sessions, query), SessionsReport);

export const plays = (api: ApiClient, query: PlaysQuery): Promise<PlaysReport> => api.call('GET', get(UsageApiPaths.plays, query), PlaysReport);

/** Where a report downloads as CSV (a plain link: the session cookie is enough for a GET). */
export const usageCsvUrl = (report: UsageReport, query: UsageQuery & { by?: string; item?: string }): string => get(UsageApiPaths.csv(report), query);
