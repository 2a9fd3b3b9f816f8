/**
 * What the device manager needs from each device: narrow interfaces the real drivers are
 * adapted to here (and test doubles implement directly). The manager never sees a codec.
 */
import type { DeviceHealth } from '@civic-kiosk/protocol/device-health';
import { CcidReader, CcidReaderError } from '../../common/ccid/ccid-reader.ts';
import type { PrinterProfileName } from '../../common/device-config.ts';
import type { CardReadResult, IdCardData, PrintResult, SocialSecurityCardData } from '../../common/device-results.ts';
import { PRINTER_PROFILES } from '../../common/escpos/profile.ts';
import { IdCardReader } from '../../common/id-reader/id-reader.ts';
import type { ReceiptJob } from '../../common/receipt-job.ts';
import { PrinterError, printerHealth, ReceiptPrinter, refusalReason } from '../../common/receipt-printer.ts';
import { BarcodeScanner } from '../../common/scanner/barcode-scanner.ts';
import { SocialSecurityCardReader, type SocialSecurityReadOptions } from '../../common/social-security-card/social-security-card-reader.ts';
import type { ByteTransport, Scheduler } from '../../common/transport.ts';
import { gb18030Encoder } from '../gb18030.ts';
import { NO_RESPONSE, READY } from './health.ts';

export interface SelfTestOutcome {
  ok: boolean;
  detail: string;
}

export interface ManagedDevice {
  /** Asks the device whether it is there and well. Never throws. */
  check(): Promise<DeviceHealth>;
  selfTest(): Promise<SelfTestOutcome>;
  /** Health the device reports by itself (a printer's automatic status back). */
  onHealth?(listener: (health: DeviceHealth) => void): () => void;
  dispose(): void;
}

export interface CardPresenceSource {
  onCardPresence(listener: (present: boolean) => void): () => void;
}

export interface SocialSecurityReaderDevice extends ManagedDevice, CardPresenceSource {
  read(options: SocialSecurityReadOptions): Promise<CardReadResult<SocialSecurityCardData>>;
  /** Powers the card down (the person at the kiosk is gone). Never throws. */
  endSession(): Promise<void>;
}

export interface IdReaderDevice extends ManagedDevice, CardPresenceSource {
  read(): Promise<CardReadResult<IdCardData>>;
}

export interface PrinterDevice extends ManagedDevice {
  print(job: ReceiptJob): Promise<PrintResult>;
}

export interface ScannerDevice extends ManagedDevice {
  onScan(listener: (scan: { code: string; symbology: string }) => void): () => void;
}

/** Builds each kind of device over an open-or-reopening transport. */
export interface DeviceDrivers {
  'card-reader'(transport: ByteTransport, scheduler: Scheduler): SocialSecurityReaderDevice;
  'id-reader'(transport: ByteTransport, scheduler: Scheduler): IdReaderDevice;
  'receipt-printer'(transport: ByteTransport, scheduler: Scheduler, profile: PrinterProfileName): PrinterDevice;
  'barcode-scanner'(transport: ByteTransport, scheduler: Scheduler, mode: 'serial' | 'hid-pos'): ScannerDevice;
}

const CARD_SLOT = 0;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function socialSecurityReader(transport: ByteTransport, scheduler: Scheduler): SocialSecurityReaderDevice {
  const ccid = new CcidReader(transport, scheduler);
  const reader = new SocialSecurityCardReader(ccid, { slot: CARD_SLOT });
  ccid.watch();
  return {
    read: (options) => reader.read(options),
    endSession: () => reader.endSession(),
    onCardPresence: (listener) => reader.onCardEvent((e) => listener(e.type === 'card-inserted')),
    async check() {
      try {
        await ccid.slotStatus(CARD_SLOT);
        return READY;
      } catch {
        return NO_RESPONSE;
      }
    },
    async selfTest() {
      try {
        const slot = await ccid.slotStatus(CARD_SLOT);
        if (slot.icc === 'absent') return { ok: true, detail: 'the reader answers; insert a card to test powering it' };
        const atr = await ccid.powerOn(CARD_SLOT);
        await ccid.powerOff(CARD_SLOT);
        return { ok: true, detail: `the card powered up (ATR of ${atr.length} bytes)` };
      } catch (e) {
        // A card that does not answer is the card's fault, not the reader's.
        if (e instanceof CcidReaderError && e.code === 'card-mute') return { ok: true, detail: 'the reader answers; the card in it does not (card-mute)' };
        return { ok: false, detail: message(e) };
      }
    },
    dispose: () => ccid.dispose(),
  };
}

