/** Opening a card reader's serial port for read-card and read-id, and their shared exit codes. */
import type { CardErrorCode, CardReadResult } from '../../../common/device-results.ts';
import { systemScheduler } from '../../system-scheduler.ts';
import { SerialTransport } from '../../transport/serial-transport.ts';
import { CliError, EXIT } from '../command.ts';
import type { Scheduler, ByteTransport } from '../../../common/transport.ts';

const EXIT_CODES: Record<CardErrorCode, number> = {
  'no-card': EXIT.noCard,
  'card-removed': EXIT.noCard,
  'card-mute': EXIT.failure,
  'not-social-security-card': EXIT.failure,
  'wrong-pin': EXIT.pin,
  'pin-blocked': EXIT.pin,
  unreadable: EXIT.failure,
  'reader-absent': EXIT.failure,
};

const MESSAGES: Record<CardErrorCode, string> = {
  'no-card': 'no card in the reader',
  'card-removed': 'the card was removed during the read',
  'card-mute': 'the card does not answer (inserted the wrong way, dirty or damaged chip)',
  'not-social-security-card': 'the card has no social-security application',
  'wrong-pin': 'wrong PIN',
  'pin-blocked': 'the PIN is blocked; the card must be unblocked at a service counter',
  unreadable: 'the card could not be read',
  'reader-absent': 'the reader does not answer',
};

/** Runs `use` with the port open and closes it afterwards, whatever happens. */
export async function withReaderPort<T>(port: string, baudRate: number, use: (transport: ByteTransport, scheduler: Scheduler) => Promise<T>): Promise<T> {
  let transport: SerialTransport;
  try {
    transport = await SerialTransport.open({ path: port, baudRate });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new CliError('reader-absent', EXIT.failure, { port, message }, `cannot open ${port}: ${message}`);
  }
  try {
    return await use(transport, systemScheduler);
  } finally {
    await transport.close().catch(() => undefined);
  }
}

/** The card data, or the CliError the result's failure maps to. */
export function cardOrThrow<T>(result: CardReadResult<T>): T {
  if (result.ok) return result.card;
  const details = result.triesLeft !== undefined && result.error === 'wrong-pin' ? { triesLeft: result.triesLeft } : {};
  throw new CliError(result.error, EXIT_CODES[result.error], details, MESSAGES[result.error]);
}
