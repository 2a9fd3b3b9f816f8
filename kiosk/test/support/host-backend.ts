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
  const offline = { ok: false as const, failure: { status: 0, code: 'offline' } };
  const noSession = { ok: false as const, failure: { status: 0, code: 'no-holder-session' } };
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
    'terminal.verifyStaffPin': record('terminal.verifyStaffPin', async (a) => (a.pin === '246810' ? { ok: true } : { ok: false, error: 'wrong-pin' })),
    'devices.health': record('devices.health', async () => devices.health()),
    'devices.selfTest': record('devices.selfTest', async (a) => ({ device: a.device, ok: true, detail: 'fine' })),
    'payments.lookup': record('payments.lookup', async () => offline),
    'payments.create': record('payments.create', async () => offline),
    'payments.status': record('payments.status', async () => offline),
    'payments.cancel': record('payments.cancel', async () => offline),
    'socialSecurity.open': record('socialSecurity.open', async () => ({ outcome: 'no-card' })),
    'socialSecurity.contributions': record('socialSecurity.contributions', async () => noSession),
    'socialSecurity.medicalAccount': record('socialSecurity.medicalAccount', async () => noSession),
    'socialSecurity.cardStatus': record('socialSecurity.cardStatus', async () => noSession),
    'socialSecurity.reportLoss': record('socialSecurity.reportLoss', async () => noSession),
    'socialSecurity.cancelLossReport': record('socialSecurity.cancelLossReport', async () => noSession),
    'socialSecurity.printStatement': record('socialSecurity.printStatement', async () => noSession),
    'permit.read': record('permit.read', async () => ({ outcome: 'no-card' })),
    'permit.status': record('permit.status', async () => noSession),
    'permit.endorse': record('permit.endorse', async () => noSession),
    'permit.progress': record('permit.progress', async () => noSession),
    'mailbox.open': record('mailbox.open', async () => ({ outcome: 'no-card' as const })),
    'mailbox.openWithDocument': record('mailbox.openWithDocument', async () => ({ outcome: 'no-card' as const })),
    'mailbox.list': record('mailbox.list', async () => noSession),
    'mailbox.read': record('mailbox.read', async () => noSession),
    'mailbox.markRead': record('mailbox.markRead', async () => noSession),
    'printer.print': record('printer.print', async () => ({ ok: true })),
    'usage.record': record('usage.record', async () => undefined),
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
