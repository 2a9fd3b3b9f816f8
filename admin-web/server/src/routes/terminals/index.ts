import { z } from 'zod';
import { CommandSpec, HeartbeatRequest, TerminalEventRecord } from '@civic-kiosk/protocol/terminal-api';
import { staffActor } from '../../audit/audit-log.ts';
import { ApiError } from '../../errors.ts';
import { defineRoute } from '../../http/route.ts';
import type { RouteModule } from '../../services.ts';
import { STAFF_ROLES } from '../../staff/tables.ts';
import { CommandView, EnrolmentTicket, TerminalIdParams, TerminalView } from './schemas.ts';

const TAGS = ['terminals'];
const READ = { staff: STAFF_ROLES };
const OPERATE = { staff: ['admin', 'operator'] as const };
const Name = z.string().trim().min(1).max(128);

/** Emergency commands go through /api/broadcasts so they are tracked as broadcasts. */
const StaffCommand = CommandSpec.refine((c) => c.kind !== 'emergency-on' && c.kind !== 'emergency-off', 'use /api/broadcasts/emergency for emergencies');

export const terminalRoutes: RouteModule = (s) => [
  defineRoute({
    method: 'GET',
    url: '/api/terminals',
    summary: 'List terminals with their derived status',
    tags: TAGS,
    auth: READ,
    query: z.object({ group: z.string().max(64).optional() }),
    response: z.object({ terminals: z.array(TerminalView) }),
    async handler({ query }) {
      return { terminals: await s.terminals.list(query) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/terminals',
    summary: 'Create a terminal and its first one-time enrolment code',
    tags: TAGS,
    auth: OPERATE,
    status: 201,
    body: z.object({ name: Name, location: z.string().trim().max(256).default(''), group: z.string().trim().min(1).max(64).default('default') }),
    response: z.object({ terminal: TerminalView, enrolment: EnrolmentTicket }),
    async handler({ body, staff }) {
      return s.terminals.create(staffActor(staff!), body);
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
    response: z.object({ heartbeats: z.array(z.object({ receivedAt: z.number(), heartbeat: HeartbeatRequest })) }),
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
    response: z.object({ events: z.array(TerminalEventRecord.extend({ receivedAt: z.number() })) }),
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
      return s.terminals.issueEnrolmentCode(staffActor(staff!), params.id);
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
      const view = await s.terminals.revoke(staffActor(staff!), params.id);
      await s.push.announceRevoked(params.id);
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
    response: z.object({ batchId: z.string() }),
    async handler({ params, body, staff }) {
      const t = await s.terminals.get(params.id);
      if (t.status !== 'active') throw new ApiError('terminal-not-active', 409, 'Commands go only to enrolled, unrevoked terminals');
      const { batchId } = await s.dispatcher.send(staffActor(staff!), [t.id], body.command, { ttlMs: body.ttlSeconds === undefined ? undefined : body.ttlSeconds * 1000 });
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
    response: z.object({ commands: z.array(CommandView) }),
    async handler({ params, query }) {
      await s.terminals.get(params.id);
      return { commands: await s.commands.list(params.id, query.limit) };
    },
  }),
];
