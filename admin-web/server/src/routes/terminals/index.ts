import { z } from 'zod';
import { CommandSpec } from '@civic-kiosk/protocol/terminal-api';
import { CommandList, CommandSent, CreatedTerminal, CreateTerminalRequest, FLEET_OPERATORS, FleetPage, FleetQuery, HeartbeatHistory, ScreenshotList, TerminalEventList } from '@civic-kiosk/protocol/staff-api';
import { staffActor } from '../../audit/audit-log.ts';
import { ApiError } from '../../errors.ts';
import { defineRoute } from '../../http/route.ts';
import type { RouteModule } from '../../services.ts';
import { STAFF_ROLES } from '../../staff/tables.ts';
import { EnrolmentTicket, TerminalIdParams, TerminalView } from './schemas.ts';

const TAGS = ['terminals'];
const READ = { staff: STAFF_ROLES };
const OPERATE = { staff: FLEET_OPERATORS };

/** Emergency commands go through /api/broadcasts so they are tracked as broadcasts. */
const StaffCommand = CommandSpec.refine((c) => c.kind !== 'emergency-on' && c.kind !== 'emergency-off', 'use /api/broadcasts/emergency for emergencies');

export const terminalRoutes: RouteModule = (s) => [
  defineRoute({
    method: 'GET',
    url: '/api/terminals',
    summary: 'One page of terminals with their derived status: filter by group, status and search text, sort, offset/limit (100 by default, at most 500); total counts every match',
    tags: TAGS,
    auth: READ,
    query: FleetQuery,
    response: FleetPage,
    async handler({ query }) {
      return s.terminals.page(query);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/terminals',
    summary: 'Create a terminal and its first one-time enrolment code',
    tags: TAGS,
    auth: OPERATE,
    status: 201,
    body: CreateTerminalRequest,
    response: CreatedTerminal,
    async handler({ body, staff }) {
      if (body.servicePointId !== undefined) {
        const published = await s.releases.publishedContent('service-points');
        if (!published?.content.servicePoints.some((p) => p.id === body.servicePointId)) {
          throw new ApiError('service-point-unknown', 400, 'No published service point has this id');
        }
      }
      const created = await s.terminals.create(staffActor(staff), body);
      // Other open consoles list the new (pending) terminal without a reload.
      await s.staffEvents.terminalChanged(created.terminal.id);
      return created;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/terminals/:id',
    summary: 'One terminal with its latest heartbeat',
    tags: TAGS,
    auth: READ,
    params: TerminalIdParams,
    response: TerminalView,
    async handler({ params }) {
      return s.terminals.view(await s.terminals.get(params.id));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/terminals/:id/heartbeats',
    summary: 'Heartbeat history, newest first',
    tags: TAGS,
    auth: READ,
    params: TerminalIdParams,
    query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50), before: z.coerce.number().int().optional() }),
    response: HeartbeatHistory,
    async handler({ params, query }) {
      await s.terminals.get(params.id);
      return { heartbeats: await s.heartbeats.history(params.id, query.limit, query.before) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/terminals/:id/events',
    summary: 'Operational events the terminal reported, newest first',
    tags: TAGS,
    auth: READ,
    params: TerminalIdParams,
    query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100), type: z.string().max(64).optional() }),
    response: TerminalEventList,
    async handler({ params, query }) {
      await s.terminals.get(params.id);
      return { events: await s.terminalEvents.list(params.id, query.limit, query.type) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/terminals/:id/enrolment-code',
    summary: 'Issue a new one-time enrolment code (earlier unused codes stop working)',
    tags: TAGS,
    auth: OPERATE,
    params: TerminalIdParams,
    response: EnrolmentTicket,
    async handler({ params, staff }) {
      return s.terminals.issueEnrolmentCode(staffActor(staff), params.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/terminals/:id/revoke',
    summary: 'Revoke a terminal: its signed requests are refused and its push channel closes',
    tags: TAGS,
    auth: OPERATE,
    params: TerminalIdParams,
    response: TerminalView,
    async handler({ params, staff }) {
      const view = await s.terminals.revoke(staffActor(staff), params.id);
      await s.push.announceRevoked(params.id);
      await s.staffEvents.terminalChanged(params.id);
      return view;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/terminals/:id/commands',
    summary: 'Send a command; reload, restart-app and reboot wait until the terminal is idle',
    tags: TAGS,
    auth: OPERATE,
    status: 202,
    params: TerminalIdParams,
    body: z.object({ command: StaffCommand, ttlSeconds: z.number().int().min(10).max(7 * 24 * 3600).optional() }),
    response: CommandSent,
    async handler({ params, body, staff }) {
      const t = await s.terminals.get(params.id);
      if (t.status !== 'active') throw new ApiError('terminal-not-active', 409, 'Commands go only to enrolled, unrevoked terminals');
      const { batchId } = await s.dispatcher.send(staffActor(staff), [t.id], body.command, { ttlMs: body.ttlSeconds === undefined ? undefined : body.ttlSeconds * 1000 });
      return { batchId };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/terminals/:id/commands',
    summary: 'Commands sent to a terminal, newest first, with delivery and acknowledgement',
    tags: TAGS,
    auth: READ,
    params: TerminalIdParams,
    query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
    response: CommandList,
    async handler({ params, query }) {
      await s.terminals.get(params.id);
      return { commands: await s.commands.list(params.id, query.limit) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/terminals/:id/screenshots',
    summary: 'The terminal’s latest screenshots (a few, each kept a day), without their images',
    tags: TAGS,
    auth: OPERATE,
    params: TerminalIdParams,
    response: ScreenshotList,
    async handler({ params }) {
      await s.terminals.get(params.id);
      return { screenshots: await s.screenshots.list(params.id) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/terminals/:id/screenshots/:shotId',
    summary: 'One screenshot’s image; it may show a resident’s data, so each view is in the audit log',
    tags: TAGS,
    auth: OPERATE,
    params: TerminalIdParams.extend({ shotId: z.coerce.number().int().positive() }),
    raw: true,
    rawContentType: 'image/png',
    response: z.string(),
    async handler({ params, staff, reply }) {
      const shot = await s.screenshots.view(staffActor(staff), params.id, params.shotId);
      // Private, and never cached: the global no-store stays.
      return reply.type(shot.contentType).header('content-disposition', 'inline').send(Buffer.from(shot.data));
    },
  }),
];
