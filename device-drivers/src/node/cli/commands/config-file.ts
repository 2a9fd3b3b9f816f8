/** The --config FILE flag shared by commands that read the device configuration. */
import type { DeviceConfig } from '../../../common/device-config.ts';
import { DeviceConfigError } from '../../../common/device-config.ts';
import { readDeviceConfigFile } from '../../device-config-file.ts';
import { CliError, EXIT } from '../command.ts';

/** The configuration, or a usage error listing every bad field. */
export async function loadConfigOrExit(file: string): Promise<DeviceConfig> {
  try {
    return await readDeviceConfigFile(file);
  } catch (e) {
    if (e instanceof DeviceConfigError) throw new CliError(e.code, EXIT.usage, { file, issues: e.issues }, e.message);
    throw e;
  }
}
