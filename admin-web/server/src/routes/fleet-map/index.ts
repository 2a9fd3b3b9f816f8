import { FLEET_STATUSES, FleetGroups, FleetMap } from '@civic-kiosk/protocol/staff-api';
import type { StatusCounts } from '@civic-kiosk/protocol/staff-api';
import { defineRoute } from '../../http/route.ts';
import type { RouteModule } from '../../services.ts';
import { STAFF_ROLES } from '../../staff/tables.ts';

const none = (): StatusCounts => ({ total: 0, byStatus: Object.fromEntries(FLEET_STATUSES.map((s) => [s, 0])) as StatusCounts['byStatus'] });

export const fleetMapRoutes: RouteModule = (s) => [
  defineRoute({
    method: 'GET',
    url: '/api/fleet/service-points',
    summary: "The published content's service points with their terminals counted by status, and the terminals at none of them",
    tags: ['terminals'],
    auth: { staff: STAFF_ROLES },
    response: FleetMap,
    async handler() {
      const [published, counts] = await Promise.all([s.releases.publishedContent('service-points'), s.terminals.countByServicePoint()]);
      const points = published?.content.servicePoints ?? [];
      const elsewhere = none();
      for (const [id, c] of counts) {
        if (id !== null && points.some((p) => p.id === id)) continue;
        elsewhere.total += c.total;
        for (const status of FLEET_STATUSES) elsewhere.byStatus[status] += c.byStatus[status];
      }
      return {
        releaseId: published?.releaseId ?? null,
        points: points.map((p) => ({ id: p.id, name: p.name, address: p.address, location: p.location, ...(counts.get(p.id) ?? none()) })),
        elsewhere,
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/fleet/groups',
    summary: 'Every terminal group with its terminals not revoked',
    tags: ['terminals'],
    auth: { staff: STAFF_ROLES },
    response: FleetGroups,
    async handler() {
      return { groups: await s.terminals.groups() };
    },
  }),
];
