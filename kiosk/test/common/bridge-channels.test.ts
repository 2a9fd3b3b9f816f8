import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BRIDGE_CHANNEL_NAMES, BridgeError, createBridgeProxy, dispatchBridgeCall, parseBridgeCall } from '../../src/common/bridge-channels.ts';
import type { BridgeReply } from '../../src/common/bridge-channels.ts';
import { fakeBackend } from '../support/host-backend.ts';

const KEY = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';

describe('bridge channel table', () => {
  it('covers every call of the KioskBridge proxy', async () => {
    const seen: string[] = [];
    const proxy = createBridgeProxy({
      invoke: async (channel) => {
        seen.push(channel);
        return { ok: true, value: null };
      },
      subscribe: () => () => {},
    });
    await proxy.terminal.info();
    await proxy.terminal.enrol({ serverUrl: 'http://x', code: 'ABCD' });
    await proxy.terminal.reportScreen({ mode: 'attract' });
    await proxy.terminal.reportEvent({ type: 'x' });
    await proxy.terminal.verifyStaffPin({ pin: '1234' });
    await proxy.devices.health();
    await proxy.devices.selfTest({ device: 'card-reader' });
    await proxy.payments.lookup({ barcode: '1' });
    await proxy.payments.create({ idempotencyKey: KEY, billId: 'b', amountFen: 1 });
    await proxy.payments.status({ idempotencyKey: KEY });
    await proxy.payments.cancel({ idempotencyKey: KEY });
    await proxy.socialSecurity.open({ pin: '123456' });
    await proxy.socialSecurity.contributions({ from: '2026-01', to: '2026-02' });
    await proxy.socialSecurity.medicalAccount();
    await proxy.socialSecurity.cardStatus();
    await proxy.socialSecurity.reportLoss({ idempotencyKey: KEY });
    await proxy.socialSecurity.cancelLossReport();
    await proxy.socialSecurity.printStatement({ from: '2026-01', to: '2026-02', lang: 'en' });
    await proxy.permit.read();
    await proxy.permit.status();
    await proxy.permit.endorse({ idempotencyKey: KEY });
    await proxy.permit.progress();
    await proxy.mailbox.open({ pin: '123456' });
    await proxy.mailbox.openWithDocument();
    await proxy.mailbox.list();
    await proxy.mailbox.read({ messageId: 'm1' });
    await proxy.mailbox.markRead({ messageIds: ['m1'] });
    await proxy.printer.print({ width: 32, lines: [], cut: true });
    await proxy.usage.record({ kind: 'screen', screen: 'home' });
    await proxy.endSession();
    expect(seen.sort()).toEqual([...BRIDGE_CHANNEL_NAMES].sort());
  });

  it('rejects unknown channels and bad arguments with typed errors', () => {
    expect(() => parseBridgeCall('fs.readFile', '/etc/passwd')).toThrow(expect.objectContaining({ code: 'unknown-channel' }));
    expect(() => parseBridgeCall('__proto__', undefined)).toThrow(expect.objectContaining({ code: 'unknown-channel' }));
    expect(() => parseBridgeCall('terminal.info', { sneaky: true })).toThrow(expect.objectContaining({ code: 'bad-argument' }));
  });

  it('has no channel that signs a request the page describes, or reads a card to the page', () => {
    for (const gone of ['terminal.api', 'cards.readSocialSecurityCard', 'cards.readIdCard']) {
      expect(() => parseBridgeCall(gone, { method: 'GET', path: '/api/terminal/payments' })).toThrow(expect.objectContaining({ code: 'unknown-channel' }));
    }
  });

  it.each([
    // A payment key is URL-safe by the protocol's schema: it cannot walk out of its path.
    ['payments.status', { idempotencyKey: '../../staff/users?x=' }],
    ['payments.cancel', { idempotencyKey: 'short' }],
    ['payments.lookup', { biller: 'water', account: '12', path: '/api/terminal/x' }],
    ['payments.create', { idempotencyKey: KEY, billId: 'b', amountFen: 0 }],
    // The page never names a holder or a session: the privileged side attaches its own.
    ['socialSecurity.contributions', { from: '2026-01', to: '2026-02', holderSession: 'A'.repeat(32) }],
    ['socialSecurity.contributions', { from: '2026-01', to: '2026-02', holder: { citizenId: '11010519491231002X' } }],
    ['mailbox.read', { messageId: 'm1', holderSession: 'A'.repeat(32) }],
    ['permit.status', { holderSession: 'A'.repeat(32) }],
    ['socialSecurity.reportLoss', { idempotencyKey: KEY, citizenId: '11010519491231002X' }],
    // Ranges the server would refuse anyway are refused here first.
    ['socialSecurity.contributions', { from: '2026-03', to: '2026-02' }],
    ['socialSecurity.contributions', { from: '2020-01', to: '2026-02' }],
    ['socialSecurity.printStatement', { from: '2026-01', to: '2026-02', lang: 'fr' }],
    // A card PIN is six digits; nothing else reaches a card.
    ['socialSecurity.open', { pin: '12345' }],
    ['socialSecurity.open', { pin: '1234567' }],
    ['socialSecurity.open', { pin: '12345a' }],
    ['socialSecurity.open', undefined],
  ])('refuses %s with %j', (channel, arg) => {
    expect(() => parseBridgeCall(channel, arg)).toThrow(expect.objectContaining({ code: 'bad-argument' }));
  });

  it('answers any input with an envelope, never a throw (property)', async () => {
    const { handlers } = fakeBackend();
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom(...BRIDGE_CHANNEL_NAMES), fc.string()), fc.anything(), async (channel, arg) => {
        const reply: BridgeReply = await dispatchBridgeCall(handlers, channel, arg);
        expect(typeof reply.ok).toBe('boolean');
        if (!reply.ok) expect(['unknown-channel', 'bad-argument', 'internal']).toContain(reply.error.code);
      }),
      { numRuns: 300 },
    );
  });

  it('turns a failed reply into a BridgeError with code and reason', async () => {
    const proxy = createBridgeProxy({
      invoke: async () => ({ ok: false, error: { code: 'enrolment-failed', message: 'nope', reason: 'enrolment-code-used' } }),
      subscribe: () => () => {},
    });
    const err = await proxy.terminal.enrol({ serverUrl: 'http://x', code: 'ABCD' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BridgeError);
    expect(err).toMatchObject({ code: 'enrolment-failed', reason: 'enrolment-code-used' });
  });
});
