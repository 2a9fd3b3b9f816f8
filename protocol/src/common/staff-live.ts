/**
 * The live side of the staff contract: alerts and their acknowledgement, operating hours per
 * group, emergency broadcasts with their acknowledgement counts, and the one staff event
 * stream that pushes changes of all of them to open consoles.
 */
import { z } from 'zod';
import { EmergencyBroadcast, LocalizedText } from './terminal-api.ts';
import { STAFF_ROLES, TerminalView } from './staff-api.ts';
import type { StaffRole } from './staff-api.ts';

/** Roles that watch alerts and broadcasts; content editors see the fleet list only. */
export const FLEET_WATCHERS = ['admin', 'operator', 'auditor'] as const satisfies readonly StaffRole[];

export const ALERT_KINDS = ['down', 'stuck', 'device-fault', 'holder-limit'] as const;

export const AlertView = z.object({
  id: z.number(),
  terminalId: z.string(),
  terminalName: z.string(),
  group: z.string(),
  kind: z.enum(ALERT_KINDS),
  key: z.string(),
  openedAt: z.number(),
  resolvedAt: z.number().nullable(),
  acknowledgedAt: z.number().nullable(),
  acknowledgedBy: z.string().nullable(),
  details: z.unknown(),
});
export type AlertView = z.infer<typeof AlertView>;

/** A page of alerts and how many are open in all. */
export const AlertList = z.object({ alerts: z.array(AlertView), open: z.number().int() });
export type AlertList = z.infer<typeof AlertList>;

/** `HH:MM`, China time; `24:00` closes at midnight. */
const ClockTime = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM between 00:00 and 24:00');

/**
 * When a group's terminals are expected to run, China time: ISO weekdays (1 = Monday) and one
 * daily window. Outside it a down terminal raises no alert; one still down when the window
 * opens raises it then.
 */
export const OperatingHours = z
  .object({
    days: z.array(z.number().int().min(1).max(7)).min(1).max(7),
    opensAt: ClockTime,
    closesAt: ClockTime,
  })
  .refine((h) => h.opensAt < h.closesAt, { message: 'opensAt must be before closesAt', path: ['closesAt'] })
  .refine((h) => new Set(h.days).size === h.days.length, { message: 'each day once', path: ['days'] });
export type OperatingHours = z.infer<typeof OperatingHours>;

export const GroupHours = z.object({ group: z.string(), hours: OperatingHours, updatedAt: z.number(), updatedBy: z.string() });
export const GroupHoursList = z.object({ groups: z.array(GroupHours) });
export type GroupHoursList = z.infer<typeof GroupHoursList>;
export type GroupHours = z.infer<typeof GroupHours>;

/** The longest an emergency broadcast may stay up before it ends by itself. */
export const BROADCAST_MAX_MS = 7 * 24 * 3_600_000;

export const BroadcastRequest = z.object({
  level: EmergencyBroadcast.shape.level,
  title: LocalizedText,
  body: LocalizedText,
  /** Target groups; none or empty: every terminal. */
  groups: z.array(z.string().min(1).max(64)).max(100).optional(),
  /** When it ends by itself (ms since epoch); within BROADCAST_MAX_MS. Unset: in 24 hours. */
  expiresAt: z.number().int().optional(),
});
export type BroadcastRequest = z.infer<typeof BroadcastRequest>;

export const BroadcastView = EmergencyBroadcast.extend({
  groups: z.array(z.string()).nullable(),
  createdBy: z.string(),
  expiresAt: z.number(),
  endedAt: z.number().nullable(),
  endedBy: z.string().nullable(),
  /** Active terminals it targets. */
  terminals: z.number(),
  /** Terminals that acknowledged showing it. */
  acknowledged: z.number(),
});
export type BroadcastView = z.infer<typeof BroadcastView>;
export const BroadcastList = z.object({ broadcasts: z.array(BroadcastView) });

export const STAFF_EVENTS_PATH = '/api/staff/events';

/** What each event of the staff stream carries (the SSE `event:` field is its `type`). */
export const StaffEvent = z.discriminatedUnion('type', [
  /** A terminal's status or device health changed: its whole fleet row. */
  z.object({ type: z.literal('terminal'), terminal: TerminalView }),
  z.object({ type: z.literal('alert'), change: z.enum(['opened', 'resolved', 'acknowledged']), alert: AlertView, open: z.number().int() }),
  z.object({
    type: z.literal('command'),
    command: z.object({ id: z.number(), terminalId: z.string(), kind: z.string(), status: z.string(), ackedAt: z.number().nullable() }),
  }),
  z.object({
    type: z.literal('broadcast'),
    broadcast: BroadcastView.pick({ broadcastId: true, terminals: true, acknowledged: true, endedAt: true }),
  }),
  /** Events were missed (a resume too old, another instance, a lost database listener): reload. */
  z.object({ type: z.literal('resync') }),
]);
export type StaffEvent = z.infer<typeof StaffEvent>;
export type StaffEventType = StaffEvent['type'];

/** Who receives each event: the roles that may read the same thing through the API. */
export const STAFF_EVENT_AUDIENCE: Record<StaffEventType, readonly StaffRole[]> = {
  terminal: STAFF_ROLES,
  command: STAFF_ROLES,
  alert: FLEET_WATCHERS,
  broadcast: FLEET_WATCHERS,
  resync: STAFF_ROLES,
};
