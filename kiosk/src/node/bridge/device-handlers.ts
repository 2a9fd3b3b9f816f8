/**
 * `devices.*` and `printer.print`: device health, staff self-tests and receipts. Nothing here
 * reads a card: card reads happen inside the holder services, and personal data stays on
 * the privileged side.
 */
import type { ServiceHandlers } from '../../common/bridge-channels.ts';
import type { KioskDevices } from '../devices.ts';

export function deviceHandlers(devices: KioskDevices): ServiceHandlers<'devices'> & ServiceHandlers<'printer'> {
  return {
    'devices.health': async () => devices.health(),
    'devices.selfTest': async ({ device }) => devices.selfTest(device),
    'printer.print': async (job) => devices.printReceipt(job),
  };
}
