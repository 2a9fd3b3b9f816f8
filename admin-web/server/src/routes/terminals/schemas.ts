import { z } from 'zod';
import { HeartbeatRequest } from '@civic-kiosk/protocol/terminal-api';

export const TerminalView = z.object({
  id: z.string(),
  name: z.string(),
  location: z.string(),
  group: z.string(),
  status: z.enum(['pending', 'revoked', 'online', 'down', 'stuck']),
  createdAt: z.number(),
  enrolledAt: z.number().nullable(),
  revokedAt: z.number().nullable(),
  lastHeartbeatAt: z.number().nullable(),
  screenSince: z.number().nullable(),
  heartbeat: HeartbeatRequest.nullable(),
});

export const EnrolmentTicket = z.object({ code: z.string(), expiresAt: z.number(), qrPayload: z.string() });

export const CommandView = z.object({
  id: z.number(),
  batchId: z.string(),
  terminalId: z.string(),
  kind: z.string(),
  args: z.unknown(),
  createdAt: z.number(),
  expiresAt: z.number(),
  createdBy: z.string(),
  status: z.enum(['pending', 'delivered', 'done', 'failed', 'rejected', 'expired']),
  deliveredAt: z.number().nullable(),
  ackedAt: z.number().nullable(),
  ackDetail: z.string().nullable(),
});

export const TerminalIdParams = z.object({ id: z.string().max(64) });
