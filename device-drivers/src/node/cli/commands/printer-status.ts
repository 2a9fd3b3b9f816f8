import type { CliCommand } from '../command.ts';
import { parseArgs } from '../args.ts';
import { PRINTER_FLAGS, withPrinter } from './printer-port.ts';

export const printerStatusCommand: CliCommand = {
  name: 'printer-status',
  usage: '--port PATH [--baud N]',
  summary: 'Asks an ESC/POS receipt printer for its status: online, paper ok/near-end/out, cover, error.',
  async run(args, io) {
    const a = parseArgs(args, PRINTER_FLAGS);
    const status = await withPrinter(a.port, a.baud, (printer) => printer.status());
    io.json(status);
    return 0;
  },
};
