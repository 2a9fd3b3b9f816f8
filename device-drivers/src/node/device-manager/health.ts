/** The health values the manager itself decides (the printer's come from printerHealth). */
import type { DeviceHealth } from '@civic-kiosk/protocol/device-health';

export const READY: DeviceHealth = { state: 'ready' };
/** The line is gone: unplugged, adapter re-enumerated, simulator stopped. */
export const PORT_MISSING: DeviceHealth = { state: 'absent', reasons: ['port-missing'] };
/** The line is there but the device does not answer. */
export const NO_RESPONSE: DeviceHealth = { state: 'absent', reasons: ['no-response'] };

export function sameHealth(a: DeviceHealth | undefined, b: DeviceHealth | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
