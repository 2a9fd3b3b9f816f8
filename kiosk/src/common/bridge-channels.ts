/**
 * The bridge turned into named channels: one argument schema per call, the list of events,
 * the reply envelope both transports (Electron IPC, loopback WebSocket) carry, and the typed
 * proxy that turns any transport back into a `KioskBridge` (those three in bridge-proxy.ts).
 * Main, preload, the browser-mode host and the browser client all use this one table, so a
 * call cannot exist on one side only.
 */
import { z } from 'zod';
import {
  BillLookupRequest,
  CardPinRequest,
  CreatePaymentRequest,
  EnrolRequest,
  HolderActionRequest,
  MailListQuery,
  MailMarkReadRequest,
  MailReadRequest,
  MonthRange,
  PaymentKeyRequest,
  ReceiptJob,
  ScreenState,
  SelfTestRequest,
  StaffPinRequest,
  StatementPrintRequest,
  TerminalEvent,
  UsageFact,
} from './bridge.ts';
import type { BridgeEvents, KioskBridge } from './bridge.ts';
import { BridgeError } from './bridge-proxy.ts';
import type { BridgeEventName, BridgeReply } from './bridge-proxy.ts';

// The renderer's half lives apart (no schemas); main and the host import it from here.
export { BridgeError, createBridgeProxy } from './bridge-proxy.ts';
export type { BridgeEventName, BridgeReply } from './bridge-proxy.ts';

const NoArgument = z.undefined();

/** Every call of `KioskBridge`, by channel name, with the schema its argument must pass. */
export const BRIDGE_CHANNELS = {
  'terminal.info': NoArgument,
  'terminal.enrol': EnrolRequest,
  'terminal.reportScreen': ScreenState,
  'terminal.reportEvent': TerminalEvent,
  'terminal.verifyStaffPin': StaffPinRequest,
  'devices.health': NoArgument,
  'devices.selfTest': SelfTestRequest,
  'payments.lookup': BillLookupRequest,
  'payments.create': CreatePaymentRequest,
  'payments.status': PaymentKeyRequest,
  'payments.cancel': PaymentKeyRequest,
  'socialSecurity.open': CardPinRequest,
  'socialSecurity.contributions': MonthRange,
  'socialSecurity.medicalAccount': NoArgument,
  'socialSecurity.cardStatus': NoArgument,
  'socialSecurity.reportLoss': HolderActionRequest,
  'socialSecurity.cancelLossReport': NoArgument,
  'socialSecurity.printStatement': StatementPrintRequest,
  'permit.read': NoArgument,
  'permit.status': NoArgument,
  'permit.endorse': HolderActionRequest,
  'permit.progress': NoArgument,
  'mailbox.open': CardPinRequest,
  'mailbox.openWithDocument': NoArgument,
  'mailbox.list': MailListQuery.optional(),
  'mailbox.read': MailReadRequest,
  'mailbox.markRead': MailMarkReadRequest,
  'printer.print': ReceiptJob,
  'usage.record': UsageFact,
  endSession: NoArgument,
} as const satisfies Record<string, z.ZodType>;

export type BridgeChannel = keyof typeof BRIDGE_CHANNELS;
export const BRIDGE_CHANNEL_NAMES = Object.keys(BRIDGE_CHANNELS) as BridgeChannel[];

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

/** The handlers of one service area (`payments`, `terminal` ...), each implemented in its own module. */
export type ServiceHandlers<S extends string> = { [C in BridgeChannel as C extends `${S}.${string}` ? C : never]: BridgeHandlers[C] };

export function isBridgeChannel(channel: unknown): channel is BridgeChannel {
  return typeof channel === 'string' && Object.hasOwn(BRIDGE_CHANNELS, channel);
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
