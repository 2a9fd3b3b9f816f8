import type { CliCommand } from '../command.ts';

/** Every kiosk-devices command. Add one line per command. */
export const commands: readonly CliCommand[] = [];
