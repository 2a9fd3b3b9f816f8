/** Factories for the simulated receipt printer and barcode scanner (see sim/index.ts). */
import type { GbTextDecoder } from '../escpos/text-codec.ts';
import { VirtualPrinter } from './virtual-printer.ts';
import { VirtualScanner } from './virtual-scanner.ts';

export { VirtualPrinter, type DecodedReceipt } from './virtual-printer.ts';
export { VirtualScanner } from './virtual-scanner.ts';

export function createVirtualPrinter(textDecoder?: GbTextDecoder): VirtualPrinter {
  return new VirtualPrinter(textDecoder);
}

export function createVirtualScanner(): VirtualScanner {
  return new VirtualScanner();
}
