import { z } from 'zod';
import { STAFF_EVENTS_PATH } from '@civic-kiosk/protocol/staff-live';
import { SESSION_COOKIE } from '../../http/register.ts';
import { defineRoute } from '../../http/route.ts';
import type { RouteModule } from '../../services.ts';
import { STAFF_ROLES } from '../../staff/tables.ts';

export const staffEventRoutes: RouteModule = (s) => [
  defineRoute({
    method: 'GET',
    url: STAFF_EVENTS_PATH,
    summary:
      'The staff event stream (SSE): `terminal`, `alert`, `command`, `broadcast` events for the roles that may read them, keep-alive comments, resume by Last-Event-ID or a `resync` event; closed when the session ends',
    tags: ['staff'],
    auth: { staff: STAFF_ROLES },
    raw: true,
    rawContentType: 'text/event-stream',
    response: z.string(),
    async handler({ staff, request, reply }) {
      reply.hijack();
      const lastEventId = request.headers['last-event-id'];
      s.staffEvents.open(staff, request.cookies[SESSION_COOKIE]!, reply.raw, typeof lastEventId === 'string' ? lastEventId : undefined);
    },
  }),
];
