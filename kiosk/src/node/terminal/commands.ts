/**
 * Applies staff commands from the push channel. Disruptive ones (reload, restart, reboot) wait
 * until the screen is idle, as the server also does, so a command that raced a resident's
 * first touch still cannot cut their session. Each resolves with the ack to send.
 */
import { DISRUPTIVE_COMMANDS, SCREENSHOT_MAX_BYTES, screenShowsNoPersonalData } from '@civic-kiosk/protocol/terminal-api';
import type { CommandAck, CommandEnvelope, ScreenshotUpload } from '@civic-kiosk/protocol/terminal-api';
import type { BridgeEventHub } from '../../common/bridge-channels.ts';
import type { EmergencyState, ScreenState } from '../../common/bridge.ts';
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
  /** What the screen shows now. */
  screen: () => ScreenState;
  /** Sends a screenshot to the server; its HTTP status (0: unreachable) and error code. */
  uploadScreenshot: (upload: ScreenshotUpload) => Promise<{ status: number; code?: string }>;
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
    case 'screenshot':
      return screenshot(command.id, command.args.force === true, ctx);
    case 'maintenance-on':
      // A resident mid-session (paying a bill, say) finishes first, unless staff force it.
      if (!command.args.force && !ctx.isIdle()) await ctx.whenIdle();
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

const describeScreen = (s: ScreenState) => (s.service ? `${s.mode}/${s.service}` : s.mode);

/**
 * A screen with a resident's data on it is captured only when staff forced it (with a reason,
 * which the server holds). The screen is checked before and after the capture, so a session
 * that started meanwhile is not sent.
 */
async function screenshot(commandId: number, force: boolean, ctx: CommandContext): Promise<CommandAck> {
  const inUse = () => !force && !screenShowsNoPersonalData(ctx.screen());
  const refused = (): CommandAck => ({ result: 'rejected', detail: `screen in use (${describeScreen(ctx.screen())}): not captured without force` });
  if (inUse()) return refused();
  const screen = ctx.screen();
  const image = await ctx.shell.screenshot();
  if (!image) return { result: 'rejected', detail: `${ctx.shell.kind} shell cannot take screenshots now` };
  if (inUse()) return refused();
  if (image.byteLength > SCREENSHOT_MAX_BYTES) return { result: 'failed', detail: `screenshot of ${image.byteLength} bytes is over the limit` };
  const sent = await ctx.uploadScreenshot({ commandId, capturedAt: ctx.now(), screen, image: Buffer.from(image).toString('base64') });
  if (sent.status === 201) return { result: 'done', detail: `uploaded ${image.byteLength} bytes (${describeScreen(screen)})` };
  return { result: 'failed', detail: sent.status === 0 ? 'server unreachable' : `upload refused: ${sent.status} ${sent.code ?? ''}`.trim() };
}
