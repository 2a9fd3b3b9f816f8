/**
 * The staff-facing contract the district server validates with and the admin console is typed
 * from: sessions, roles, the fleet list. One copy, so the console cannot drift from the server.
 */
import { z } from 'zod';
import { ServicePoint } from './content.ts';
import { HeartbeatRequest, HeartbeatScreen, TerminalEventRecord } from './terminal-api.ts';

export const STAFF_ROLES = ['admin', 'content-editor', 'operator', 'auditor'] as const;
export const StaffRole = z.enum(STAFF_ROLES);
export type StaffRole = z.infer<typeof StaffRole>;
/** Whether `role` is among `roles` (one of the role lists the server enforces and the console follows). */
export const hasRole = (roles: readonly StaffRole[], role: StaffRole): boolean => roles.includes(role);

export const StaffSession = z.object({
  user: z.object({ id: z.string(), username: z.string(), role: StaffRole }),
  csrfToken: z.string(),
  csrfHeader: z.string(),
  /** The password was set by someone else: until it is changed, every other staff route answers 403 `password-change-required`. */
  mustChangePassword: z.boolean(),
});
export type StaffSession = z.infer<typeof StaffSession>;

export const LoginRequest = z.object({ username: z.string().max(64), password: z.string().min(1).max(256) });
export type LoginRequest = z.infer<typeof LoginRequest>;

/** The user's own new password (`POST /api/staff/me/password`); the server's password policy applies to `next`. */
export const ChangePasswordRequest = z.object({ current: z.string().min(1).max(256), next: z.string().min(1).max(256) });
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

/** Why the password policy refuses a password (`weak-password` details.reason): zxcvbn's warnings, a length, or plain guessability. */
export const WEAK_PASSWORD_REASONS = [
  'too-short', 'too-guessable', 'straightRow', 'keyPattern', 'simpleRepeat', 'extendedRepeat', 'sequences', 'recentYears', 'dates',
  'topTen', 'topHundred', 'common', 'similarToCommon', 'wordByItself', 'namesByThemselves', 'commonNames', 'userInputs', 'pwned',
] as const;
export type WeakPasswordReason = (typeof WEAK_PASSWORD_REASONS)[number];

export const FLEET_STATUSES = ['online', 'down', 'stuck', 'pending', 'revoked'] as const;
export const FleetStatus = z.enum(FLEET_STATUSES);
export type FleetStatus = z.infer<typeof FleetStatus>;

export const TerminalView = z.object({
  id: z.string(),
  name: z.string(),
  location: z.string(),
  group: z.string(),
  status: FleetStatus,
  createdAt: z.number(),
  enrolledAt: z.number().nullable(),
  revokedAt: z.number().nullable(),
  lastHeartbeatAt: z.number().nullable(),
  screenSince: z.number().nullable(),
  heartbeat: HeartbeatRequest.nullable(),
  /** The content's service point the terminal stands at (the fleet map), if given. */
  servicePointId: z.string().nullable(),
});
export type TerminalView = z.infer<typeof TerminalView>;

export const FLEET_SORT_KEYS = ['name', 'group', 'location', 'lastHeartbeatAt', 'createdAt'] as const;
export const FLEET_PAGE_MAX = 500;

/** One page of the fleet list: filtered, searched and sorted by the server (10,000 terminals stay fast). */
export const FleetQuery = z.object({
  group: z.string().max(64).optional(),
  status: FleetStatus.optional(),
  /** Part of the name, location, group or id, any case. */
  search: z.string().trim().max(128).optional(),
  /** A service point's id: the terminals standing there. */
  servicePoint: z.string().max(64).optional(),
  sort: z.enum(FLEET_SORT_KEYS).default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(FLEET_PAGE_MAX).default(100),
});
export type FleetQuery = z.input<typeof FleetQuery>;

export const FleetPage = z.object({ terminals: z.array(TerminalView), total: z.number().int() });

// ---- enrolment and the fleet map ---------------------------------------------------------

/** `POST /api/terminals`: admin and operator (FLEET_OPERATORS) create a terminal and get its first one-time code. */
export const CreateTerminalRequest = z.object({
  name: z.string().trim().min(1).max(128),
  location: z.string().trim().max(256).default(''),
  group: z.string().trim().min(1).max(64).default('default'),
  /** One of the published content's service points (else 400 service-point-unknown). */
  servicePointId: z.string().max(64).optional(),
});
export type CreateTerminalRequest = z.input<typeof CreateTerminalRequest>;

/** A one-time enrolment code, its expiry, and the QR text the kiosk's enrolment reads: `ckenrol:<server url>#<code>`. */
export const EnrolmentTicket = z.object({ code: z.string(), expiresAt: z.number(), qrPayload: z.string() });
export type EnrolmentTicket = z.infer<typeof EnrolmentTicket>;
export const CreatedTerminal = z.object({ terminal: TerminalView, enrolment: EnrolmentTicket });
export type CreatedTerminal = z.infer<typeof CreatedTerminal>;

