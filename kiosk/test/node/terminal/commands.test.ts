import { describe, expect, it } from 'vitest';
import type { CommandEnvelope, ScreenshotUpload } from '@civic-kiosk/protocol/terminal-api';
import { BridgeEventHub } from '../../../src/common/bridge-channels.ts';
import type { EmergencyState, ScreenState } from '../../../src/common/bridge.ts';
import { browserModeShell, browserShellActions } from '../../../src/node/shell-actions.ts';
import { applyCommand } from '../../../src/node/terminal/commands.ts';
import type { CommandContext } from '../../../src/node/terminal/commands.ts';

const NOW = 1_800_000_000_000;

function context(idle: boolean, screen: ScreenState = idle ? { mode: 'attract' } : { mode: 'session', service: 'bills' }) {
  const events = new BridgeEventHub();
  const uploads: ScreenshotUpload[] = [];
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
    screen: () => screen,
    uploadScreenshot: async (upload) => {
      uploads.push(upload);
      return { status: 201 };
    },
    now: () => NOW,
  };
  return { ctx, seen, uploads, idleNow: () => becomeIdle(), show: (next: ScreenState) => (screen = next) };
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

  it('turns maintenance on once the resident\'s session has ended, or at once when staff force it', async () => {
    const waiting = context(false);
    let acked = false;
    const ack = applyCommand(command({ kind: 'maintenance-on', args: { reason: 'printer service' } }), waiting.ctx).then((a) => ((acked = true), a));
    await new Promise((r) => setTimeout(r, 20));
    expect([acked, waiting.seen]).toEqual([false, []]);
    waiting.idleNow();
    expect(await ack).toEqual({ result: 'done' });
    expect(waiting.seen).toEqual([{ event: 'maintenance', payload: { on: true } }]);

    const forced = context(false);
    expect(await applyCommand(command({ kind: 'maintenance-on', args: { force: true } }), forced.ctx)).toEqual({ result: 'done' });
    expect(forced.seen).toEqual([{ event: 'maintenance', payload: { on: true } }]);
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

  describe('screenshot', () => {
    const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const shooting = (idle: boolean, screen?: ScreenState, capture: () => Promise<Uint8Array | undefined> = async () => PNG) => {
      const c = context(idle, screen);
      c.ctx.shell = browserModeShell(capture);
      return c;
    };

    it('captures an idle screen or the home menu and uploads it for its command', async () => {
      for (const screen of [{ mode: 'attract' }, { mode: 'session', service: 'home' }, { mode: 'maintenance' }] as const) {
        const { ctx, uploads } = shooting(true, screen);
        expect(await applyCommand(command({ kind: 'screenshot', args: {} }), ctx)).toMatchObject({ result: 'done' });
        expect(uploads).toEqual([{ commandId: 1, capturedAt: NOW, screen, image: Buffer.from(PNG).toString('base64') }]);
      }
    });

    it('does not capture a screen in use unless staff forced it', async () => {
      let captured = 0;
      const busy = shooting(false, { mode: 'session', service: 'social-security' }, async () => (captured++, PNG));
      expect(await applyCommand(command({ kind: 'screenshot', args: {} }), busy.ctx)).toEqual({ result: 'rejected', detail: 'screen in use (session/social-security): not captured without force' });
      expect([captured, busy.uploads]).toEqual([0, []]);
      const staffScreen = shooting(false, { mode: 'staff' });
      expect(await applyCommand(command({ kind: 'screenshot', args: {} }), staffScreen.ctx)).toMatchObject({ result: 'rejected' });

      expect(await applyCommand(command({ kind: 'screenshot', args: { force: true, reason: 'frozen payment screen' } }), busy.ctx)).toMatchObject({ result: 'done' });
      expect(busy.uploads.map((u) => u.screen)).toEqual([{ mode: 'session', service: 'social-security' }]);
    });

    it('drops a capture when a session started while it was taken', async () => {
      const c = shooting(true, { mode: 'attract' }, async () => {
        c.show({ mode: 'session', service: 'mailbox' });
        return PNG;
      });
      expect(await applyCommand(command({ kind: 'screenshot', args: {} }), c.ctx)).toMatchObject({ result: 'rejected', detail: expect.stringContaining('session/mailbox') });
      expect(c.uploads).toEqual([]);
    });

    it('reports an upload the server refused or could not take as failed', async () => {
      const c = shooting(true);
      c.ctx.uploadScreenshot = async () => ({ status: 409, code: 'screenshot-not-requested' });
      expect(await applyCommand(command({ kind: 'screenshot', args: {} }), c.ctx)).toEqual({ result: 'failed', detail: 'upload refused: 409 screenshot-not-requested' });
      c.ctx.uploadScreenshot = async () => ({ status: 0 });
      expect(await applyCommand(command({ kind: 'screenshot', args: {} }), c.ctx)).toEqual({ result: 'failed', detail: 'server unreachable' });
      const none = shooting(true, undefined, async () => undefined);
      expect(await applyCommand(command({ kind: 'screenshot', args: {} }), none.ctx)).toMatchObject({ result: 'rejected', detail: 'browser shell cannot take screenshots now' });
    });
  });
});
