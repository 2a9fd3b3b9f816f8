import { z } from 'zod';
import { DeviceHealthMap } from './device-health.ts';

/**
 * The terminal API wire contract: paths, headers, request and response bodies, push-channel
 * events and typed error codes. Shared by the district server and the kiosk.
 */

export const TERMINAL_API_PREFIX = '/api/terminal/v1';

export const TerminalApiPaths = {
  enrol: `${TERMINAL_API_PREFIX}/enrol`,
  heartbeat: `${TERMINAL_API_PREFIX}/heartbeat`,
  push: `${TERMINAL_API_PREFIX}/push`,
  ack: (commandId: number | string) => `${TERMINAL_API_PREFIX}/commands/${commandId}/ack`,
  events: `${TERMINAL_API_PREFIX}/events`,
  screenshots: `${TERMINAL_API_PREFIX}/screenshots`,
} as const;

/** Request headers of a signed terminal request (lower case, as HTTP/2 and Node present them). */
export const TerminalHeaders = {
  terminalId: 'x-ck-terminal',
  timestamp: 'x-ck-timestamp',
  nonce: 'x-ck-nonce',
  signature: 'x-ck-signature',
} as const;

/** How far a request's timestamp may be from the server's clock, either way. */
export const DEFAULT_CLOCK_SKEW_MS = 5 * 60_000;

/** Stable machine codes of terminal-API errors; the body is `{ error: { code, message } }`. */
export const TerminalErrorCode = z.enum([
  'signature-missing',
  'signature-malformed',
  'signature-invalid',
  'timestamp-skew',
  'nonce-replayed',
  'terminal-unknown',
  'terminal-revoked',
  'enrolment-code-invalid',
  'enrolment-code-expired',
  'enrolment-code-used',
  'command-unknown',
  // 429 with Retry-After: too many wrong enrolment codes lately (from this address, or from all).
  'enrolment-throttled',
  // 429 with Retry-After: the terminal's event quota for the window is spent; send the batch later.
  'terminal-quota-exceeded',
  // 409: a screenshot upload that answers no open screenshot command of this terminal (one image per command).
  'screenshot-not-requested',
  // 409: an unforced screenshot of a screen a resident or staff member is using.
  'screenshot-screen-busy',
  // 415: the image is neither PNG nor JPEG by its bytes.
  'screenshot-not-image',
]);
export type TerminalErrorCode = z.infer<typeof TerminalErrorCode>;

export const ApiErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

/** Base64url without padding, as keys, nonces and signatures travel. */
export const Base64Url = z.string().regex(/^[A-Za-z0-9_-]+$/);

// ---- enrolment ---------------------------------------------------------------------------

/** An enrolment code as staff read it off the admin screen: 4 groups of 4 (no 0/O/1/I). */
export const EnrolmentCode = z.string().regex(/^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$/);

/** What the QR code shown to staff holds: `ckenrol:<server url>#<code>`. */
export const ENROLMENT_QR_SCHEME = 'ckenrol:';

export const EnrolRequest = z.object({
  code: EnrolmentCode,
  /** Raw 32-byte Ed25519 public key, base64url. */
  publicKey: Base64Url.length(43),
  appVersion: z.string().min(1).max(64),
});
export type EnrolRequest = z.infer<typeof EnrolRequest>;

export const EnrolResponse = z.object({
  terminalId: z.string(),
  name: z.string(),
  location: z.string(),
  group: z.string(),
  serverTime: z.number().int(),
  heartbeatIntervalMs: z.number().int().positive(),
});
export type EnrolResponse = z.infer<typeof EnrolResponse>;

// ---- heartbeat ---------------------------------------------------------------------------

/** The kiosk's screen, as in the kiosk bridge's ScreenState. */
export const ScreenMode = z.enum(['attract', 'session', 'staff', 'maintenance', 'enrolment', 'emergency']);
export type ScreenMode = z.infer<typeof ScreenMode>;
export const HeartbeatScreen = z.object({ mode: ScreenMode, service: z.string().max(64).optional() });

export const HeartbeatRequest = z.object({
  appVersion: z.string().min(1).max(64),
  contentVersion: z.string().max(128).nullable(),
  devices: DeviceHealthMap,
  screen: HeartbeatScreen,
  uptimeSeconds: z.number().int().nonnegative(),
  freeDiskBytes: z.number().int().nonnegative(),
});
export type HeartbeatRequest = z.infer<typeof HeartbeatRequest>;

export const HeartbeatResponse = z.object({
  serverTime: z.number().int(),
  heartbeatIntervalMs: z.number().int().positive(),
});
export type HeartbeatResponse = z.infer<typeof HeartbeatResponse>;

// ---- commands on the push channel ---------------------------------------------------------

export const LocalizedText = z.object({ 'zh-CN': z.string().min(1).max(2000), en: z.string().max(2000) });
export type LocalizedText = z.infer<typeof LocalizedText>;

export const EmergencyBroadcast = z.object({
  broadcastId: z.string(),
  level: z.enum(['info', 'warning', 'evacuate']),
  title: LocalizedText,
  body: LocalizedText,
  issuedAt: z.number().int(),
});
export type EmergencyBroadcast = z.infer<typeof EmergencyBroadcast>;

