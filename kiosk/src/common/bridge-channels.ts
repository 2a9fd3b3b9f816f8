/**
 * The bridge turned into named channels: one argument schema per call, the list of events,
 * the reply envelope both transports (Electron IPC, loopback WebSocket) carry, and the typed
 * proxy that turns any transport back into a `KioskBridge`. Main, preload, the browser-mode
 * host and the browser client all use this one table, so a call cannot exist on one side only.
 */
import { z } from 'zod';
import {
  ApiRequest,
  CardReadRequest,
  EnrolRequest,
  ReceiptJob,
  ScreenState,
  SelfTestRequest,
  StaffPinRequest,
  TerminalEvent,
} from './bridge.ts';
import type { BridgeEvents, KioskBridge } from './bridge.ts';

const NoArgument = z.undefined();

/** Every call of `KioskBridge`, by channel name, with the schema its argument must pass. */
export const BRIDGE_CHANNELS = {
  'terminal.info': NoArgument,
  'terminal.enrol': EnrolRequest,
  'terminal.reportScreen': ScreenState,
  'terminal.reportEvent': TerminalEvent,
  'terminal.api': ApiRequest,
  'terminal.verifyStaffPin': StaffPinRequest,
  'devices.health': NoArgument,
  'devices.selfTest': SelfTestRequest,
  'cards.readSocialSecurityCard': CardReadRequest,
  'cards.readIdCard': NoArgument,
  'printer.print': ReceiptJob,
  endSession: NoArgument,
} as const satisfies Record<string, z.ZodType>;

export type BridgeChannel = keyof typeof BRIDGE_CHANNELS;
export const BRIDGE_CHANNEL_NAMES = Object.keys(BRIDGE_CHANNELS) as BridgeChannel[];

export const BRIDGE_EVENT_NAMES = [
  'device-health',
  'card',
  'barcode',
  'online',
  'emergency',
  'maintenance',
  'reload',
  'content',
] as const satisfies readonly (keyof BridgeEvents)[];
export type BridgeEventName = (typeof BRIDGE_EVENT_NAMES)[number];

type Fn = (...args: never[]) => Promise<unknown>;
type Lookup<C extends string> = C extends `${infer S}.${infer M}`
  ? S extends keyof KioskBridge
    ? M extends keyof KioskBridge[S]
      ? KioskBridge[S][M]
      : never
    : never
  : C extends keyof KioskBridge
    ? KioskBridge[C]
    : never;

/** The (validated) argument a channel's handler receives. */
export type BridgeArgument<C extends BridgeChannel> = z.output<(typeof BRIDGE_CHANNELS)[C]>;
/** What a channel's handler resolves to. */
export type BridgeResult<C extends BridgeChannel> = Lookup<C> extends Fn ? Awaited<ReturnType<Lookup<C>>> : never;
/** The privileged side's implementation of every channel. */
export type BridgeHandlers = { [C in BridgeChannel]: (arg: BridgeArgument<C>) => Promise<BridgeResult<C>> };

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

export function isBridgeChannel(channel: unknown): channel is BridgeChannel {
  return typeof channel === 'string' && Object.hasOwn(BRIDGE_CHANNELS, channel);
}

export function isBridgeEventName(event: unknown): event is BridgeEventName {
  return typeof event === 'string' && (BRIDGE_EVENT_NAMES as readonly string[]).includes(event);
}

/** Checks a channel name and its argument; throws a `BridgeError` for anything else. */
export function parseBridgeCall(channel: unknown, arg: unknown): { channel: BridgeChannel; arg: unknown } {
  if (!isBridgeChannel(channel)) throw new BridgeError('unknown-channel', `no bridge channel ${String(channel).slice(0, 64)}`);
  const parsed = BRIDGE_CHANNELS[channel].safeParse(arg);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BridgeError('bad-argument', `${channel}: ${issue ? `${issue.path.join('.') || 'argument'} ${issue.message}` : 'invalid'}`);
  }
  return { channel, arg: parsed.data };
}

/**
 * Validates and runs one call against the handlers and always answers with an envelope:
 * a handler that throws becomes `internal` (its message is kept for the log, not its stack).
 */
export async function dispatchBridgeCall(handlers: BridgeHandlers, channel: unknown, arg: unknown): Promise<BridgeReply> {
  try {
    const call = parseBridgeCall(channel, arg);
    const handler = handlers[call.channel] as (a: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(call.arg) };
  } catch (e) {
    if (e instanceof BridgeError) {
      return { ok: false, error: { code: e.code, message: e.message, ...(e.reason ? { reason: e.reason } : {}) } };
    }
    return { ok: false, error: { code: 'internal', message: e instanceof Error ? e.message : String(e) } };
  }
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
      api: call('terminal.api'),
      verifyStaffPin: call('terminal.verifyStaffPin'),
    },
    devices: { health: call('devices.health'), selfTest: call('devices.selfTest') },
    cards: { readSocialSecurityCard: call('cards.readSocialSecurityCard'), readIdCard: call('cards.readIdCard') },
    printer: { print: call('printer.print') },
    endSession: call('endSession'),
    on(event, listener) {
      if (!isBridgeEventName(event)) throw new BridgeError('unknown-channel', `no bridge event ${String(event)}`);
      return transport.subscribe(event, listener as (payload: unknown) => void);
    },
  };
}

/** A typed event fan-out for the privileged side; a throwing listener cannot stop the others. */
export class BridgeEventHub {
  readonly #listeners = new Set<(event: BridgeEventName, payload: unknown) => void>();

  emit<E extends BridgeEventName>(event: E, payload: BridgeEvents[E]): void {
    for (const l of [...this.#listeners]) {
      try {
        l(event, payload);
      } catch {
        // One broken subscriber (a closed socket, a destroyed window) must not starve the rest.
      }
    }
  }

  subscribe(listener: (event: BridgeEventName, payload: unknown) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
