/**
 * The barcode scanner driver: a ByteTransport in, scanned codes out. In serial mode the bytes
 * are a CR/CR LF line stream; in HID POS mode each chunk the transport delivers is one report.
 *
 *   const scanner = new BarcodeScanner(transport, { mode: 'serial' });
 *   const off = scanner.onScan(({ code, symbology }) => ...);
 *   scanner.onError((e) => ...);     // ScannerError: bad report, line too long
 */
import type { ByteTransport } from '../transport.ts';
import { HidPosAssembler } from './hid-pos.ts';
import { ScanLineDecoder } from './serial-lines.ts';
import { ScannerError, type ScannedCode } from './symbology.ts';

export type BarcodeScannerMode = { mode: 'serial' } | { mode: 'hid-pos'; reportIdInData: boolean };

export class BarcodeScanner {
  private readonly scanListeners = new Set<(scan: ScannedCode) => void>();
  private readonly errorListeners = new Set<(error: ScannerError) => void>();
  private readonly unsubscribe: () => void;

  constructor(transport: ByteTransport, mode: BarcodeScannerMode) {
    const handle = mode.mode === 'serial' ? this.serialHandler() : this.hidHandler(new HidPosAssembler({ reportIdInData: mode.reportIdInData }));
    this.unsubscribe = transport.onData(handle);
  }

  onScan(listener: (scan: ScannedCode) => void): () => void {
    this.scanListeners.add(listener);
    return () => this.scanListeners.delete(listener);
  }

  onError(listener: (error: ScannerError) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  dispose(): void {
    this.unsubscribe();
  }

  private serialHandler(): (bytes: Uint8Array) => void {
    const decoder = new ScanLineDecoder();
    return (bytes) => {
      for (const e of decoder.receive(bytes)) {
        if (e.type === 'code') this.emitScan(e.scan);
        else this.emitError(e.error);
      }
    };
  }

  private hidHandler(assembler: HidPosAssembler): (report: Uint8Array) => void {
    return (report) => {
      try {
        const scan = assembler.receive(report);
        if (scan) this.emitScan(scan);
      } catch (e) {
        if (!(e instanceof ScannerError)) throw e;
        this.emitError(e);
      }
    };
  }

  private emitScan(scan: ScannedCode): void {
    for (const l of this.scanListeners) l(scan);
  }

  private emitError(error: ScannerError): void {
    for (const l of this.errorListeners) l(error);
  }
}
