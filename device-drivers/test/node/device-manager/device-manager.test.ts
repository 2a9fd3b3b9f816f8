import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeviceHealth, DeviceHealthMap } from '@civic-kiosk/protocol/device-health';
import { parseDeviceConfig } from '../../../src/common/device-config.ts';
import type { DeviceConfigInput, HidDevice, SerialLine } from '../../../src/common/device-config.ts';
import type { CardReadResult, PrintResult, SocialSecurityCardData } from '../../../src/common/device-results.ts';
import { TransportError } from '../../../src/common/transport.ts';
import type { SocialSecurityReadOptions } from '../../../src/common/social-security-card/social-security-card-reader.ts';
import type { ByteTransport, TransportState } from '../../../src/common/transport.ts';
import { DeviceManager } from '../../../src/node/device-manager/device-manager.ts';
import type { DeviceManagerEvents } from '../../../src/node/device-manager/device-manager.ts';
import type { DeviceDrivers, PrinterDevice, ScannerDevice, SocialSecurityReaderDevice } from '../../../src/node/device-manager/devices.ts';

/** A line whose presence the test switches. */
class FakeLine implements ByteTransport {
  state: TransportState;
  closed = false;
  readonly #states = new Set<(s: TransportState) => void>();
  constructor(present: boolean) {
    this.state = present ? 'open' : 'closed';
  }
  async write(): Promise<void> {
    if (this.state !== 'open') throw new TransportError('not-open', 'closed');
  }
  onData(): () => void {
    return () => {};
  }
  onState(listener: (s: TransportState) => void): () => void {
    this.#states.add(listener);
    return () => this.#states.delete(listener);
  }
  set(state: TransportState): void {
    this.state = state;
    for (const l of this.#states) l(state);
  }
  async close(): Promise<void> {
    this.closed = true;
    this.state = 'closed';
  }
}

const READY: DeviceHealth = { state: 'ready' };

class FakePrinter implements PrinterDevice {
  health: DeviceHealth = READY;
  disposed = false;
  printed = 0;
  readonly #listeners = new Set<(h: DeviceHealth) => void>();
  async check() {
    return this.health;
  }
  async selfTest() {
    return { ok: this.health.state !== 'absent', detail: 'fake printer' };
  }
  onHealth(listener: (h: DeviceHealth) => void) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  /** What automatic status back does: the printer says so itself. */
  report(h: DeviceHealth) {
    this.health = h;
    for (const l of this.#listeners) l(h);
  }
  async print(): Promise<PrintResult> {
    this.printed++;
    return { ok: true };
  }
  dispose() {
    this.disposed = true;
  }
}

class FakeCardReader implements SocialSecurityReaderDevice {
  answers = true;
  /** A card lies in the reader: like the CCID driver, the first status answer reports it. */
  holdsCard = false;
  next: CardReadResult<SocialSecurityCardData> = { ok: false, error: 'no-card' };
  readonly presence = new Set<(p: boolean) => void>();
  disposed = false;
  async check() {
    if (this.holdsCard) for (const l of this.presence) l(true);
    return this.answers ? READY : { state: 'absent' as const, reasons: ['no-response'] };
  }
  async selfTest() {
    return { ok: this.answers, detail: 'fake reader' };
  }
  onCardPresence(listener: (p: boolean) => void) {
    this.presence.add(listener);
    return () => this.presence.delete(listener);
  }
  readonly reads: SocialSecurityReadOptions[] = [];
  ended = 0;
  async read(options: SocialSecurityReadOptions) {
    this.reads.push(options);
    return this.next;
  }
  async endSession() {
    this.ended++;
  }
  dispose() {
    this.disposed = true;
  }
}

class FakeScanner implements ScannerDevice {
  readonly scans = new Set<(s: { code: string; symbology: string }) => void>();
  async check() {
    return READY;
  }
  async selfTest() {
    return { ok: true, detail: 'fake scanner' };
  }
  onScan(listener: (s: { code: string; symbology: string }) => void) {
    this.scans.add(listener);
    return () => this.scans.delete(listener);
  }
  dispose() {}
}

const CONFIG: DeviceConfigInput = {
  'card-reader': { driver: 'ccid-serial', transport: { type: 'serial', path: '/dev/card' } },
  'receipt-printer': { driver: 'escpos', profile: '58mm', transport: { type: 'serial', path: '/dev/printer' } },
  'barcode-scanner': { driver: 'generic', mode: 'hid-pos', transport: { type: 'hid', vendorId: '05e0', productId: '1300' } },
  healthCheckIntervalMs: 5_000,
};

interface Rig {
  manager: DeviceManager;
  lines: Map<string, FakeLine>;
  printer: FakePrinter;
  reader: FakeCardReader;
  scanner: FakeScanner;
  health: DeviceHealthMap[];
  profile: string | undefined;
}

let rig: Rig | undefined;

async function start(options: { config?: DeviceConfigInput; absent?: string[]; cardInReader?: boolean } = {}): Promise<Rig> {
  const lines = new Map<string, FakeLine>();
  const printer = new FakePrinter();
  const reader = new FakeCardReader();
  reader.holdsCard = options.cardInReader ?? false;
  const scanner = new FakeScanner();
  let profile: string | undefined;
  const drivers: DeviceDrivers = {
    'card-reader': () => reader,
    'id-reader': () => {
      throw new Error('not in this configuration');
    },
    'receipt-printer': (_t, _s, p) => {
      profile = p;
      return printer;
    },
    'barcode-scanner': () => scanner,
  };
  const keyOf = (line: SerialLine | HidDevice) => (line.type === 'hid' ? `hid:${line.vendorId}:${line.productId}` : 'path' in line ? line.path : line.vendorId);
  const manager = await DeviceManager.start(parseDeviceConfig(options.config ?? CONFIG), {
    drivers,
    openTransport: async (line) => {
      const fake = new FakeLine(!(options.absent ?? []).includes(keyOf(line)));
      lines.set(keyOf(line), fake);
      return fake;
    },
  });
  const health: DeviceHealthMap[] = [];
  manager.on('health', (h) => health.push(h));
  rig = { manager, lines, printer, reader, scanner, health, profile };
  return rig;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(async () => {
  await rig?.manager.stop();
  rig = undefined;
  vi.useRealTimers();
});

describe('DeviceManager health', () => {
  it('reports every configured device ready when all answer, with the configured printer profile', async () => {
    const r = await start();
    expect(r.manager.health()).toEqual({ 'card-reader': READY, 'receipt-printer': READY, 'barcode-scanner': READY });
    expect(r.profile).toBe('58mm');
  });

  it('reports a missing port as absent, then ready when the device is plugged in', async () => {
    const r = await start({ absent: ['/dev/printer'] });
    expect(r.manager.health()['receipt-printer']).toEqual({ state: 'absent', reasons: ['port-missing'] });
    r.lines.get('/dev/printer')!.set('open');
    await vi.waitFor(() => expect(r.manager.health()['receipt-printer']).toEqual(READY));
    expect(r.health.at(-1)!['receipt-printer']).toEqual(READY);
  });

  it('does not let a check that began before an unplug judge the device plugged back in', async () => {
    const r = await start();
    let finishStaleCheck: (h: DeviceHealth) => void = () => {};
    const answer = r.printer.check.bind(r.printer);
    r.printer.check = () => new Promise<DeviceHealth>((resolve) => (finishStaleCheck = resolve));
    await vi.advanceTimersByTimeAsync(5_000);
    // The periodic check is waiting for the printer when its line goes and comes back.
    const line = r.lines.get('/dev/printer')!;
    line.set('closed');
    expect(r.manager.health()['receipt-printer']).toEqual({ state: 'absent', reasons: ['port-missing'] });
    r.printer.check = answer;
    line.set('open');
    // That check fails the way a check over a vanished line does.
    finishStaleCheck({ state: 'absent', reasons: ['no-response'] });
    // Back in service at once, not at the next periodic check 5 s later.
    await vi.advanceTimersByTimeAsync(10);
    expect(r.manager.health()['receipt-printer']).toEqual(READY);
    expect(r.health.map((h) => h['receipt-printer'])).not.toContainEqual({ state: 'absent', reasons: ['no-response'] });
  });

  it('turns degraded when the paper runs low, found by the periodic check, and ready again when refilled', async () => {
    const r = await start();
    r.printer.health = { state: 'degraded', reasons: ['paper-near-end'] };
    await vi.advanceTimersByTimeAsync(4_999);
    expect(r.manager.health()['receipt-printer']).toEqual(READY);
    await vi.advanceTimersByTimeAsync(1);
    expect(r.manager.health()['receipt-printer']).toEqual({ state: 'degraded', reasons: ['paper-near-end'] });
    r.printer.health = READY;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(r.manager.health()['receipt-printer']).toEqual(READY);
    expect(r.health.map((h) => h['receipt-printer']?.state)).toEqual(['degraded', 'ready']);
  });

  it('takes health the printer reports by itself at once', async () => {
    const r = await start();
    r.printer.report({ state: 'absent', reasons: ['paper-out'] });
    expect(r.manager.health()['receipt-printer']).toEqual({ state: 'absent', reasons: ['paper-out'] });
    expect(r.health).toHaveLength(1);
  });

  it('reports a vanished port as absent and checks the device again when it returns', async () => {
    const r = await start();
    const line = r.lines.get('/dev/card')!;
    line.set('closed');
    expect(r.manager.health()['card-reader']).toEqual({ state: 'absent', reasons: ['port-missing'] });
    r.reader.answers = false;
    line.set('open');
    await vi.waitFor(() => expect(r.manager.health()['card-reader']).toEqual({ state: 'absent', reasons: ['no-response'] }));
    r.reader.answers = true;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(r.manager.health()['card-reader']).toEqual(READY);
    expect(r.health.map((h) => h['card-reader'])).toEqual([
      { state: 'absent', reasons: ['port-missing'] },
      { state: 'absent', reasons: ['no-response'] },
      READY,
    ]);
  });

  it('emits no health event when nothing changed', async () => {
    const r = await start();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(r.health).toEqual([]);
  });

  it('reports a keyboard-wedge scanner as ready without opening anything', async () => {
    const r = await start({ config: { 'barcode-scanner': { driver: 'generic', mode: 'keyboard-wedge' } } });
    expect(r.manager.health()).toEqual({ 'barcode-scanner': READY });
    expect(r.lines.size).toBe(0);
  });
});

describe('DeviceManager operations and events', () => {
  it('marks the reader absent when a read meets silence, and ready once it answers again', async () => {
    const r = await start();
    r.reader.next = { ok: false, error: 'reader-absent' };
    expect(await r.manager.readSocialSecurityCard({ pin: '123456' })).toEqual({ ok: false, error: 'reader-absent' });
    expect(r.manager.health()['card-reader']).toEqual({ state: 'absent', reasons: ['no-response'] });
    r.reader.next = { ok: false, error: 'no-card' };
    expect(await r.manager.readSocialSecurityCard()).toEqual({ ok: false, error: 'no-card' });
    await vi.waitFor(() => expect(r.manager.health()['card-reader']).toEqual(READY));
  });

  it('hands the holder challenge to the reader as bytes with the PIN, and refuses a malformed one', async () => {
    const r = await start();
    r.reader.next = { ok: true, card: { kind: 'social-security', cardNumber: 'SH5521547', citizenId: '310104198503122019', name: '张伟明', sex: '1', birthDate: '1985-03-12', issueDate: '2024-09-02', expiryDate: '2034-09-02', regionCode: '310104', version: '3.00', cryptogram: 'ab'.repeat(16) } };
    const result = await r.manager.readSocialSecurityCard({ pin: '123456', challenge: '0f'.repeat(16) });
    expect(result).toEqual(r.reader.next);
    expect(r.reader.reads).toEqual([{ pin: '123456', challenge: new Uint8Array(16).fill(0x0f) }]);
    await expect(r.manager.readSocialSecurityCard({ pin: '123456', challenge: 'not hex' })).rejects.toThrow(TypeError);
    expect(r.reader.reads).toHaveLength(1);
  });

  it('ends the card session at the idle wipe, and does nothing without a reader', async () => {
    const r = await start();
    await r.manager.endSession();
    expect(r.reader.ended).toBe(1);
    const none = await start({ config: { 'barcode-scanner': { driver: 'generic', mode: 'keyboard-wedge' } } });
    await expect(none.manager.endSession()).resolves.toBeUndefined();
  });

  it('answers operations on missing or unconfigured devices with typed failures', async () => {
    const r = await start({ absent: ['/dev/printer'] });
    expect(await r.manager.printReceipt({ width: 32, cut: true, lines: [{ text: 'x' }] })).toEqual({ ok: false, error: 'printer-absent' });
    expect(r.printer.printed).toBe(0);
    expect(await r.manager.readIdCard()).toEqual({ ok: false, error: 'reader-absent' });
    expect(await r.manager.selfTest('id-reader')).toEqual({ device: 'id-reader', ok: false, detail: 'not configured on this terminal' });
    expect(await r.manager.selfTest('receipt-printer')).toMatchObject({ device: 'receipt-printer', ok: false });
    expect(await r.manager.selfTest('card-reader')).toEqual({ device: 'card-reader', ok: true, detail: 'fake reader' });
  });

  it('forwards card presence and scans, and stops forwarding after unsubscribe', async () => {
    const r = await start();
    const cards: DeviceManagerEvents['card'][] = [];
    const codes: DeviceManagerEvents['barcode'][] = [];
    r.manager.on('card', (c) => cards.push(c));
    const off = r.manager.on('barcode', (b) => codes.push(b));
    for (const l of r.reader.presence) l(true);
    for (const l of r.scanner.scans) l({ code: '6901234567892', symbology: 'ean-13' });
    off();
    for (const l of r.scanner.scans) l({ code: 'ignored', symbology: 'qr' });
    expect(cards).toEqual([{ reader: 'social-security', present: true }]);
    expect(codes).toEqual([{ code: '6901234567892', symbology: 'ean-13' }]);
  });

  it('tells a card listener about a card that was already in the reader at start', async () => {
    const r = await start({ cardInReader: true });
    const cards: DeviceManagerEvents['card'][] = [];
    const off = r.manager.on('card', (c) => cards.push(c));
    const late = r.manager.on('card', () => expect.unreachable('unsubscribed before the replay'));
    late();
    await Promise.resolve();
    expect(cards).toEqual([{ reader: 'social-security', present: true }]);
    for (const l of r.reader.presence) l(false);
    off();
    r.manager.on('card', (c) => cards.push(c));
    await Promise.resolve();
    expect(cards).toEqual([
      { reader: 'social-security', present: true },
      { reader: 'social-security', present: false },
    ]);
  });

  it('stops cleanly: drivers disposed, lines closed, no timer left', async () => {
    const r = await start();
    await r.manager.stop();
    expect(r.printer.disposed && r.reader.disposed).toBe(true);
    expect([...r.lines.values()].every((l) => l.closed)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    r.printer.report({ state: 'absent', reasons: ['paper-out'] });
    expect(r.health).toEqual([]);
  });
});

describe('DeviceManager with the real drivers on a silent line', () => {
  it('reports a card reader and an ID reader that never answer as no-response', async () => {
    const lines: FakeLine[] = [];
    const starting = DeviceManager.start(
      parseDeviceConfig({
        'card-reader': { driver: 'ccid-serial', transport: { type: 'serial', path: '/dev/card' } },
        'id-reader': { driver: 'sam-serial', transport: { type: 'serial', path: '/dev/id' } },
        healthCheckIntervalMs: 10_000,
      }),
      {
        openTransport: async () => {
          const line = new FakeLine(true);
          lines.push(line);
          return line;
        },
      },
    );
    // start() does not wait out a silent reader's timeouts.
    await vi.advanceTimersByTimeAsync(3_000);
    const manager = await starting;
    rig = { manager } as Rig;
    // The CCID slot status query waits out its retries; the ID reader's polls go unanswered.
    await vi.advanceTimersByTimeAsync(30_000);
    expect(manager.health()).toEqual({
      'card-reader': { state: 'absent', reasons: ['no-response'] },
      'id-reader': { state: 'absent', reasons: ['no-response'] },
    });
    expect(lines).toHaveLength(2);
  });
});

describe('DeviceManager with the real transports', () => {
  it('reports a HID POS scanner and a serial printer that are not plugged in as port-missing', async () => {
    const manager = await DeviceManager.start(
      parseDeviceConfig({
        'barcode-scanner': { driver: 'generic', mode: 'hid-pos', transport: { type: 'hid', vendorId: 'fffe', productId: 'fffd' } },
        'receipt-printer': { driver: 'escpos', profile: '80mm', transport: { type: 'serial', path: '/dev/no-such-kiosk-printer' } },
      }),
    );
    rig = { manager } as Rig;
    expect(manager.health()).toEqual({
      'receipt-printer': { state: 'absent', reasons: ['port-missing'] },
      'barcode-scanner': { state: 'absent', reasons: ['port-missing'] },
    });
    expect(await manager.printReceipt({ width: 48, cut: true, lines: [{ text: 'x' }] })).toEqual({ ok: false, error: 'printer-absent' });
    await manager.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
