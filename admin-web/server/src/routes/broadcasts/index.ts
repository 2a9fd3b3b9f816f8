import { z } from 'zod';
import { FLEET_OPERATORS } from '@civic-kiosk/protocol/staff-api';
import { BroadcastList, BroadcastRequest, BroadcastView, FLEET_WATCHERS } from '@civic-kiosk/protocol/staff-live';
import { staffActor } from '../../audit/audit-log.ts';
import { defineRoute } from '../../http/route.ts';
import type { RouteModule } from '../../services.ts';

const TAGS = ['broadcasts'];
const OPERATE = { staff: FLEET_OPERATORS };

export const broadcastRoutes: RouteModule = (s) => [
  defineRoute({
    method: 'POST',
    url: '/api/broadcasts/emergency',
    summary: 'Start an emergency broadcast to every terminal or to groups, until it is ended or expires',
    tags: TAGS,
    auth: OPERATE,
    status: 201,
    body: BroadcastRequest,
    response: BroadcastView,
    async handler({ body, staff }) {
      return s.broadcasts.start(staffActor(staff), body);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/broadcasts/emergency/:id/end',
    summary: 'End an emergency broadcast',
    tags: TAGS,
    auth: OPERATE,
    params: z.object({ id: z.string().max(64) }),
    response: BroadcastView,
    async handler({ params, staff }) {
      return s.broadcasts.end(staffActor(staff), params.id);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/broadcasts/emergency',
    summary: 'Emergency broadcasts, newest first, with how many targeted terminals acknowledged each',
    tags: TAGS,
    auth: { staff: FLEET_WATCHERS },
    query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
    response: BroadcastList,
    async handler({ query }) {
      return { broadcasts: await s.broadcasts.list(query.limit) };
    },
  }),
];
