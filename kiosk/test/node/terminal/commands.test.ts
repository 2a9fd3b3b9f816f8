import { describe, expect, it } from 'vitest';
import type { CommandEnvelope } from '@civic-kiosk/protocol/terminal-api';
import { BridgeEventHub } from '../../../src/common/bridge-channels.ts';
import type { EmergencyState } from '../../../src/common/bridge.ts';
import { browserShellActions } from '../../../src/node/shell-actions.ts';
import { applyCommand } from '../../../src/node/terminal/commands.ts';
import type { CommandContext } from '../../../src/node/terminal/commands.ts';

const NOW = 1_800_000_000_000;

function context(idle: boolean) {
  const events = new BridgeEventHub();
  const seen: { event: string; payload: unknown }[] = [];
  events.subscribe((event, payload) => seen.push({ event, payload }));
  let becomeIdle: () => void = () => {};
  let emergency: EmergencyState = { active: false };
  const ctx: CommandContext = {
    events,
    shell: browserShellActions,
    isIdle: () => idle,
    whenIdle: () => new Promise((resolve) => (becomeIdle = resolve)),
    syncContent: async () => 'switched r7',
    setMaintenance: (on) => events.emit('maintenance', { on }),
    setEmergency: (s) => {
      emergency = s;
      events.emit('emergency', s);
    },
    currentEmergencyId: () => (emergency.active ? emergency.id : undefined),
    now: () => NOW,
  };
  return { ctx, seen, idleNow: () => becomeIdle() };
}

const command = (spec: Pick<CommandEnvelope, 'kind' | 'args'> & { expiresAt?: number }): CommandEnvelope =>
  ({ id: 1, issuedAt: NOW - 1000, expiresAt: NOW + 60_000, ...spec }) as CommandEnvelope;

describe('staff commands on the terminal', () => {
  it('holds a reload until the screen is idle', async () => {
    const { ctx, seen, idleNow } = context(false);
    let acked = false;
    const ack = applyCommand(command({ kind: 'reload', args: {} }), ctx).then((a) => {
      acked = true;
      return a;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(acked).toBe(false);
    expect(seen).toEqual([]);
    idleNow();
    expect(await ack).toEqual({ result: 'done' });
    expect(seen).toEqual([{ event: 'reload', payload: { reason: 'command' } }]);
  });

  it('refuses an expired command and what browser mode cannot do', async () => {
    const { ctx } = context(true);
    expect(await applyCommand(command({ kind: 'maintenance-on', args: {}, expiresAt: NOW - 1 }), ctx)).toMatchObject({ result: 'rejected' });
    expect(await applyCommand(command({ kind: 'screenshot', args: {} }), ctx)).toMatchObject({ result: 'rejected' });
    expect(await applyCommand(command({ kind: 'reboot', args: {} }), ctx)).toMatchObject({ result: 'rejected' });
  });

  it('shows and clears only the matching emergency broadcast', async () => {
    const { ctx, seen } = context(true);
    const text = { 'zh-CN': '演练', en: 'Drill' };
    await applyCommand(command({ kind: 'emergency-on', args: { broadcastId: 'b1', level: 'info', title: text, body: text, issuedAt: NOW } }), ctx);
    await applyCommand(command({ kind: 'emergency-off', args: { broadcastId: 'other' } }), ctx);
    expect(ctx.currentEmergencyId()).toBe('b1');
    await applyCommand(command({ kind: 'emergency-off', args: { broadcastId: 'b1' } }), ctx);
    expect(seen.map((s) => s.payload)).toEqual([{ active: true, id: 'b1', title: text, body: text }, { active: false }]);
  });

  it('collects content and reports the outcome in the ack', async () => {
    const { ctx } = context(false);
    expect(await applyCommand(command({ kind: 'collect-content', args: {} }), ctx)).toEqual({ result: 'done', detail: 'switched r7' });
  });
});