/** An ID reader polled every 500 ms that has said nothing for this long is not answering. */
const ID_READER_SILENCE_MS = 5_000;

function idReader(transport: ByteTransport, scheduler: Scheduler): IdReaderDevice {
  const reader = new IdCardReader(transport, scheduler);
  // Its only commands lead to reading a card, so it is judged by whether it answers the
  // "find card" polls of watch(): any byte from it counts.
  let lastHeard = scheduler.now();
  const offs = [
    transport.onData(() => {
      lastHeard = scheduler.now();
    }),
    transport.onState((state) => {
      if (state === 'open') lastHeard = scheduler.now();
    }),
  ];
  reader.watch();
  return {
    read: () => reader.read(),
    onCardPresence: (listener) =>
      reader.onCardEvent((e) => {
        if (e.type !== 'frame-error') listener(e.type === 'card-inserted');
      }),
    check: async () => (scheduler.now() - lastHeard > ID_READER_SILENCE_MS ? NO_RESPONSE : READY),
    async selfTest() {
      const result = await reader.read();
      if (!result.ok && result.error === 'reader-absent') return { ok: false, detail: 'the reader does not answer' };
      // The card data (if a card lies there) is dropped here, never logged.
      return { ok: true, detail: result.ok ? 'the reader answers and read the card on it' : `the reader answers (${result.error})` };
    },
    dispose: () => {
      for (const off of offs) off();
      reader.dispose();
    },
  };
}

const TEST_PAGE: ReceiptJob = {
  width: 48,
  cut: true,
  lines: [
    { text: '打印机自检 Printer self-test', align: 'center', bold: true },
    { rule: true },
    { key: '状态 Status', value: 'OK' },
    { qr: 'https://example.org/kiosk/self-test' },
  ],
};

function receiptPrinter(transport: ByteTransport, scheduler: Scheduler, profile: PrinterProfileName): PrinterDevice {
  const printer = new ReceiptPrinter(transport, scheduler, { textEncoder: gb18030Encoder, profile: PRINTER_PROFILES[profile] });
  const columns = PRINTER_PROFILES[profile].columns;
  return {
    print: (job) => printer.print(job),
    onHealth: (listener) => printer.onStatus((s) => listener(printerHealth(s))),
    async check() {
      try {
        return printerHealth(await printer.status());
      } catch (e) {
        return e instanceof PrinterError && e.code !== 'offline' ? { state: 'absent', reasons: [e.code] } : NO_RESPONSE;
      }
    },
    async selfTest() {
      try {
        const status = await printer.status();
        const refusal = refusalReason(status);
        if (refusal) return { ok: false, detail: `the printer cannot print: ${refusal}` };
        const result = await printer.print({ ...TEST_PAGE, width: columns });
        return result.ok ? { ok: true, detail: `test page printed${status.paper === 'near-end' ? '; paper near its end' : ''}` } : { ok: false, detail: `test page failed: ${result.error}` };
      } catch (e) {
        return { ok: false, detail: message(e) };
      }
    },
    dispose: () => printer.dispose(),
  };
}

function barcodeScanner(transport: ByteTransport, scheduler: Scheduler, mode: 'serial' | 'hid-pos'): ScannerDevice {
  // AIM ids come in-band on HID POS reports (report id in data[0] with node-hid on hidraw).
  const scanner = new BarcodeScanner(transport, mode === 'serial' ? { mode: 'serial' } : { mode: 'hid-pos', reportIdInData: true });
  let last: { symbology: string; at: number } | undefined;
  const offLast = scanner.onScan((scan) => {
    last = { symbology: scan.symbology, at: scheduler.now() };
  });
  return {
    onScan: (listener) => scanner.onScan(listener),
    // A scanner only talks when it scans: an open port is all there is to know.
    check: async () => (transport.state === 'open' ? READY : { state: 'absent', reasons: ['port-missing'] }),
    async selfTest() {
      if (transport.state !== 'open') return { ok: false, detail: 'the scanner port is not open' };
      return { ok: true, detail: last ? `last scan: ${last.symbology} at ${new Date(last.at).toISOString()}` : 'no scan since start; scan a code to test' };
    },
    dispose: () => {
      offLast();
      scanner.dispose();
    },
  };
}

export const realDrivers: DeviceDrivers = {
  'card-reader': socialSecurityReader,
  'id-reader': idReader,
  'receipt-printer': receiptPrinter,
  'barcode-scanner': barcodeScanner,
};
