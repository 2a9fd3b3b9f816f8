import { IdCardReader } from '../../../common/id-reader/id-reader.ts';
import { parseArgs } from '../args.ts';
import type { CliCommand } from '../command.ts';
import { cardOrThrow, withReaderPort } from './card-port.ts';

export const readIdCommand: CliCommand = {
  name: 'read-id',
  usage: '--port PATH [--baud N]',
  summary: 'Reads an ID card, residence permit or foreign permanent residence card (text only, never the photo).',
  async run(args, io) {
    const a = parseArgs(args, {
      port: { type: 'string', required: true },
      baud: { type: 'number', default: 115200, integer: true, min: 300, max: 921600 },
    });
    const result = await withReaderPort(a.port, a.baud, async (transport, scheduler) => {
      const reader = new IdCardReader(transport, scheduler);
      try {
        return await reader.read();
      } finally {
        reader.dispose();
      }
    });
    io.json(cardOrThrow(result));
    return 0;
  },
};
