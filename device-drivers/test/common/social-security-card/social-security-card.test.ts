import { describe, expect, it } from 'vitest';
import { cardCryptogram, DEMO_CARD_ISSUER_KEY_HEX, diversifyCardKey, parseIssuerKey } from '@civic-kiosk/protocol/card-authentication';
import { fromHex, hex } from '../../../src/common/apdu/apdu.ts';
import { ApduExchanger, type ApduChannel } from '../../../src/common/apdu/exchanger.ts';
import { PsamAuthenticator } from '../../../src/common/social-security-card/psam-authenticator.ts';
import { SocialSecurityCard, type CardAuthenticator } from '../../../src/common/social-security-card/social-security-card.ts';
import { DEMO_SOCIAL_SECURITY_HOLDERS } from '../../../src/common/sim/demo-people.ts';
import type { VirtualCard } from '../../../src/common/sim/virtual-card.ts';
import { createDemoCards, SIMULATED_MASTER_KEY as MASTER_KEY } from '../../../src/common/sim/virtual-card-reader.ts';
import { VirtualPsam } from '../../../src/common/sim/virtual-psam.ts';
import { VirtualSsseCard } from '../../../src/common/sim/virtual-ssse-card.ts';

/** A channel straight into a virtual card, recording the APDUs in hex. */
function wire(card: VirtualCard): ApduChannel & { log: string[] } {
  card.reset();
  const log: string[] = [];
  return {
    log,
    async transmit(apdu) {
      log.push(hex(apdu));
      return card.handle(apdu);
    },
  };
}

const cards = () => new Map(createDemoCards().map((c) => [c.id, c]));

describe('SocialSecurityCard over a virtual 2.00 T=0 card', () => {
  it('selects the SSSE application with the exact bytes of protocols.md and reads every field', async () => {
    const channel = wire(cards().get('ssc-v2')!);
    const card = new SocialSecurityCard(new ApduExchanger(channel));
    const fci = await card.selectApplication();
    expect(channel.log[0]).toBe(hex(fromHex('00 A4 04 00 0F 73 78 31 2E 73 68 2E C9 E7 BB E1 B1 A3 D5 CF')));
    expect(channel.log[1]).toMatch(/^00 c0 00 00 /); // T=0: 61 xx then GET RESPONSE
    expect([...fci.algorithm!]).toEqual([0x01]);
    const record = await card.read();
    const h = DEMO_SOCIAL_SECURITY_HOLDERS.zhangWeiming;
    expect(record).toMatchObject({ name: h.name, citizenId: h.citizenId, sex: h.sex, birthDate: h.birthDate, cardNumber: h.cardNumber, version: '2.00', birthplace: '310104', ethnicity: '01' });
    expect(channel.log).toContain('00 a4 02 00 02 ef 05');
    expect(channel.log).toContain('00 a4 02 00 02 ef 06');
    expect(channel.log).toContain('00 b2 08 00 14');
  });

  it('re-sends after 6C xx when a field is shorter on the card than in the table', async () => {
    const channel = wire(cards().get('ssc-v2')!);
    const card = new SocialSecurityCard(new ApduExchanger(channel));
    await card.selectApplication();
    const record = await card.read();
    expect(channel.log).toContain('00 b2 04 00 0e');
    expect(channel.log).toContain('00 b2 04 00 0c');
    expect(record.issuer).toBe(DEMO_SOCIAL_SECURITY_HOLDERS.zhangWeiming.issuer.slice(0, 10));
  });

  it('sends VERIFY as 00 20 00 00 03 with the PIN in packed BCD and counts wrong tries down to a block', async () => {
    const channel = wire(cards().get('ssc-v2')!);
    const card = new SocialSecurityCard(new ApduExchanger(channel));
    await card.selectApplication();
    await expect(card.verifyPin('000000')).rejects.toMatchObject({ code: 'wrong-pin', triesLeft: 2 });
    expect(channel.log.at(-1)).toBe('00 20 00 00 03 00 00 00');
    await expect(card.verifyPin('000000')).rejects.toMatchObject({ code: 'wrong-pin', triesLeft: 1 });
    await expect(card.verifyPin('000000')).rejects.toMatchObject({ code: 'pin-blocked' });
    await expect(card.verifyPin('123456')).rejects.toMatchObject({ code: 'pin-blocked' });
  });

  it('resets the try counter after a right PIN', async () => {
    const card = new SocialSecurityCard(new ApduExchanger(wire(cards().get('ssc-v2')!)));
    await card.selectApplication();
    await expect(card.verifyPin('000000')).rejects.toMatchObject({ triesLeft: 2 });
    await card.verifyPin('123456');
    await expect(card.verifyPin('000000')).rejects.toMatchObject({ triesLeft: 2 });
  });

  it('reports a blocked card (69 83) as pin-blocked', async () => {
    const card = new SocialSecurityCard(new ApduExchanger(wire(cards().get('ssc-blocked')!)));
    await card.selectApplication();
    await expect(card.verifyPin('111111')).rejects.toMatchObject({ code: 'pin-blocked', triesLeft: 0 });
  });
});

