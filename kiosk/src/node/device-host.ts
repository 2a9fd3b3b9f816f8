/**
 * Opens the terminal's devices for the kiosk: the simulators (`KIOSK_DEVICES=simulated`, the
 * demo default of `npm start`), a device config file (`KIOSK_DEVICE_CONFIG=/etc/civic-kiosk/devices.json`),
 * or none (every device reported absent). A device layer that fails to start leaves the kiosk
 * running with absent devices and the reason in the health map.
 */
import { readFile } from 'node:fs/promises';
import { DeviceManager, parseDeviceConfigText, startSimulatedDevices } from '@civic-kiosk/device-drivers/node/device-manager';
import { absentDevices } from './devices.ts';
import type { KioskDevices } from './devices.ts';

export interface OpenedDevices {
  devices: KioskDevices;
  /** The simulators' control socket, when simulated. */
  simulatorControl?: string;
  /** Why devices are absent, when they are. */
  problem?: string;
}

export async function openKioskDevices(env: NodeJS.ProcessEnv = process.env): Promise<OpenedDevices> {
  try {
    if (env.KIOSK_DEVICES === 'simulated') {
      const sim = await startSimulatedDevices();
      return { devices: sim.manager, simulatorControl: sim.control };
    }
    if (env.KIOSK_DEVICE_CONFIG) {
      const config = parseDeviceConfigText(await readFile(env.KIOSK_DEVICE_CONFIG, 'utf8'));
      return { devices: await DeviceManager.start(config) };
    }
    return { devices: absentDevices('not-configured'), problem: 'no KIOSK_DEVICE_CONFIG and KIOSK_DEVICES is not "simulated"' };
  } catch (e) {
    const message = (e as Error).message;
    return { devices: absentDevices('device-layer-failed'), problem: message };
  }
}
