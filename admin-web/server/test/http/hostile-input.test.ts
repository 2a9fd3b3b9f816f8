import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TerminalApiPaths, TerminalHeaders } from '@civic-kiosk/protocol/terminal-api';
import { DIALECTS } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { appWithTerminal, type TestTerminal } from '../support/terminal.ts';

const TYPED = /^[a-z]+(-[a-z]+)*$/;

describe.each(DIALECTS)('hostile input gets typed errors, never a crash (%s)', (dialect) => {
  let t: TestApp;
  let kiosk: TestTerminal;
  beforeAll(async () => {
    ({ t, kiosk } = await appWithTerminal(dialect, { enrol: true }));
  });
  afterAll(async () => {
    await t.close();
  });

  const expectTypedClientError = (res: { statusCode: number; json(): { error?: { code?: unknown; message?: unknown } } }) => {
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.json().error?.code).toMatch(TYPED);
    expect(typeof res.json().error?.message).toBe('string');
  };

  it('answers any bytes posted as JSON to public routes with a 4xx error code', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/api/staff/login', TerminalApiPaths.enrol), fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.json().map((j) => new TextEncoder().encode(j))), async (url, bytes) => {
        const res = await t.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: Buffer.from(bytes) });
        expectTypedClientError(res);
      }),
      { numRuns: 60 },
    );
  });

  it('answers any signature headers with a 4xx error code', async () => {
    const header = fc.option(fc.string({ maxLength: 80 }), { nil: undefined });
    await fc.assert(
      fc.asyncProperty(header, header, header, header, async (id, timestamp, nonce, signature) => {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        const set = (name: string, v: string | undefined) => {
          // Header values cannot hold control characters; HTTP clients refuse to send them.
          if (v !== undefined && /^[\x20-\x7e]*$/.test(v)) headers[name] = v;
        };
        set(TerminalHeaders.terminalId, id === undefined ? undefined : id.length % 2 ? kiosk.id : id);
        set(TerminalHeaders.timestamp, timestamp === undefined ? undefined : timestamp.length % 2 ? String(t.clock.now()) : timestamp);
        set(TerminalHeaders.nonce, nonce);
        set(TerminalHeaders.signature, signature);
        const res = await t.inject({ method: 'POST', url: TerminalApiPaths.heartbeat, headers, payload: '{}' });
        expectTypedClientError(res);
      }),
      { numRuns: 80 },
    );
  });

  it('answers signed heartbeats with arbitrary bodies with validation errors', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (value) => {
        const res = await kiosk.request('POST', TerminalApiPaths.heartbeat, value === undefined ? null : value);
        if (res.statusCode !== 200) expectTypedClientError(res);
      }),
      { numRuns: 60 },
    );
  });
});
