/**
 * `kiosk-devices health --config FILE [--self-test]`: starts the configured devices the way the
 * kiosk does, prints their health (and self-test results), and exits: 0 when every device is
 * usable (ready or degraded), 1 when one is absent. For installers and field staff.
 */
import { CONFIGURED_KINDS } from '../../../common/device-config.ts';
import type { SelfTestResult } from '../../../common/device-results.ts';
import { DeviceManager } from '../../device-manager/device-manager.ts';
import { parseArgs } from '../args.ts';
import { EXIT } from '../command.ts';
import type { CliCommand } from '../command.ts';
import { loadConfigOrExit } from './config-file.ts';

export const healthCommand: CliCommand = {
  name: 'health',
  usage: '--config FILE [--self-test]',
  summary: 'Opens the configured devices, prints the health of each (and runs self-tests), then exits.',
  async run(args, io) {
    const a = parseArgs(args, { config: { type: 'string', required: true }, 'self-test': { type: 'boolean' } });
    const config = await loadConfigOrExit(a.config);
    const manager = await DeviceManager.start(config);
    try {
      const selfTests: SelfTestResult[] = [];
      if (a['self-test']) {
        for (const kind of CONFIGURED_KINDS) if (config[kind]) selfTests.push(await manager.selfTest(kind));
      }
      const health = manager.health();
      io.json(a['self-test'] ? { health, selfTests } : { health });
      const absent = Object.entries(health).filter(([, h]) => h.state === 'absent');
      for (const [kind, h] of absent) io.info(`${kind}: absent (${h.state === 'absent' ? h.reasons.join(', ') : ''})`);
      return absent.length === 0 && selfTests.every((t) => t.ok) ? EXIT.ok : EXIT.failure;
    } finally {
      await manager.stop();
    }
  },
};
