import { BarcodeScanner } from '../../../common/scanner/barcode-scanner.ts';
import { SerialTransport } from '../../transport/serial-transport.ts';
import { CliError, EXIT, type CliCommand } from '../command.ts';
import { parseArgs } from '../args.ts';

export const scanCommand: CliCommand = {
  name: 'scan',
  usage: '--port PATH [--baud N]',
  summary: 'Prints each code a serial (CDC) barcode scanner reads as {"code","symbology"}, until interrupted.',
  async run(args, io) {
    const a = parseArgs(args, {
      port: { type: 'string', required: true },
      baud: { type: 'number', default: 9600, integer: true, min: 300, max: 921600 },
    });
    let transport: SerialTransport;
    try {
      transport = await SerialTransport.open({ path: a.port, baudRate: a.baud });
    } catch (e) {
      throw new CliError('scanner-absent', EXIT.failure, { port: a.port }, (e as Error).message);
    }
    const scanner = new BarcodeScanner(transport, { mode: 'serial' });
    scanner.onScan((scan) => io.json({ code: scan.code, symbology: scan.symbology }));
    scanner.onError((e) => io.info(`scanner: ${e.message}`));
    let lost = false;
    const gone = new Promise<void>((resolve) =>
      transport.onState((s) => {
        if (s === 'closed') {
          lost = true;
          resolve();
        }
      }),
    );
    io.info(`listening on ${a.port}; Ctrl-C to stop`);
    await Promise.race([io.stopped, gone]);
    scanner.dispose();
    if (lost) throw new CliError('scanner-absent', EXIT.failure, { port: a.port }, `${a.port} went away`);
    await transport.close().catch(() => undefined);
    return EXIT.ok;
  },
};
