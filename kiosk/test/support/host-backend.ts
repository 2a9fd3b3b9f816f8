/** A bridge backend for host and client tests: records calls, answers with plain data. */
import { BridgeEventHub } from '../../src/common/bridge-channels.ts';
import type { BridgeChannel, BridgeHandlers } from '../../src/common/bridge-channels.ts';
import type { BridgeBackend } from '../../src/node/host/kiosk-host.ts';
import { absentDevices } from '../../src/node/devices.ts';

export function fakeBackend(): BridgeBackend & { calls: { channel: string; arg: unknown }[] } {
  const calls: { channel: string; arg: unknown }[] = [];
  const devices = absentDevices();
  const record = <C extends BridgeChannel>(channel: C, handler: BridgeHandlers[C]): BridgeHandlers[C] =>
    (async (arg: never) => {
      calls.push({ channel, arg });
      return (handler as (a: never) => unknown)(arg);
    }) as BridgeHandlers[C];
  const handlers: BridgeHandlers = {
    'terminal.info': record('terminal.info', async () => ({
      enrolled: false,
      terminalId: null,
      terminalName: null,
      serverUrl: null,
      appVersion: '0.1.0',
      contentReleaseId: null,
      online: false,
      maintenance: false,
      shell: 'browser' as const,
    })),
    'terminal.enrol': record('terminal.enrol', async () => {
      throw new Error('not in this test');
    }),
    'terminal.reportScreen': record('terminal.reportScreen', async () => undefined),
    'terminal.reportEvent': record('terminal.reportEvent', async () => undefined),
    'terminal.api': record('terminal.api', async () => ({ status: 0, body: null })),
    'terminal.verifyStaffPin': record('terminal.verifyStaffPin', async (a) => (a.pin === '246810' ? { ok: true } : { ok: false, error: 'wrong-pin' })),
    'devices.health': record('devices.health', async () => devices.health()),
    'devices.selfTest': record('devices.selfTest', async (a) => ({ device: a.device, ok: true, detail: 'fine' })),
    'cards.readSocialSecurityCard': record('cards.readSocialSecurityCard', async () => ({ ok: false, error: 'no-card' })),
    'cards.readIdCard': record('cards.readIdCard', async () => ({ ok: false, error: 'no-card' })),
    'printer.print': record('printer.print', async () => ({ ok: true })),
    endSession: record('endSession', async () => undefined),
  };
  return {
    calls,
    handlers,
    events: new BridgeEventHub(),
    snapshot: () => [{ event: 'online', payload: { online: false } }],
    content: { active: undefined, servable: () => undefined },
  };
}
