/**
 * How a device's own status becomes the one DeviceHealth the terminal reports. Pure rules, so
 * the kiosk, the CLI and the tests agree on what "degraded" means.
 */
import type { DeviceHealth } from '@civic-kiosk/protocol/device-health';
import type { PrinterStatus } from './escpos/status.ts';

export const READY: DeviceHealth = { state: 'ready' };

/** Paper near its end still prints: degraded. Anything that stops a receipt: absent. */
export function printerHealth(status: PrinterStatus): DeviceHealth {
  const blocking = [
    ...(status.paper === 'out' ? ['paper-out'] : []),
    ...(status.coverOpen ? ['cover-open'] : []),
    ...(!status.online && status.paper !== 'out' && !status.coverOpen ? ['offline'] : []),
    ...(status.error ? ['printer-error'] : []),
  ];
  if (blocking.length > 0) return { state: 'absent', reasons: blocking };
  if (status.paper === 'near-end') return { state: 'degraded', reasons: ['paper-near-end'] };
  return READY;
}

export function sameHealth(a: DeviceHealth | undefined, b: DeviceHealth | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
