import type { CliCommand } from '../command.ts';
import { printCommand } from './print.ts';
import { printerStatusCommand } from './printer-status.ts';
import { scanCommand } from './scan.ts';

/** Every kiosk-devices command. Add one line per command. */
export const commands: readonly CliCommand[] = [
  printerStatusCommand,
  printCommand,
  scanCommand,
];