export const ScreenshotArgs = z
  .object({ force: z.boolean().optional(), reason: z.string().trim().max(200).optional() })
  .refine((a) => !a.force || (a.reason?.length ?? 0) >= 3, { message: 'a forced screenshot needs a reason', path: ['reason'] });

/** Every command kind with its argument schema. */
export const CommandSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('collect-content'), args: z.object({ releaseId: z.string().max(128).optional() }) }),
  z.object({ kind: z.literal('reload'), args: z.object({}) }),
  z.object({ kind: z.literal('restart-app'), args: z.object({}) }),
  z.object({ kind: z.literal('reboot'), args: z.object({}) }),
  /**
   * Captured only on an idle screen (attract, maintenance...: no resident's data on it) unless
   * staff `force` it, which needs a reason: the capture may then show personal data.
   */
  z.object({ kind: z.literal('screenshot'), args: ScreenshotArgs }),
  /** Waits for the resident's session to end (the attract screen) unless staff `force` it. */
  z.object({ kind: z.literal('maintenance-on'), args: z.object({ reason: z.string().max(200).optional(), force: z.boolean().optional() }) }),
  z.object({ kind: z.literal('maintenance-off'), args: z.object({}) }),
  z.object({ kind: z.literal('emergency-on'), args: EmergencyBroadcast }),
  z.object({ kind: z.literal('emergency-off'), args: z.object({ broadcastId: z.string() }) }),
]);
export type CommandSpec = z.infer<typeof CommandSpec>;
export type CommandKind = CommandSpec['kind'];
export const CommandKind = z.enum([
  'collect-content',
  'reload',
  'restart-app',
  'reboot',
  'screenshot',
  'maintenance-on',
  'maintenance-off',
  'emergency-on',
  'emergency-off',
]);

/**
 * Commands that interrupt a resident: the server holds them until the terminal reports its
 * attract (idle) screen. collect-content is not among them: the kiosk downloads in the
 * background and switches releases itself only when idle.
 */
export const DISRUPTIVE_COMMANDS: ReadonlySet<CommandKind> = new Set(['reload', 'restart-app', 'reboot']);

/** One `command` event on the push channel; its SSE `id` is `id`. */
export const CommandEnvelope = z.intersection(
  z.object({ id: z.number().int().positive(), issuedAt: z.number().int(), expiresAt: z.number().int() }),
  CommandSpec,
);
export type CommandEnvelope = z.infer<typeof CommandEnvelope>;

export const PushEventName = z.enum(['command', 'ping']);

export const CommandAck = z.object({
  result: z.enum(['done', 'failed', 'rejected']),
  detail: z.string().max(500).optional(),
});
export type CommandAck = z.infer<typeof CommandAck>;

export const CommandAckResponse = z.object({ id: z.number().int(), status: z.string() });

// ---- terminal events ----------------------------------------------------------------------

/**
 * Operational events a terminal queues on disk and delivers in order when online: staff PIN
 * use, renderer crashes, blocked navigations, rejected content. Never personal data. `id` is
 * made on the terminal, so a batch sent twice can be stored once.
 */
export const TerminalEventRecord = z.object({
  id: z.string().min(1).max(64),
  type: z.string().min(1).max(64),
  at: z.number().int(),
  detail: z.record(z.string(), z.union([z.string().max(512), z.number(), z.boolean()])).optional(),
});
export type TerminalEventRecord = z.infer<typeof TerminalEventRecord>;

/** The most events one `POST TerminalApiPaths.events` may carry; a terminal sends larger backlogs in batches. */
export const MAX_EVENTS_PER_REQUEST = 50;

/** Body of `POST TerminalApiPaths.events`; any 2xx means the server has the batch. */
export const TerminalEventsRequest = z.object({ events: z.array(TerminalEventRecord).min(1).max(MAX_EVENTS_PER_REQUEST) });
export type TerminalEventsRequest = z.infer<typeof TerminalEventsRequest>;

// ---- screenshots --------------------------------------------------------------------------

/** The largest screenshot a terminal may upload (the image's bytes, before base64). */
export const SCREENSHOT_MAX_BYTES = 4 * 1024 * 1024;

/**
 * Body of `POST TerminalApiPaths.screenshots`: the image answering one screenshot command,
 * base64 (the signature covers the JSON body like every terminal request). The server sniffs
 * the type from the bytes (PNG or JPEG) and trusts the command it stored, not this body, for
 * who asked and why.
 */
export const ScreenshotUpload = z.object({
  commandId: z.number().int().positive(),
  capturedAt: z.number().int(),
  /** The screen when captured. */
  screen: HeartbeatScreen,
  image: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/).max(Math.ceil(SCREENSHOT_MAX_BYTES / 3) * 4),
});
export type ScreenshotUpload = z.infer<typeof ScreenshotUpload>;

export const ScreenshotStored = z.object({ id: z.number().int() });

/**
 * Screens that show no resident's data (attract, the home menu, maintenance, enrolment, an
 * emergency notice): a screenshot of any other needs staff to force it with a reason.
 */
export function screenShowsNoPersonalData(screen: z.infer<typeof HeartbeatScreen>): boolean {
  if (screen.mode === 'session') return screen.service === 'home';
  return screen.mode !== 'staff';
}
