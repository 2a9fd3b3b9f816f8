/**
 * The device manager on the built-in simulators, in-process: for the kiosk demo, development
 * and integration tests. The simulators are scripted through `control` (see control-client.ts).
 */
import { DeviceConfigError, parseDeviceConfig } from '../../common/device-config.ts';
import type { DeviceConfigInput } from '../../common/device-config.ts';
import type { SimulatorPaths } from '../sim/simulators.ts';
import { DeviceManager } from './device-manager.ts';
import type { DeviceManagerOptions } from './device-manager.ts';

export const ALL_SIMULATED_CONFIG: DeviceConfigInput = {
  'card-reader': { simulated: true },
  'id-reader': { simulated: true },
  'receipt-printer': { simulated: true, profile: '80mm' },
  'barcode-scanner': { simulated: true },
};

export interface SimulatedDevices {
  manager: DeviceManager;
  /** The pty of each simulated device and the control socket. */
  paths: SimulatorPaths;
  control: string;
  stop(): Promise<void>;
}

export async function startSimulatedDevices(
  config: DeviceConfigInput = ALL_SIMULATED_CONFIG,
  options: Omit<DeviceManagerOptions, 'simulatorPaths'> = {},
): Promise<SimulatedDevices> {
  const manager = await DeviceManager.start(parseDeviceConfig(config), options);
  const paths = manager.simulatorPaths;
  if (!paths) {
    await manager.stop();
    throw new DeviceConfigError('invalid-config', [{ field: '', message: 'the configuration marks no device "simulated": true' }]);
  }
  return { manager, paths, control: paths.control, stop: () => manager.stop() };
}
