/**
 * A scripted `window.kiosk` for browser tests and screenshots. `installFakeBridge` runs inside
 * the page (Playwright serialises it with `addInitScript`), so it must not reference anything
 * outside its own body. Tests drive it through `window.__kioskFake`: push events, read calls.
 */
import type { BridgeEvents, KioskBridge, TerminalInfo } from '../../src/common/bridge.ts';

export interface FakeBridgeOptions {
  info?: Partial<TerminalInfo>;
  staffPin?: string;
  /** After this many wrong PINs the fake answers `locked`. */
  lockAfter?: number;
  /** What `terminal.enrol` does: accept (any code equal to this) or reject with an error. */
  enrolCode?: string;
}

export interface FakeBridgeControl {
  calls: { name: string; arg: unknown }[];
  emit<E extends keyof BridgeEvents>(event: E, payload: BridgeEvents[E]): void;
}

/** The page's window as the fake sees it (no global declaration: the shell owns `window.kiosk`'s). */
export type FakeWindow = Window & { kiosk: KioskBridge; __kioskFake: FakeBridgeControl };

export function installFakeBridge(options: FakeBridgeOptions): void {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const calls: { name: string; arg: unknown }[] = [];
  let wrongPins = 0;
  let info: TerminalInfo = {
    enrolled: true,
    terminalId: 'T-0042',
    terminalName: '静安区行政服务中心 1号机',
    serverUrl: 'https://kiosk.jingan.example.gov.cn',
    appVersion: '0.1.0',
    contentReleaseId: 'r-2026-11-01',
    online: true,
    maintenance: false,
    shell: 'browser',
    ...options.info,
  };
  const record = <T>(name: string, arg: unknown, result: T): Promise<T> => {
    calls.push({ name, arg: arg === undefined ? null : JSON.parse(JSON.stringify(arg)) });
    return Promise.resolve(result);
  };
  const bridge: KioskBridge = {
    terminal: {
      info: () => record('terminal.info', undefined, { ...info }),
      enrol: (req) => {
        if (req.code !== (options.enrolCode ?? '123456')) {
          calls.push({ name: 'terminal.enrol', arg: req });
          return Promise.reject(new Error('enrolment code is not valid (code-invalid)'));
        }
        info = { ...info, enrolled: true, serverUrl: req.serverUrl, terminalId: 'T-0099' };
        return record('terminal.enrol', req, { ...info });
      },
      reportScreen: (s) => record('terminal.reportScreen', s, undefined),
      reportEvent: (e) => record('terminal.reportEvent', e, undefined),
      api: (r) => record('terminal.api', r, { status: 0, body: null }),
      verifyStaffPin: ({ pin }) => {
        if (pin === (options.staffPin ?? '2468')) return record('terminal.verifyStaffPin', { pin: '***' }, { ok: true as const });
        wrongPins++;
        const locked = wrongPins >= (options.lockAfter ?? 5);
        return record('terminal.verifyStaffPin', { pin: '***' }, locked ? { ok: false as const, error: 'locked' as const, retryAfterSeconds: 300 } : { ok: false as const, error: 'wrong-pin' as const });
      },
    },
    devices: {
      health: () =>
        record('devices.health', undefined, {
          'card-reader': { state: 'ready' as const },
          'id-reader': { state: 'absent' as const, reasons: ['port-missing'] },
          'receipt-printer': { state: 'degraded' as const, reasons: ['paper-near-end'] },
          'barcode-scanner': { state: 'ready' as const },
        }),
      selfTest: ({ device }) => record('devices.selfTest', { device }, { device, ok: device !== 'id-reader', detail: device === 'id-reader' ? 'no response' : 'ok' }),
    },
    cards: {
      readSocialSecurityCard: () => record('cards.readSocialSecurityCard', undefined, { ok: false as const, error: 'no-card' as const }),
      readIdCard: () => record('cards.readIdCard', undefined, { ok: false as const, error: 'no-card' as const }),
    },
    printer: { print: (job) => record('printer.print', job, { ok: true as const }) },
    endSession: () => record('endSession', undefined, undefined),
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (p: unknown) => void);
      return () => set.delete(listener as (p: unknown) => void);
    },
  };
  const w = window as unknown as FakeWindow;
  w.kiosk = bridge;
  w.__kioskFake = {
    calls,
    emit(event, payload) {
      listeners.get(event)?.forEach((l) => l(payload));
    },
  };
}
