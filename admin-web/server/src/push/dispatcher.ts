import type { CommandSpec } from '@civic-kiosk/protocol/terminal-api';
import type { Actor } from '../audit/audit-log.ts';
import type { CommandStore } from './command-store.ts';
import type { PushHub } from './push-hub.ts';

/** Sends commands: stored first (durable), then announced to the instance holding each channel. */
export class CommandDispatcher {
  constructor(
    private readonly commands: CommandStore,
    private readonly hub: PushHub,
    private readonly defaultTtlMs: number,
  ) {}

  async send(
    actor: Actor,
    terminalIds: readonly string[],
    spec: CommandSpec,
    opts: { ttlMs?: number; auditAction?: string; auditTarget?: { type: string; id?: string } } = {},
  ): Promise<{ batchId: string; count: number }> {
    const result = await this.commands.create(actor, terminalIds, spec, opts.ttlMs ?? this.defaultTtlMs, {
      action: opts.auditAction ?? 'terminal.command',
      target: opts.auditTarget ?? (terminalIds.length === 1 ? { type: 'terminal', id: terminalIds[0] } : { type: 'terminals' }),
    });
    if (result.count > 0) await this.hub.announceBatch(result.batchId);
    return result;
  }
}