/** Terminals per derived status. */
export const StatusCounts = z.object({ total: z.number().int(), byStatus: z.record(FleetStatus, z.number().int()) });
export type StatusCounts = z.infer<typeof StatusCounts>;

/** `GET /api/fleet/service-points`: the published service points with the terminals at each, and those at none of them. */
export const FleetMap = z.object({
  /** The release the points come from; null when none is published. */
  releaseId: z.string().nullable(),
  points: z.array(ServicePoint.pick({ id: true, name: true, address: true, location: true }).extend(StatusCounts.shape)),
  elsewhere: StatusCounts,
});
export type FleetMap = z.infer<typeof FleetMap>;
export type FleetMapPoint = FleetMap['points'][number];

/** `GET /api/fleet/groups`: every terminal group with its terminals not revoked, for choosing targets (broadcasts, releases, hours). */
export const FleetGroups = z.object({ groups: z.array(z.object({ group: z.string(), terminals: z.number().int() })) });
export type FleetGroups = z.infer<typeof FleetGroups>;
export type FleetPage = z.infer<typeof FleetPage>;

/** Every error the server sends. */
export const ApiErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) });

/**
 * Client-side paths of the admin console: the server answers each with the console's page,
 * and nothing else (an unknown path stays a 404, /api/* is never the page).
 */
export const CONSOLE_PATHS = {
  home: '/',
  login: '/login',
  fleet: '/fleet',
  terminal: '/fleet/:terminalId',
  alerts: '/alerts',
  broadcasts: '/broadcasts',
  content: '/content',
  money: '/money',
  usage: '/usage',
  users: '/users',
  audit: '/audit',
} as const;
export type ConsolePath = (typeof CONSOLE_PATHS)[keyof typeof CONSOLE_PATHS];

/** The console address of one terminal's detail view. */
export const terminalPath = (terminalId: string): string => CONSOLE_PATHS.terminal.replace(':terminalId', encodeURIComponent(terminalId));

/** Roles that create, enrol, revoke and command terminals; every staff role may read the fleet. */
export const FLEET_OPERATORS = ['admin', 'operator'] as const satisfies readonly StaffRole[];

export const CommandSent = z.object({ batchId: z.string() });

export const Ok = z.object({ ok: z.literal(true) });

// ---- one terminal's detail ----------------------------------------------------------------

export const HeartbeatHistory = z.object({ heartbeats: z.array(z.object({ receivedAt: z.number(), heartbeat: HeartbeatRequest })) });
export type HeartbeatHistory = z.infer<typeof HeartbeatHistory>;

export const TerminalEventList = z.object({ events: z.array(TerminalEventRecord.extend({ receivedAt: z.number() })) });
export type TerminalEventList = z.infer<typeof TerminalEventList>;

export const COMMAND_STATUSES = ['pending', 'delivered', 'done', 'failed', 'rejected', 'expired'] as const;

/** A command sent to a terminal, with its delivery and the terminal's acknowledgement. */
export const CommandView = z.object({
  id: z.number(),
  batchId: z.string(),
  terminalId: z.string(),
  kind: z.string(),
  args: z.unknown(),
  createdAt: z.number(),
  expiresAt: z.number(),
  createdBy: z.string(),
  status: z.enum(COMMAND_STATUSES),
  deliveredAt: z.number().nullable(),
  ackedAt: z.number().nullable(),
  ackDetail: z.string().nullable(),
});
export type CommandView = z.infer<typeof CommandView>;
export const CommandList = z.object({ commands: z.array(CommandView) });

/** Screenshots may show a resident's data: the server keeps a terminal's latest few, for a day. */
export const SCREENSHOTS_KEPT = 3;
export const SCREENSHOT_TTL_MS = 24 * 3_600_000;

/** A stored screenshot without its bytes (those come from its own route, each view audited). */
export const ScreenshotView = z.object({
  id: z.number().int(),
  terminalId: z.string(),
  commandId: z.number().int(),
  /** The terminal's clock when captured. */
  capturedAt: z.number(),
  receivedAt: z.number(),
  /** Deleted after this. */
  expiresAt: z.number(),
  contentType: z.enum(['image/png', 'image/jpeg']),
  bytes: z.number().int(),
  screen: HeartbeatScreen,
  requestedBy: z.string(),
  /** Set when staff forced a capture of a screen in use. */
  forcedReason: z.string().nullable(),
});
export type ScreenshotView = z.infer<typeof ScreenshotView>;
export const ScreenshotList = z.object({ screenshots: z.array(ScreenshotView) });