describe('3.00 cards and the card authenticator', () => {
  it('refuses to read the holder file of a 3.00 card without an authenticator', async () => {
    const card = new SocialSecurityCard(new ApduExchanger(wire(cards().get('ssc-v3')!)));
    await card.selectApplication();
    await expect(card.read()).rejects.toMatchObject({ code: 'authentication-required' });
  });

  it('reads a 3.00 card after INTERNAL and EXTERNAL AUTHENTICATE through the PSAM', async () => {
    const channel = wire(cards().get('ssc-v3')!);
    const psam = new VirtualPsam(MASTER_KEY);
    const card = new SocialSecurityCard(new ApduExchanger(channel));
    await card.selectApplication();
    const record = await card.read(new PsamAuthenticator(async () => new ApduExchanger(wire(psam))));
    expect(record.name).toBe(DEMO_SOCIAL_SECURITY_HOLDERS.liXiuying.name);
    expect(channel.log.some((l) => l.startsWith('00 88 00 00 10 '))).toBe(true);
    expect(channel.log.some((l) => l.startsWith('00 82 00 0a 10 '))).toBe(true);
  });

  it('fails authentication with a PSAM holding another master key', async () => {
    const card = new SocialSecurityCard(new ApduExchanger(wire(cards().get('ssc-v3')!)));
    await card.selectApplication();
    const foreign = new VirtualPsam(new Uint8Array(16));
    await expect(card.read(new PsamAuthenticator(async () => new ApduExchanger(wire(foreign))))).rejects.toMatchObject({ code: 'authentication-failed' });
  });

  it('reports a missing PSAM as authenticator-unavailable, not as a card problem', async () => {
    const card = new SocialSecurityCard(new ApduExchanger(wire(cards().get('ssc-v3')!)));
    await card.selectApplication();
    const absent = new PsamAuthenticator(async () => {
      throw new Error('no card in slot 1');
    });
    await expect(card.read(absent)).rejects.toMatchObject({ code: 'authenticator-unavailable' });
  });

  it('accepts any pluggable authenticator (a key service, for example)', async () => {
    const psam = new VirtualPsam(MASTER_KEY);
    const calls: string[] = [];
    const keyService: CardAuthenticator = {
      async authenticate(c, context) {
        calls.push(context.cardIdentificationCode);
        await new PsamAuthenticator(async () => new ApduExchanger(wire(psam))).authenticate(c, context);
      },
    };
    const card = new SocialSecurityCard(new ApduExchanger(wire(cards().get('ssc-v3')!)));
    await card.selectApplication();
    await card.read(keyService);
    expect(calls).toEqual([DEMO_SOCIAL_SECURITY_HOLDERS.liXiuying.cardIdentificationCode]);
  });
});

describe('bad cards', () => {
  it('rejects a card whose citizen ID fails its check digit', async () => {
    const h = { ...DEMO_SOCIAL_SECURITY_HOLDERS.zhangWeiming, citizenId: '310104198503122010' };
    const bad = new VirtualSsseCard({ id: 'x', description: 'x', holder: h, pin: '123456', protocol: 1, masterKey: MASTER_KEY });
    const card = new SocialSecurityCard(new ApduExchanger(wire(bad)));
    await card.selectApplication();
    await expect(card.read()).rejects.toMatchObject({ code: 'bad-citizen-id' });
  });

  it('reports a card without the SSSE application as not-ssse', async () => {
    const card = new SocialSecurityCard(new ApduExchanger({ transmit: async () => fromHex('6A 82') }));
    await expect(card.selectApplication()).rejects.toMatchObject({ code: 'not-ssse' });
  });
});

describe('card authentication towards the back office (INTERNAL AUTHENTICATE, issuer key)', () => {
  const challenge = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);
  const expected = async (cardNumber: string) => cardCryptogram(await diversifyCardKey(parseIssuerKey(DEMO_CARD_ISSUER_KEY_HEX), cardNumber), challenge);

  it('a 3.00 card answers the challenge after VERIFY with the cryptogram under its diversified key', async () => {
    const channel = wire(cards().get('ssc-v3-zhang')!);
    const card = new SocialSecurityCard(new ApduExchanger(channel));
    await card.selectApplication();
    await card.verifyPin('123456');
    const cryptogram = await card.issuerAuthenticate(challenge);
    expect(channel.log.at(-1)).toBe(`00 88 00 01 10 ${hex(challenge)}`);
    expect(cryptogram).toEqual(await expected(DEMO_SOCIAL_SECURITY_HOLDERS.zhangWeimingV3.cardNumber));
    // Another card of the same design answers another cryptogram.
    expect(cryptogram).not.toEqual(await expected(DEMO_SOCIAL_SECURITY_HOLDERS.liXiuying.cardNumber));
  });

  it('refuses without a verified PIN in this card session, and a wrong PIN does not count', async () => {
    const virtual = cards().get('ssc-v3-zhang')!;
    const card = new SocialSecurityCard(new ApduExchanger(wire(virtual)));
    await card.selectApplication();
    await expect(card.issuerAuthenticate(challenge)).rejects.toMatchObject({ code: 'authentication-required' });
    await expect(card.verifyPin('000000')).rejects.toMatchObject({ code: 'wrong-pin' });
    await expect(card.issuerAuthenticate(challenge)).rejects.toMatchObject({ code: 'authentication-required' });
    await card.verifyPin('123456');
    expect(await card.issuerAuthenticate(challenge)).toBeInstanceOf(Uint8Array);
    // A power cycle ends the card session: the PIN must be given again.
    const again = new SocialSecurityCard(new ApduExchanger(wire(virtual)));
    await again.selectApplication();
    await expect(again.issuerAuthenticate(challenge)).rejects.toMatchObject({ code: 'authentication-required' });
  });

  it('a 2.00 card has no card-authentication key: no cryptogram, no error', async () => {
    const card = new SocialSecurityCard(new ApduExchanger(wire(cards().get('ssc-v2')!)));
    await card.selectApplication();
    await card.verifyPin('123456');
    expect(await card.issuerAuthenticate(challenge)).toBeUndefined();
  });

  it('takes only a challenge of the length INTERNAL AUTHENTICATE is given', async () => {
    const card = new SocialSecurityCard(new ApduExchanger(wire(cards().get('ssc-v3-zhang')!)));
    await expect(card.issuerAuthenticate(new Uint8Array(8))).rejects.toThrow(TypeError);
  });
});
