/** Reads the device configuration file; every failure is a DeviceConfigError. */
import { readFile } from 'node:fs/promises';
import { DeviceConfigError, parseDeviceConfigText } from '../common/device-config.ts';
import type { DeviceConfig } from '../common/device-config.ts';

export async function readDeviceConfigFile(file: string): Promise<DeviceConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new DeviceConfigError('unreadable', [{ field: '', message: `cannot read ${file}: ${(e as Error).message}` }]);
  }
  return parseDeviceConfigText(text);
}
