import { randomInt } from 'node:crypto';
import { SHORT_REFERENCE_ALPHABET } from '@civic-kiosk/protocol/gateway';

/** A payment's short reference, drawn uniformly from the alphabet without look-alikes (30^10 values). */
export function newShortReference(): string {
  return Array.from({ length: 10 }, () => SHORT_REFERENCE_ALPHABET[randomInt(SHORT_REFERENCE_ALPHABET.length)]).join('');
}
