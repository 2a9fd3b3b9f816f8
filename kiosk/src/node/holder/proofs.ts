/**
 * Proving the holder from what this side read itself: the social-security card in the card
 * reader (VERIFY with the person's PIN, then INTERNAL AUTHENTICATE over the server's
 * challenge, in one card session) or the document on the ID reader. Each builds the protocol's
 * proof and checks it with the protocol schema; the read fields go nowhere else.
 */
import { CardHolderProof, DocumentHolderProof } from '@civic-kiosk/protocol/gateway';
import type { HolderChallengeResponse, IdDocumentKind } from '@civic-kiosk/protocol/gateway';
import type { CardErrorCode, IdCardData } from '@civic-kiosk/device-drivers/common/device-results';
import type { HolderOpenFailure } from '../../common/bridge.ts';
import type { KioskDevices } from '../devices.ts';
import type { Proof } from './holder-session.ts';

export type CardProofFailure = HolderOpenFailure | { outcome: 'wrong-pin'; triesLeft: number } | { outcome: 'blocked' };

/** How a failed read reads to the person (wrong PIN and blocked only come from a card). */
export function readFailure(error: CardErrorCode, triesLeft: number | undefined): CardProofFailure {
  switch (error) {
    case 'wrong-pin':
      return { outcome: 'wrong-pin', triesLeft: triesLeft ?? 0 };
    case 'pin-blocked':
      return { outcome: 'blocked' };
    case 'card-removed':
      return { outcome: 'removed' };
    case 'no-card':
    case 'card-mute':
    case 'not-social-security-card':
    case 'reader-absent':
    case 'unreadable':
      return { outcome: error };
  }
}

export async function proveWithCard(devices: KioskDevices, pin: string, challenge: HolderChallengeResponse): Promise<Proof<{ cardVersion: string }, CardProofFailure>> {
  const read = await devices.readSocialSecurityCard({ pin, challenge: challenge.challenge });
  if (!read.ok) return { ok: false, failure: readFailure(read.error, read.triesLeft) };
  const { card } = read;
  const proof = CardHolderProof.safeParse({
    challengeId: challenge.challengeId,
    card: { citizenId: card.citizenId, cardNumber: card.cardNumber, cardVersion: card.version },
    ...(card.cryptogram ? { cryptogram: card.cryptogram } : {}),
    pinVerified: true,
  });
  // A card whose fields fail the protocol (a bad check digit) proves nothing.
  if (!proof.success) return { ok: false, failure: { outcome: 'unreadable' } };
  return { ok: true, request: proof.data, detail: { cardVersion: card.version } };
}

const DOCUMENT_KINDS: Record<IdCardData['kind'], IdDocumentKind> = {
  'id-card': 'resident-id',
  'residence-permit': 'residence-permit',
  'foreign-permanent-residence': 'foreign-permanent-residence',
};

export async function proveWithIdDocument(devices: KioskDevices, challenge: HolderChallengeResponse): Promise<Proof<{ kind: IdDocumentKind }, HolderOpenFailure>> {
  const read = await devices.readIdCard();
  if (!read.ok) {
    const failure = readFailure(read.error, undefined);
    return { ok: false, failure: failure.outcome === 'wrong-pin' || failure.outcome === 'blocked' ? { outcome: 'unreadable' } : failure };
  }
  const kind = DOCUMENT_KINDS[read.card.kind];
  const proof = DocumentHolderProof.safeParse({
    challengeId: challenge.challengeId,
    document: { kind, number: read.card.idNumber, ...(read.card.name ? { name: read.card.name.slice(0, 64) } : {}) },
  });
  if (!proof.success) return { ok: false, failure: { outcome: 'unreadable' } };
  return { ok: true, request: proof.data, detail: { kind } };
}
