import { z } from 'zod';
import {
  CommandAck,
  CommandAckResponse,
  EnrolRequest,
  EnrolResponse,
  HeartbeatRequest,
  HeartbeatResponse,
  ScreenshotStored,
  ScreenshotUpload,
  SCREENSHOT_MAX_BYTES,
  TerminalApiPaths,
  TerminalEventsRequest,
} from '@civic-kiosk/protocol/terminal-api';
import { terminalActor } from '../../audit/audit-log.ts';
import { defineRoute } from '../../http/route.ts';
import { withRetryAfter } from '../../terminals/rate-limited.ts';
import type { RouteModule } from '../../services.ts';

const TAGS = ['terminal-api'];

/** The routes terminals call: enrol (public, with a one-time code), then signed requests. */
export const terminalApiRoutes: RouteModule = (s) => [
  defineRoute({
    method: 'POST',
    url: TerminalApiPaths.enrol,
    summary: 'Enrol a terminal with a one-time code and its Ed25519 public key; 429 with Retry-After after repeated wrong codes',
    tags: TAGS,
    auth: 'public',
    body: EnrolRequest,
    response: EnrolResponse,
    async handler({ body, request, reply }) {
      const enrolled = await withRetryAfter(reply, () => s.terminals.enrol(body, request.ip));
      // A new key supersedes any earlier one: the revocation notice drops cached rows and
      // closes push channels opened with the old key, on every instance.
      await s.push.announceRevoked(enrolled.terminalId);
      // A terminal that joins during an emergency shows it too.
      await s.broadcasts.catchUp(enrolled.terminalId, enrolled.group);
      await s.staffEvents.terminalChanged(enrolled.terminalId);
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
      const { deliverNow, changed } = await s.heartbeats.ingest(terminal.terminalId, body);
      s.metrics.heartbeats.inc();
      if (deliverNow) await s.push.announceTerminal(terminal.terminalId);
      if (changed) await s.staffEvents.terminalChanged(terminal.terminalId);
      return { serverTime: s.now(), heartbeatIntervalMs: s.config.terminals.heartbeatIntervalMs };
    },
  }),
  defineRoute({
    method: 'POST',
    url: TerminalApiPaths.events,
    summary: 'Deliver queued operational events (idempotent by event id); 429 with Retry-After beyond the terminal quota',
    tags: TAGS,
    auth: 'terminal',
    body: TerminalEventsRequest,
    // A full batch of events with their details.
    bodyLimit: 1024 * 1024,
    response: z.object({ stored: z.number().int() }),
    async handler({ body, terminal, request, reply }) {
      return withRetryAfter(reply, async () => ({ stored: await s.terminalEvents.store(terminal.terminalId, body.events, request.rawBody?.length ?? 0) }));
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
      await s.push.open(terminal.terminalId, reply.raw);
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
      const c = await s.commands.ack(terminal.terminalId, params.id, body);
      await s.broadcasts.acknowledged(terminal.terminalId, c);
      // Emergencies are told to consoles as their broadcast's count, not one event per terminal.
      if (!c.kind.startsWith('emergency-')) await s.staffEvents.publish({ type: 'command', command: { id: c.id, terminalId: c.terminalId, kind: c.kind, status: c.status, ackedAt: c.ackedAt } });
      return { id: c.id, status: c.status };
    },
  }),
  defineRoute({
    method: 'POST',
    url: TerminalApiPaths.screenshots,
    summary: 'Upload the screenshot answering an open screenshot command (PNG or JPEG by its bytes; one per command; an unforced one only of an idle screen)',
    tags: TAGS,
    auth: 'terminal',
    body: ScreenshotUpload,
    // The largest image in base64 and the few fields beside it.
    bodyLimit: Math.ceil(SCREENSHOT_MAX_BYTES / 3) * 4 + 1024,
    status: 201,
    response: ScreenshotStored,
    async handler({ body, terminal }) {
      return s.screenshots.store(terminalActor(terminal), body);
    },
  }),
];
