import { afterEach, describe, expect, it } from 'vitest';
import { cardCryptogram, DEMO_CARD_ISSUER_KEY_HEX, diversifyCardKey, parseIssuerKey } from '@civic-kiosk/protocol/card-authentication';
import { existsSync } from 'node:fs';
import type { DeviceManagerEvents } from '../../../src/node/device-manager/device-manager.ts';
import { ALL_SIMULATED_CONFIG, startSimulatedDevices } from '../../../src/node/device-manager/simulated.ts';
import type { SimulatedDevices } from '../../../src/node/device-manager/simulated.ts';
import { SimulatorControl } from '../../../src/node/sim/control-client.ts';

let sims: SimulatedDevices | undefined;
let control: SimulatorControl | undefined;
afterEach(async () => {
  await control?.close();
  await sims?.stop();
  sims = undefined;
  control = undefined;
});

async function until(predicate: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the device manager on the simulators', () => {
  it('reads cards, prints, scans and reports the printer running low, end to end over ptys', async () => {
    sims = await startSimulatedDevices({ ...ALL_SIMULATED_CONFIG, healthCheckIntervalMs: 500 });
    const { manager } = sims;
    expect(manager.health()).toEqual({
      'card-reader': { state: 'ready' },
      'id-reader': { state: 'ready' },
      'receipt-printer': { state: 'ready' },
      'barcode-scanner': { state: 'ready' },
    });
    control = await SimulatorControl.connect(sims.control);

    const ssc = await manager.readSocialSecurityCard({ pin: '123456' });
    expect(ssc.ok && ssc.card.kind).toBe('social-security');
    const wrongPin = await manager.readSocialSecurityCard({ pin: '000000' });
    expect(wrongPin).toMatchObject({ ok: false, error: 'wrong-pin' });
    // The 3.00 card of the same person answers the server's challenge after VERIFY.
    expect(await control.send('card-reader', { action: 'insert-card', card: 'ssc-v3-zhang' })).toMatchObject({ ok: true });
    const challenge = '5a'.repeat(16);
    const v3 = await manager.readSocialSecurityCard({ pin: '123456', challenge });
    const key = await diversifyCardKey(parseIssuerKey(DEMO_CARD_ISSUER_KEY_HEX), 'SH5521547');
    expect(v3).toMatchObject({ ok: true, card: { version: '3.00', cryptogram: Buffer.from(await cardCryptogram(key, Buffer.from(challenge, 'hex'))).toString('hex') } });
    await manager.endSession();
    const id = await manager.readIdCard();
    expect(id.ok && id.card.idNumber).toMatch(/^\d{17}[\dX]$/);
    expect(await manager.printReceipt({ width: 48, cut: true, lines: [{ text: '缴费成功 Payment received' }, { qr: 'https://example.org/r/1' }] })).toEqual({ ok: true });

    const codes: DeviceManagerEvents['barcode'][] = [];
    manager.on('barcode', (b) => codes.push(b));
    expect(await control.send('barcode-scanner', { action: 'scan', code: '6901234567892', symbology: 'ean13' })).toEqual({ ok: true });
    await until(() => codes.length === 1);
    expect(codes[0]).toEqual({ code: '6901234567892', symbology: 'ean13' });

    expect(await control.send('receipt-printer', { action: 'paper-near-end' })).toMatchObject({ ok: true });
    await until(() => manager.health()['receipt-printer']?.state === 'degraded');
    expect(manager.health()['receipt-printer']).toEqual({ state: 'degraded', reasons: ['paper-near-end'] });
    expect(await control.send('receipt-printer', { action: 'clear' })).toMatchObject({ ok: true });
    await until(() => manager.health()['receipt-printer']?.state === 'ready');

    const selfTest = await manager.selfTest('card-reader');
    expect(selfTest).toMatchObject({ device: 'card-reader', ok: true });

    // A mute card and a bank card each read as their own code; a mute card fails the card, not the reader.
    expect(await control.send('card-reader', { action: 'insert-card', card: 'ssc-mute' })).toMatchObject({ ok: true });
    expect(await manager.readSocialSecurityCard({ pin: '123456' })).toEqual({ ok: false, error: 'card-mute' });
    expect(await manager.selfTest('card-reader')).toEqual({ device: 'card-reader', ok: true, detail: 'the reader answers; the card in it does not (card-mute)' });
    expect(await control.send('card-reader', { action: 'insert-card', card: 'bank-card' })).toMatchObject({ ok: true });
    expect(await manager.readSocialSecurityCard({ pin: '123456' })).toEqual({ ok: false, error: 'not-social-security-card' });
  });

  it('reports the cards already lying in both readers at start', async () => {
    sims = await startSimulatedDevices({ 'card-reader': { simulated: true }, 'id-reader': { simulated: true } });
    const cards: DeviceManagerEvents['card'][] = [];
    sims.manager.on('card', (c) => cards.push(c));
    await until(() => cards.length === 2);
    expect(cards).toEqual(expect.arrayContaining([
      { reader: 'social-security', present: true },
      { reader: 'id', present: true },
    ]));
  });

  it('removes the simulators when stopped', async () => {
    sims = await startSimulatedDevices({ 'receipt-printer': { simulated: true, profile: '58mm' } });
    const printerPath = sims.paths['receipt-printer']!;
    expect(existsSync(printerPath)).toBe(true);
    expect(Object.keys(sims.manager.health())).toEqual(['receipt-printer']);
    await sims.stop();
    expect(existsSync(printerPath)).toBe(false);
    expect(existsSync(sims.control)).toBe(false);
  });
});
