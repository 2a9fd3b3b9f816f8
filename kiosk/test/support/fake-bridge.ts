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
  /** What the page said aloud (elderly mode), with the title on screen at the time; nothing is played. */
  spoken: { text: string; lang: string; title: string }[];
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
    position: { lng: 121.54, lat: 31.2232 },
    guideUrl: 'https://zwfw.pujiang.example.gov.cn/guides/{id}',
    district: { name: { 'zh-CN': '浦江区', en: 'Pujiang District' }, locationName: { 'zh-CN': '浦江区行政服务中心 一楼大厅', en: 'Pujiang District Administrative Service Centre, ground floor' } },
    ...options.info,
  };
  const record = <T>(name: string, arg: unknown, result: T): Promise<T> => {
    calls.push({ name, arg: arg === undefined ? null : JSON.parse(JSON.stringify(arg)) });
    return Promise.resolve(result);
  };
  const offline = { ok: false as const, failure: { status: 0, code: 'offline' } };
  const noSession = { ok: false as const, failure: { status: 0, code: 'no-holder-session' } };
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
    payments: {
      lookup: (r) => record('payments.lookup', r, offline),
      create: (r) => record('payments.create', r, offline),
      status: (r) => record('payments.status', r, offline),
      cancel: (r) => record('payments.cancel', r, offline),
    },
    // No card in any reader and no holder session (screen tests script their own answers).
    socialSecurity: {
      open: () => record('socialSecurity.open', { pin: '***' }, { outcome: 'no-card' as const }),
      contributions: (r) => record('socialSecurity.contributions', r, noSession),
      medicalAccount: () => record('socialSecurity.medicalAccount', undefined, noSession),
      cardStatus: () => record('socialSecurity.cardStatus', undefined, noSession),
      reportLoss: (r) => record('socialSecurity.reportLoss', r, { ok: false as const, failure: { status: 0, code: 'no-card' } }),
      cancelLossReport: () => record('socialSecurity.cancelLossReport', undefined, noSession),
      printStatement: (r) => record('socialSecurity.printStatement', r, noSession),
    },
    permit: {
      read: () => record('permit.read', undefined, { outcome: 'no-card' as const }),
      status: () => record('permit.status', undefined, noSession),
      endorse: (r) => record('permit.endorse', r, noSession),
      progress: () => record('permit.progress', undefined, noSession),
    },
    mailbox: {
      open: () => record('mailbox.open', { pin: '***' }, { outcome: 'no-card' as const }),
      openWithDocument: () => record('mailbox.openWithDocument', undefined, { outcome: 'no-card' as const }),
      list: (r) => record('mailbox.list', r, noSession),
      read: (r) => record('mailbox.read', r, noSession),
      markRead: (r) => record('mailbox.markRead', r, noSession),
    },
    printer: { print: (job) => record('printer.print', job, { ok: true as const }) },
    usage: { record: (fact) => record('usage.record', fact, undefined) },
    endSession: () => record('endSession', undefined, undefined),
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (p: unknown) => void);
      return () => set.delete(listener as (p: unknown) => void);
    },
  };
  const spoken: FakeBridgeControl['spoken'] = [];
  if (typeof speechSynthesis !== 'undefined') {
    speechSynthesis.speak = (u: SpeechSynthesisUtterance) =>
      void spoken.push({ text: u.text, lang: u.lang, title: (document.querySelector('[role="alertdialog"] h2') ?? document.querySelector('#screen-title, h1'))?.textContent ?? '' });
  }
  const w = window as unknown as FakeWindow;
  w.kiosk = bridge;
  w.__kioskFake = {
    calls,
    spoken,
    emit(event, payload) {
      listeners.get(event)?.forEach((l) => l(payload));
    },
  };
}
