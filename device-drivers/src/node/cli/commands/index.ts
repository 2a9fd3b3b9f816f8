import type { CliCommand } from '../command.ts';
import { healthCommand } from './health.ts';
import { printCommand } from './print.ts';
import { printerStatusCommand } from './printer-status.ts';
import { readCardCommand } from './read-card.ts';
import { readIdCommand } from './read-id.ts';
import { scanCommand } from './scan.ts';
import { simControlCommand } from './sim-control.ts';
import { simulateCommand } from './simulate.ts';

/** Every kiosk-devices command. Add one line per command. */
export const commands: readonly CliCommand[] = [
  printerStatusCommand,
  printCommand,
  scanCommand,
  simulateCommand,
  simControlCommand,
  healthCommand,
  readCardCommand,
  readIdCommand,
];
