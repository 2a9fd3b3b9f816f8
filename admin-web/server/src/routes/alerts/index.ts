import { z } from 'zod';
import { defineRoute } from '../../http/route.ts';
import type { RouteModule } from '../../services.ts';
import { STAFF_ROLES } from '../../staff/tables.ts';

const Alert = z.object({
  id: z.number(),
  terminalId: z.string(),
  terminalName: z.string(),
  kind: z.enum(['down', 'stuck', 'device-fault']),
  key: z.string(),
  openedAt: z.number(),
  resolvedAt: z.number().nullable(),
  details: z.unknown(),
});

export const alertRoutes: RouteModule = (s) => [
  defineRoute({
    method: 'GET',
    url: '/api/alerts',
    summary: 'Fleet alerts (down, stuck, device faults), newest first',
    tags: ['alerts'],
    auth: { staff: STAFF_ROLES },
    query: z.object({
      open: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
      terminalId: z.string().max(64).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
    response: z.object({ alerts: z.array(Alert) }),
    async handler({ query }) {
      return { alerts: await s.alerts.list(query) };
    },
  }),
];
