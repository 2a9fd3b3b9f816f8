import { describe, expect, it } from 'vitest';
import type { CommandEnvelope } from '@civic-kiosk/protocol/terminal-api';
import { PushClient } from '../../../src/node/terminal/push-client.ts';
import type { TerminalConnection } from '../../../src/node/terminal/connection.ts';

const NOW = Date.now();
const frame = (id: number, body: unknown) => `id: ${id}\nevent: command\ndata: ${JSON.stringify(body)}\n\n`;
const command = (id: number, kind = 'maintenance-on') => ({ id, issuedAt: NOW, expiresAt: NOW + 60_000, kind, args: {} });

/** A connection whose push stream plays scripted frames (one script per connect) and records acks. */
function fakeConnection(scripts: string[][]) {
  const acks: { path: string; body: unknown }[] = [];
  const lastEventIds: (string | undefined)[] = [];
  const connection = {
    fetch: async (_m: string, _p: string, options: { headers?: Record<string, string>; signal?: AbortSignal }) => {
      lastEventIds.push(options.headers?.['last-event-id']);
      const script = scripts.shift();
      if (!script) return new Promise<Response>((_, reject) => options.signal?.addEventListener('abort', () => reject(new Error('aborted'))));
      return new Response(new ReadableStream({
        start(c) {
          for (const f of script) c.enqueue(new TextEncoder().encode(f));
          c.close();
        },
      }), { status: 200 });
    },
    api: async (_m: string, path: string, body: unknown) => {
      acks.push({ path, body });
      return { status: 200, body: {} };
    },
  } as unknown as TerminalConnection;
  return { connection, acks, lastEventIds };
}

async function until(probe: () => boolean) {
  const end = Date.now() + 10_000;
  while (!probe()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('push channel client', () => {
  it('applies a command once even when the server redelivers it, and acknowledges each delivery', async () => {
    const { connection, acks, lastEventIds } = fakeConnection([[frame(7, command(7))], [frame(7, command(7)), frame(8, command(8, 'maintenance-off'))]]);
    const applied: CommandEnvelope[] = [];
    const push = new PushClient({
      connection,
      apply: async (c) => {
        applied.push(c);
        return { result: 'done' };
      },
      backoff: { baseMs: 5, maxMs: 10 },
    });
    push.start();
    await until(() => acks.length === 3);
    await push.stop();
    expect(applied.map((c) => c.id)).toEqual([7, 8]);
    expect(acks.map((a) => a.path)).toEqual(['/api/terminal/v1/commands/7/ack', '/api/terminal/v1/commands/7/ack', '/api/terminal/v1/commands/8/ack']);
    // The reconnect told the server where it left off.
    expect(lastEventIds[1]).toBe('7');
  });

  it('rejects a command it does not understand instead of leaving it pending', async () => {
    const { connection, acks } = fakeConnection([[frame(9, { ...command(9), kind: 'self-destruct' }), 'event: command\ndata: {not json\n\n']]);
    const push = new PushClient({ connection, apply: async () => ({ result: 'done' }), backoff: { baseMs: 5, maxMs: 10 } });
    push.start();
    await until(() => acks.length === 1);
    await push.stop();
    expect(acks[0]).toEqual({ path: '/api/terminal/v1/commands/9/ack', body: { result: 'rejected', detail: 'command not understood by this terminal' } });
  });
});
