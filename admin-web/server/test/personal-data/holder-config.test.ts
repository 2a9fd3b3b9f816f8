import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { cardCryptogram, diversifyCardKey } from '@civic-kiosk/protocol/card-authentication';
import { GATEWAY_PATHS } from '@civic-kiosk/protocol/gateway';
import { configFromEnv } from '../../src/config.ts';
import { createPersonalData } from '../../src/personal-data/services.ts';
import { DIALECTS, withApp, type TestApp } from '../support/app.ts';
import { CARDS, CHEN_ID, challenge, presentCard, presentDocument } from '../gateway/holder-proof.ts';
import { TestTerminal } from '../support/terminal.ts';

const ISSUER_KEY = '00112233445566778899aabbccddeeff';
const HASH_KEY = 'ff'.repeat(32);

describe.each(DIALECTS)('holder settings from the environment (%s)', (dialect) => {
  let t: TestApp | undefined;
  afterEach(async () => t?.close());

  it('takes the holder limit, the holder-hash key and the simulator issuer key from the environment', async () => {
    const env = configFromEnv({ HOLDERS_PER_TERMINAL_HOUR: '2', PERSONAL_DATA_HASH_KEY: HASH_KEY, SIMULATOR_CARD_ISSUER_KEY: ISSUER_KEY });
    t = await withApp(dialect, { config: { holders: env.holders, gateway: env.gateway } });
    const kiosk = await TestTerminal.add(t);
    // The demo key no longer convinces the back office; the configured one does.
    expect((await presentCard(kiosk, CARDS.zhangV3)).json().error.code).toBe('holder-proof-invalid');
    const c = await challenge(kiosk, 'social-security-card');
    const cryptogram = Buffer.from(await cardCryptogram(await diversifyCardKey(Buffer.from(ISSUER_KEY, 'hex'), CARDS.zhangV3.cardNumber), Buffer.from(c.challenge, 'hex'))).toString('hex');
    const opened = await kiosk.request('POST', GATEWAY_PATHS.holderSessions, { challengeId: c.challengeId, card: CARDS.zhangV3, cryptogram, pinVerified: true });
    expect(opened.json().assurance).toBe('card-cryptogram');
    expect((await presentDocument(kiosk, CHEN_ID)).statusCode).toBe(200);
    expect((await presentDocument(kiosk, CARDS.liV3.citizenId)).json().error.code).toBe('holder-limit-reached');
    const hashes = await t.services.db.selectFrom('personal_data_access').select('holder_hash').where('result', '=', 'ok').execute();
    expect(hashes[0]!.holder_hash).toBe(createHmac('sha256', Buffer.from(HASH_KEY, 'hex')).update(CARDS.zhangV3.citizenId).digest('hex'));
  });

  it('refuses to start with a holder-hash key that is not 16 bytes of hex, and a bad limit', async () => {
    expect(() => configFromEnv({ HOLDERS_PER_TERMINAL_HOUR: '0' })).toThrow(/HOLDERS_PER_TERMINAL_HOUR/);
    t = await withApp(dialect);
    const s = t.services;
    const config = { ...t.config, holders: { ...t.config.holders, hashKeyHex: 'secret' } };
    await expect(createPersonalData(s.db, config, s.alerts, () => s.gateway.backOffices.socialSecurity)).rejects.toThrow(/PERSONAL_DATA_HASH_KEY/);
  });
});
