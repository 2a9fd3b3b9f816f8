import { CcidReader } from '../../../common/ccid/ccid-reader.ts';
import { isValidPinFormat } from '../../../common/social-security-card/social-security-card.ts';
import { SocialSecurityCardReader } from '../../../common/social-security-card/social-security-card-reader.ts';
import { parseArgs, usageError } from '../args.ts';
import type { CliCommand } from '../command.ts';
import { cardOrThrow, withReaderPort } from './card-port.ts';

export const readCardCommand: CliCommand = {
  name: 'read-card',
  usage: '--port PATH [--baud N] [--pin DIGITS]',
  summary: 'Reads a social-security card in a serial CCID reader (verifies the PIN first when given).',
  async run(args, io) {
    const a = parseArgs(args, {
      port: { type: 'string', required: true },
      baud: { type: 'number', default: 9600, integer: true, min: 300, max: 921600 },
      pin: { type: 'string' },
    });
    if (a.pin !== undefined && !isValidPinFormat(a.pin)) throw usageError('--pin must be 6 digits', { option: 'pin' });
    const result = await withReaderPort(a.port, a.baud, async (transport, scheduler) => {
      const reader = new CcidReader(transport, scheduler);
      try {
        return await new SocialSecurityCardReader(reader).read(a.pin === undefined ? {} : { pin: a.pin });
      } finally {
        reader.dispose();
      }
    });
    io.json(cardOrThrow(result));
    return 0;
  },
};
