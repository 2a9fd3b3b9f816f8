import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BRIDGE_CHANNEL_NAMES, BridgeError, createBridgeProxy, dispatchBridgeCall, parseBridgeCall } from '../../src/common/bridge-channels.ts';
import type { BridgeReply } from '../../src/common/bridge-channels.ts';
import { fakeBackend } from '../support/host-backend.ts';

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
    await proxy.terminal.api({ method: 'GET', path: '/api/terminal/v1/x' });
    await proxy.terminal.verifyStaffPin({ pin: '1234' });
    await proxy.devices.health();
    await proxy.devices.selfTest({ device: 'card-reader' });
    await proxy.cards.readSocialSecurityCard({});
    await proxy.cards.readIdCard();
    await proxy.printer.print({ width: 32, lines: [], cut: true });
    await proxy.endSession();
    expect(seen.sort()).toEqual([...BRIDGE_CHANNEL_NAMES].sort());
  });

  it('rejects unknown channels and bad arguments with typed errors', () => {
    expect(() => parseBridgeCall('fs.readFile', '/etc/passwd')).toThrow(expect.objectContaining({ code: 'unknown-channel' }));
    expect(() => parseBridgeCall('__proto__', undefined)).toThrow(expect.objectContaining({ code: 'unknown-channel' }));
    expect(() => parseBridgeCall('terminal.api', { method: 'GET', path: '/api/staff/login' })).toThrow(expect.objectContaining({ code: 'bad-argument' }));
    expect(() => parseBridgeCall('terminal.info', { sneaky: true })).toThrow(expect.objectContaining({ code: 'bad-argument' }));
    expect(() => parseBridgeCall('cards.readSocialSecurityCard', { pin: '12345' })).toThrow(expect.objectContaining({ code: 'bad-argument' }));
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
