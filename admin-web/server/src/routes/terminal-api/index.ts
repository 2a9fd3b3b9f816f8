import { z } from 'zod';
import {
  CommandAck,
  CommandAckResponse,
  EnrolRequest,
  EnrolResponse,
  HeartbeatRequest,
  HeartbeatResponse,
  TerminalApiPaths,
  TerminalEventsRequest,
} from '@civic-kiosk/protocol/terminal-api';
import { defineRoute } from '../../http/route.ts';
import type { RouteModule } from '../../services.ts';

const TAGS = ['terminal-api'];

/** The routes terminals call: enrol (public, with a one-time code), then signed requests. */
export const terminalApiRoutes: RouteModule = (s) => [
  defineRoute({
    method: 'POST',
    url: TerminalApiPaths.enrol,
    summary: 'Enrol a terminal with a one-time code and its Ed25519 public key',
    tags: TAGS,
    auth: 'public',
    body: EnrolRequest,
    response: EnrolResponse,
    async handler({ body }) {
      const enrolled = await s.terminals.enrol(body);
      // A terminal that joins during an emergency shows it too.
      await s.broadcasts.catchUp(enrolled.terminalId, enrolled.group);
      return enrolled;
    },
  }),
  defineRoute({
    method: 'POST',
    url: TerminalApiPaths.heartbeat,
    summary: 'Report versions, device health, screen, uptime and free disk',
    tags: TAGS,
    auth: 'terminal',
    body: HeartbeatRequest,
    response: HeartbeatResponse,
    async handler({ body, terminal }) {
      const { deliverNow } = await s.heartbeats.ingest(terminal!.terminalId, body);
      s.metrics.heartbeats.inc();
      if (deliverNow) await s.push.announceTerminal(terminal!.terminalId);
      return { serverTime: s.now(), heartbeatIntervalMs: s.config.terminals.heartbeatIntervalMs };
    },
  }),
  defineRoute({
    method: 'POST',
    url: TerminalApiPaths.events,
    summary: 'Deliver queued operational events (idempotent by event id)',
    tags: TAGS,
    auth: 'terminal',
    body: TerminalEventsRequest,
    response: z.object({ stored: z.number().int() }),
    async handler({ body, terminal }) {
      return { stored: await s.terminalEvents.store(terminal!.terminalId, body.events) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: TerminalApiPaths.push,
    summary: 'The push channel: a server-sent event stream of `command` events (id = command id)',
    tags: TAGS,
    auth: 'terminal',
    raw: true,
    rawContentType: 'text/event-stream',
    response: z.string(),
    async handler({ terminal, reply }) {
      reply.hijack();
      await s.push.open(terminal!.terminalId, reply.raw);
    },
  }),
  defineRoute({
    method: 'POST',
    url: TerminalApiPaths.ack(':id'),
    summary: 'Acknowledge a command with its outcome',
    tags: TAGS,
    auth: 'terminal',
    params: z.object({ id: z.coerce.number().int().positive() }),
    body: CommandAck,
    response: CommandAckResponse,
    async handler({ params, body, terminal }) {
      const c = await s.commands.ack(terminal!.terminalId, params.id, body);
      return { id: c.id, status: c.status };
    },
  }),
];
