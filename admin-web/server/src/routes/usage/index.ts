import { z } from 'zod';
import {
  FunnelReport,
  PlaysQuery,
  PlaysReport,
  ServiceUseQuery,
  ServiceUseReport,
  SessionsReport,
  USAGE_READERS,
  UsageApiPaths,
  UsageQuery,
  type UsageReport,
} from '@civic-kiosk/protocol/usage';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { defineRoute, type AnyRoute } from '../../http/route.ts';
import type { RouteModule } from '../../services.ts';
import { usageCsv } from '../../usage/csv.ts';
import { funnel, plays, serviceUse, sessions } from '../../usage/reports.ts';

const TAGS = ['usage'];
const READERS = { staff: USAGE_READERS } as const;

/** One report as JSON and as a CSV download of the same query. */
function reportRoutes<Q extends z.ZodType<UsageQuery>, R extends z.ZodType>(
  db: Kysely<Database>,
  report: UsageReport,
  summary: string,
  query: Q,
  response: R,
  run: (db: Kysely<Database>, q: z.output<Q>) => Promise<z.output<R>>,
  csv: (r: z.output<R>) => string,
): AnyRoute[] {
  return [
    defineRoute({ method: 'GET', url: UsageApiPaths[report], summary, tags: TAGS, auth: READERS, query, response, handler: ({ query: q }) => run(db, q as z.output<Q>) as Promise<z.input<R>> }),
    defineRoute({
      method: 'GET',
      url: UsageApiPaths.csv(report),
      summary: `${summary}, as CSV (UTF-8 with BOM, RFC 4180 quoting, formula-safe)`,
      tags: TAGS,
      auth: READERS,
      query,
      raw: true,
      rawContentType: 'text/csv',
      response: z.string(),
      async handler({ query: raw, reply }) {
        // The generic query schema hides its output type from the route's inference.
        const q = raw as z.output<Q>;
        const filters = [q.group, q.terminal, q.service].filter((f) => f !== undefined).join('-');
        await reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="usage-${report}-${q.from}-${q.to}${filters ? `-${filters.replace(/[^A-Za-z0-9-]/g, '_')}` : ''}.csv"`)
          .send(csv(await run(db, q)));
      },
    }),
  ];
}

/** Usage statistics and proof of play for every staff role (counts only, nothing personal). */
export const usageRoutes: RouteModule = ({ db }) => [
  ...reportRoutes(db, 'services', 'Service starts and completions per day, terminal or group, and per service', ServiceUseQuery, ServiceUseReport, serviceUse, usageCsv.services),
  ...reportRoutes(db, 'funnel', 'Sessions at each step attract, home, service, done with the drop-off between steps', UsageQuery, FunnelReport, funnel, usageCsv.funnel),
  ...reportRoutes(db, 'plays', 'Proof of play: attract items played, seconds shown and terminals, per item, terminal or day', PlaysQuery, PlaysReport, plays, usageCsv.plays),
  ...reportRoutes(db, 'sessions', 'Sessions and elderly-mode sessions per day; sessions per language and screens shown', UsageQuery, SessionsReport, sessions, usageCsv.sessions),
];
