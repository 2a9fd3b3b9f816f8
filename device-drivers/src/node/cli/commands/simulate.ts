/**
 * `kiosk-devices simulate`: runs the simulated devices on ptys until stopped, prints where
 * they are as one JSON object (and writes it to --paths-file for scripts).
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import type { DeviceKind } from '@civic-kiosk/protocol/device-health';
import { CONFIGURED_KINDS } from '../../../common/device-config.ts';
import type { DeviceConfig } from '../../../common/device-config.ts';
import { startSimulators } from '../../sim/simulators.ts';
import { parseArgs } from '../args.ts';
import { CliError, EXIT } from '../command.ts';
import type { CliCommand } from '../command.ts';
import { loadConfigOrExit } from './config-file.ts';

/** The devices a configuration marks `simulated: true`, with their line speed. */
export function simulatedDevices(config: DeviceConfig): Partial<Record<DeviceKind, { baudRate: number }>> {
  const out: Partial<Record<DeviceKind, { baudRate: number }>> = {};
  for (const kind of CONFIGURED_KINDS) {
    const device = config[kind];
    if (device?.simulated) out[kind] = { baudRate: device.baudRate };
  }
  return out;
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, file);
}

export const simulateCommand: CliCommand = {
  name: 'simulate',
  usage: '[--config FILE] [--paths-file FILE] [--control-socket PATH]',
  summary: 'Runs the simulated card reader, ID reader, printer and scanner on ptys until stopped.',
  async run(args, io) {
    const a = parseArgs(args, {
      config: { type: 'string' },
      'paths-file': { type: 'string' },
      'control-socket': { type: 'string' },
    });
    const devices = a.config === undefined ? undefined : simulatedDevices(await loadConfigOrExit(a.config));
    if (devices && Object.keys(devices).length === 0) {
      throw new CliError('usage', EXIT.usage, { file: a.config }, `${a.config} marks no device "simulated": true`);
    }
    const sims = await startSimulators({
      ...(devices ? { devices } : {}),
      ...(a['control-socket'] ? { controlSocket: a['control-socket'] } : {}),
      onError: (kind, e) => io.info(`${kind} simulator failed on its input: ${e instanceof Error ? e.message : String(e)}`),
    });
    try {
      if (a['paths-file']) await writeAtomically(a['paths-file'], `${JSON.stringify(sims.paths, null, 2)}\n`);
      io.json(sims.paths);
      io.info('simulators running; stop with Ctrl-C');
      await io.stopped;
      return EXIT.ok;
    } finally {
      await sims.stop();
      if (a['paths-file']) await rm(a['paths-file'], { force: true });
    }
  },
};
