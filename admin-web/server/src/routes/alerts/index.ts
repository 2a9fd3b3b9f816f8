import { z } from 'zod';
import { FLEET_OPERATORS, Ok } from '@civic-kiosk/protocol/staff-api';
import { AlertList, AlertView, FLEET_WATCHERS, GroupHours, GroupHoursList, OperatingHours } from '@civic-kiosk/protocol/staff-live';
import { staffActor } from '../../audit/audit-log.ts';
import { defineRoute } from '../../http/route.ts';
import type { RouteModule } from '../../services.ts';

const TAGS = ['alerts'];
const WATCH = { staff: FLEET_WATCHERS };
const OPERATE = { staff: FLEET_OPERATORS };
const GroupParams = z.object({ group: z.string().min(1).max(64) });

export const alertRoutes: RouteModule = (s) => [
  defineRoute({
    method: 'GET',
    url: '/api/alerts',
    summary: 'Fleet alerts (down, stuck, device faults), newest first, with how many are open',
    tags: TAGS,
    auth: WATCH,
    query: z.object({
      open: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
      terminalId: z.string().max(64).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
    response: AlertList,
    async handler({ query }) {
      return { alerts: await s.alerts.list(query), open: await s.alerts.openCount() };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/alerts/:id/acknowledge',
    summary: 'Acknowledge an open alert (who and when are kept and audited); 409 when resolved or acknowledged already',
    tags: TAGS,
    auth: OPERATE,
    params: z.object({ id: z.coerce.number().int().positive() }),
    response: AlertView,
    async handler({ params, staff }) {
      return s.alerts.acknowledge(staffActor(staff), params.id);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/alerts/hours',
    summary: 'Operating hours per terminal group (China time); down alerts of a group wait outside them',
    tags: TAGS,
    auth: WATCH,
    response: GroupHoursList,
    async handler() {
      return { groups: await s.operatingHours.list() };
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/alerts/hours/:group',
    summary: "Set a group's operating hours (audited)",
    tags: TAGS,
    auth: OPERATE,
    params: GroupParams,
    body: OperatingHours,
    response: GroupHours,
    async handler({ params, body, staff }) {
      return s.operatingHours.set(staffActor(staff), params.group, body);
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/alerts/hours/:group',
    summary: "Remove a group's operating hours: its down alerts are raised at any time again (audited)",
    tags: TAGS,
    auth: OPERATE,
    params: GroupParams,
    response: Ok,
    async handler({ params, staff }) {
      await s.operatingHours.remove(staffActor(staff), params.group);
      return { ok: true as const };
    },
  }),
];
