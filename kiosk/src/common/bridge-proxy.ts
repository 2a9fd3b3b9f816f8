/**
 * The renderer's half of the bridge table: the reply envelope, the typed error, the event names
 * and the proxy that turns a transport into a `KioskBridge`. Free of schema code on purpose:
 * the privileged side validates every argument (bridge-channels.ts), so the first screen does
 * not have to load and build the schemas before it can paint.
 */
import type { BridgeEvents, KioskBridge } from './bridge.ts';
import type { BridgeChannel, BridgeResult } from './bridge-channels.ts';

export const BRIDGE_EVENT_NAMES = [
  'device-health',
  'card',
  'holder-ended',
  'barcode',
  'online',
  'emergency',
  'maintenance',
  'reload',
  'content',
] as const satisfies readonly (keyof BridgeEvents)[];
export type BridgeEventName = (typeof BRIDGE_EVENT_NAMES)[number];

export const BRIDGE_ERROR_CODES = [
  'unknown-channel',
  'bad-argument',
  'forbidden-sender',
  'disconnected',
  'not-enrolled',
  'enrolment-failed',
  'internal',
] as const;
export type BridgeErrorCode = (typeof BRIDGE_ERROR_CODES)[number];

/**
 * A failed bridge call as the UI sees it: a stable code, never a stack trace. `reason` refines
 * it where the UI shows different messages (for `enrolment-failed`: `enrolment-code-invalid`,
 * `enrolment-code-expired`, `enrolment-code-used`, `server-unreachable` ...).
 */
export class BridgeError extends Error {
  override readonly name = 'BridgeError';
  constructor(
    readonly code: BridgeErrorCode,
    message: string = code,
    readonly reason?: string,
  ) {
    super(message);
  }
}

/** What a transport carries back for one call. */
export type BridgeReply = { ok: true; value: unknown } | { ok: false; error: { code: BridgeErrorCode; message: string; reason?: string } };

export function isBridgeEventName(event: unknown): event is BridgeEventName {
  return typeof event === 'string' && (BRIDGE_EVENT_NAMES as readonly string[]).includes(event);
}

/** How a proxy reaches the privileged side. */
export interface BridgeTransport {
  invoke(channel: BridgeChannel, arg: unknown): Promise<BridgeReply>;
  subscribe(event: BridgeEventName, listener: (payload: unknown) => void): () => void;
}

/** Turns a transport into the `KioskBridge` the UI uses; failed calls reject with `BridgeError`. */
export function createBridgeProxy(transport: BridgeTransport): KioskBridge {
  const call =
    <C extends BridgeChannel>(channel: C) =>
    async (arg?: unknown): Promise<BridgeResult<C>> => {
      const reply = await transport.invoke(channel, arg);
      if (!reply.ok) throw new BridgeError(reply.error.code, reply.error.message, reply.error.reason);
      return reply.value as BridgeResult<C>;
    };
  return {
    terminal: {
      info: call('terminal.info'),
      enrol: call('terminal.enrol'),
      reportScreen: call('terminal.reportScreen'),
      reportEvent: call('terminal.reportEvent'),
      verifyStaffPin: call('terminal.verifyStaffPin'),
    },
    devices: { health: call('devices.health'), selfTest: call('devices.selfTest') },
    payments: { lookup: call('payments.lookup'), create: call('payments.create'), status: call('payments.status'), cancel: call('payments.cancel') },
    socialSecurity: {
      open: call('socialSecurity.open'),
      contributions: call('socialSecurity.contributions'),
      medicalAccount: call('socialSecurity.medicalAccount'),
      cardStatus: call('socialSecurity.cardStatus'),
      reportLoss: call('socialSecurity.reportLoss'),
      cancelLossReport: call('socialSecurity.cancelLossReport'),
      printStatement: call('socialSecurity.printStatement'),
    },
    permit: { read: call('permit.read'), status: call('permit.status'), endorse: call('permit.endorse'), progress: call('permit.progress') },
    mailbox: { open: call('mailbox.open'), openWithDocument: call('mailbox.openWithDocument'), list: call('mailbox.list'), read: call('mailbox.read'), markRead: call('mailbox.markRead') },
    printer: { print: call('printer.print') },
    usage: { record: call('usage.record') },
    endSession: call('endSession'),
    on(event, listener) {
      if (!isBridgeEventName(event)) throw new BridgeError('unknown-channel', `no bridge event ${String(event)}`);
      return transport.subscribe(event, listener as (payload: unknown) => void);
    },
  };
}
