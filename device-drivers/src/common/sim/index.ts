/** Factories the `simulate` command and the tests use. */
import type { SimulatedDevice } from '../simulated-device.ts';
import { VirtualCardReader, type VirtualCardReaderOptions } from './virtual-card-reader.ts';
import { VirtualIdReader, type VirtualIdReaderOptions } from './virtual-id-reader.ts';

export function createVirtualCardReader(options?: VirtualCardReaderOptions): SimulatedDevice {
  return new VirtualCardReader(options);
}

export function createVirtualIdReader(options?: VirtualIdReaderOptions): SimulatedDevice {
  return new VirtualIdReader(options);
}

export { VirtualCardReader, type VirtualCardReaderOptions } from './virtual-card-reader.ts';
export { VirtualIdReader, type VirtualIdReaderOptions } from './virtual-id-reader.ts';
export { createVirtualPrinter, createVirtualScanner, VirtualPrinter, VirtualScanner, type DecodedReceipt } from './printer-scanner.ts';
