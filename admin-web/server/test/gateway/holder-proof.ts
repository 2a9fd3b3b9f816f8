import type { LightMyRequestResponse } from 'fastify';
import { cardCryptogram, DEMO_CARD_ISSUER_KEY_HEX, diversifyCardKey, parseIssuerKey } from '@civic-kiosk/protocol/card-authentication';
import { GATEWAY_PATHS, type HolderChallengeResponse, type IdDocumentKind } from '@civic-kiosk/protocol/gateway';
import type { TestTerminal } from '../support/terminal.ts';

export interface TestCard {
  citizenId: string;
  cardNumber: string;
  cardVersion: string;
}

/** Cards the simulated back office issued (admin-web/server/src/gateway/simulator/people.ts). */
export const CARDS = {
  /** 张伟明's 2.00 card: no card authentication, so pin-only. */
  zhangV2: { citizenId: '310104198503122019', cardNumber: 'SH0021547', cardVersion: '2.00' },
  /** 张伟明's 3.00 card. */
  zhangV3: { citizenId: '310104198503122019', cardNumber: 'SH5521547', cardVersion: '3.00' },
  liV3: { citizenId: '310106199207274023', cardNumber: 'SH3308861', cardVersion: '3.00' },
  /** 张丽华 (seeded with bills and mail), a 2.00 card. */
  zhangLihua: { citizenId: '310115198503122042', cardNumber: 'A10234567', cardVersion: '2.00' },
  /** 王志强, a 2.00 card. */
  wangZhiqiang: { citizenId: '31010619920718153X', cardNumber: 'A20345678', cardVersion: '2.00' },
} as const satisfies Record<string, TestCard>;

/** 陈思远, who holds a residence permit. */
export const CHEN_ID = '350203197801053017';

export async function challenge(kiosk: TestTerminal, kind: 'social-security-card' | 'id-document'): Promise<HolderChallengeResponse> {
  const res = await kiosk.request('POST', GATEWAY_PATHS.holderChallenge, { kind });
  if (res.statusCode !== 200) throw new Error(`challenge: ${res.statusCode} ${res.body}`);
  return res.json() as HolderChallengeResponse;
}

/** What a virtual card answers to INTERNAL AUTHENTICATE under the demo issuer key. */
export async function cryptogramFor(cardNumber: string, challengeHex: string): Promise<string> {
  const key = await diversifyCardKey(parseIssuerKey(DEMO_CARD_ISSUER_KEY_HEX), cardNumber);
  return Buffer.from(await cardCryptogram(key, Buffer.from(challengeHex, 'hex'))).toString('hex');
}

/** Runs the card flow; `cryptogram: 'card'` answers as the card would, a string is sent as is. */
export async function presentCard(kiosk: TestTerminal, card: TestCard, cryptogram: 'card' | 'none' | string = 'card'): Promise<LightMyRequestResponse> {
  const c = await challenge(kiosk, 'social-security-card');
  const answer = cryptogram === 'card' ? await cryptogramFor(card.cardNumber, c.challenge) : cryptogram === 'none' ? undefined : cryptogram;
  return kiosk.request('POST', GATEWAY_PATHS.holderSessions, { challengeId: c.challengeId, card, ...(answer ? { cryptogram: answer } : {}), pinVerified: true });
}

export async function presentDocument(kiosk: TestTerminal, number: string, kind: IdDocumentKind = 'resident-id', name?: string): Promise<LightMyRequestResponse> {
  const c = await challenge(kiosk, 'id-document');
  return kiosk.request('POST', GATEWAY_PATHS.holderSessions, { challengeId: c.challengeId, document: { kind, number, ...(name ? { name } : {}) } });
}

/** Opens a session and returns its token, failing the test if it was refused. */
export async function sessionOf(res: Promise<LightMyRequestResponse>): Promise<string> {
  const r = await res;
  if (r.statusCode !== 200) throw new Error(`holder session refused: ${r.statusCode} ${r.body}`);
  return (r.json() as { holderSession: string }).holderSession;
}
