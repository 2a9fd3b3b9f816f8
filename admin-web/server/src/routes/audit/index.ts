import { z } from 'zod';
import { defineRoute } from '../../http/route.ts';
import type { RouteModule } from '../../services.ts';

const Entry = z.object({
  id: z.number(),
  at: z.number(),
  actor: z.object({ type: z.enum(['staff', 'terminal', 'system']), id: z.string(), name: z.string() }),
  action: z.string(),
  target: z.object({ type: z.string(), id: z.string().nullable() }),
  details: z.unknown(),
});

export const auditRoutes: RouteModule = (s) => [
  defineRoute({
    method: 'GET',
    url: '/api/audit',
    summary: 'Query the audit log, newest first',
    tags: ['audit'],
    auth: { staff: ['auditor', 'admin'] },
    query: z.object({
      actorId: z.string().max(64).optional(),
      action: z.string().max(64).optional(),
      targetType: z.string().max(64).optional(),
      targetId: z.string().max(128).optional(),
      from: z.coerce.number().int().optional(),
      to: z.coerce.number().int().optional(),
      before: z.coerce.number().int().optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
    response: z.object({ entries: z.array(Entry) }),
    async handler({ query }) {
      return { entries: await s.audit.query(query) };
    },
  }),
];
