import { z } from 'zod';
import { EmergencyBroadcast, LocalizedText } from '@civic-kiosk/protocol/terminal-api';
import { staffActor } from '../../audit/audit-log.ts';
import { defineRoute } from '../../http/route.ts';
import type { RouteModule } from '../../services.ts';
import { STAFF_ROLES } from '../../staff/tables.ts';

const Broadcast = EmergencyBroadcast.extend({
  groups: z.array(z.string()).nullable(),
  createdBy: z.string(),
  endedAt: z.number().nullable(),
  endedBy: z.string().nullable(),
  terminals: z.number(),
});
const TAGS = ['broadcasts'];
const OPERATE = { staff: ['admin', 'operator'] as const };

export const broadcastRoutes: RouteModule = (s) => [
  defineRoute({
    method: 'POST',
    url: '/api/broadcasts/emergency',
    summary: 'Start an emergency broadcast to every terminal or to groups',
    tags: TAGS,
    auth: OPERATE,
    status: 201,
    body: z.object({ level: EmergencyBroadcast.shape.level, title: LocalizedText, body: LocalizedText, groups: z.array(z.string().min(1).max(64)).max(100).optional() }),
    response: Broadcast,
    async handler({ body, staff }) {
      return s.broadcasts.start(staffActor(staff!), body);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/broadcasts/emergency/:id/end',
    summary: 'End an emergency broadcast',
    tags: TAGS,
    auth: OPERATE,
    params: z.object({ id: z.string().max(64) }),
    response: Broadcast,
    async handler({ params, staff }) {
      return s.broadcasts.end(staffActor(staff!), params.id);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/broadcasts/emergency',
    summary: 'Emergency broadcasts, newest first',
    tags: TAGS,
    auth: { staff: STAFF_ROLES },
    query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
    response: z.object({ broadcasts: z.array(Broadcast) }),
    async handler({ query }) {
      return { broadcasts: await s.broadcasts.list(query.limit) };
    },
  }),
];
