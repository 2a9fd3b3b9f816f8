/**
 * Applies staff commands from the push channel. Disruptive ones (reload, restart, reboot) wait
 * until the screen is idle, as the server also does, so a command that raced a resident's
 * first touch still cannot cut their session. Each resolves with the ack to send.
 */
import { DISRUPTIVE_COMMANDS } from '@civic-kiosk/protocol/terminal-api';
import type { CommandAck, CommandEnvelope } from '@civic-kiosk/protocol/terminal-api';
import type { BridgeEventHub } from '../../common/bridge-channels.ts';
import type { EmergencyState } from '../../common/bridge.ts';
import type { ShellActions } from '../shell-actions.ts';

export interface CommandContext {
  events: BridgeEventHub;
  shell: ShellActions;
  isIdle: () => boolean;
  /** Resolves the next time the screen becomes idle. */
  whenIdle: () => Promise<void>;
  syncContent: () => Promise<string>;
  setMaintenance: (on: boolean) => void;
  setEmergency: (state: EmergencyState) => void;
  currentEmergencyId: () => string | undefined;
  now: () => number;
}

export async function applyCommand(command: CommandEnvelope, ctx: CommandContext): Promise<CommandAck> {
  if (command.expiresAt < ctx.now()) return { result: 'rejected', detail: 'expired before it reached the terminal' };
  if (DISRUPTIVE_COMMANDS.has(command.kind) && !ctx.isIdle()) await ctx.whenIdle();
  switch (command.kind) {
    case 'collect-content':
      return { result: 'done', detail: await ctx.syncContent() };
    case 'reload':
      ctx.events.emit('reload', { reason: 'command' });
      return { result: 'done' };
    case 'restart-app':
      return ctx.shell.restartApp();
    case 'reboot':
      return ctx.shell.reboot();
    case 'screenshot': {
      const png = await ctx.shell.screenshot();
      return png ? { result: 'done', detail: `captured ${png.byteLength} bytes` } : { result: 'rejected', detail: `${ctx.shell.kind} shell cannot take screenshots` };
    }
    case 'maintenance-on':
      ctx.setMaintenance(true);
      return { result: 'done' };
    case 'maintenance-off':
      ctx.setMaintenance(false);
      return { result: 'done' };
    case 'emergency-on':
      ctx.setEmergency({ active: true, id: command.args.broadcastId, title: command.args.title, body: command.args.body });
      return { result: 'done' };
    case 'emergency-off':
      if (ctx.currentEmergencyId() !== command.args.broadcastId) return { result: 'done', detail: 'broadcast was not showing' };
      ctx.setEmergency({ active: false });
      return { result: 'done' };
  }
}
