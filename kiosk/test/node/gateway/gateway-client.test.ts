/**
 * The privileged side's gateway client: whatever the server (or anything in between) answers,
 * the page gets either a value that passed the protocol schema or a typed failure; and the
 * signed connection under it never signs a request that leaves the terminal API.
 */
import { webcrypto } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BillLookupResponse, GATEWAY_PATHS } from '@civic-kiosk/protocol/gateway';
import { GatewayClient } from '../../../src/node/gateway/gateway-client.ts';
import { TerminalConnection } from '../../../src/node/terminal/connection.ts';
import type { TerminalIdentity } from '../../../src/node/terminal/identity.ts';

async function connection(answer: (url: URL) => Response | Promise<Response>, seen: URL[] = []): Promise<TerminalConnection> {
  const pair = (await webcrypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const identity: TerminalIdentity = {
    terminalId: 'T-1',
    name: 'Lobby',
    location: '',
    group: 'g',
    serverUrl: 'http://district.test',
    publicKey: 'x',
    enrolledAt: 0,
    heartbeatIntervalMs: 60_000,
    privateKey: pair.privateKey,
  };
  const fetchImpl = (async (url: URL) => {
    seen.push(url);
    return answer(url);
  }) as unknown as typeof fetch;
  return new TerminalConnection(identity, fetchImpl);
}

const BILLS = { bills: [] };


describe('GatewayClient', () => {
  it('hands over a value only when it passes the schema, and a typed failure for anything else (property)', async () => {
    await fc.assert(
      // 204, 205 and 304 carry no body, so no Response can be made of them with one.
      fc.asyncProperty(fc.integer({ min: 200, max: 599 }).filter((s) => ![204, 205, 304].includes(s)), fc.oneof(fc.jsonValue(), fc.string()), async (status, body) => {
        const c = await connection(() => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status }));
        const answer = await new GatewayClient(() => c).post(GATEWAY_PATHS.billLookup, {}, BillLookupResponse);
        if (answer.ok) {
          expect(status).toBeLessThan(300);
          expect(BillLookupResponse.safeParse(answer.value).success).toBe(true);
        } else {
          expect(answer.failure.status).toBe(status);
          expect(answer.failure.code.length).toBeLessThanOrEqual(64);
          expect(answer.failure.code).not.toBe('offline');
        }
      }),
      { numRuns: 150 },
    );
  });

  it('passes the server error code on, and calls no answer offline', async () => {
    const refused = await connection(() => new Response(JSON.stringify({ error: { code: 'bill-not-found', message: 'no' } }), { status: 404 }));
    expect(await new GatewayClient(() => refused).post(GATEWAY_PATHS.billLookup, {}, BillLookupResponse)).toEqual({ ok: false, failure: { status: 404, code: 'bill-not-found' } });
    const absent = await connection(() => {
      throw new TypeError('fetch failed');
    });
    expect(await new GatewayClient(() => absent).get(GATEWAY_PATHS.payment('k'.repeat(16)), BillLookupResponse)).toEqual({ ok: false, failure: { status: 0, code: 'offline' } });
    const fine = await connection(() => new Response(JSON.stringify(BILLS), { status: 200 }));
    expect(await new GatewayClient(() => fine).post(GATEWAY_PATHS.billLookup, {}, BillLookupResponse)).toEqual({ ok: true, value: BILLS });
  });

  it('refuses to run before enrolment', async () => {
    await expect(new GatewayClient(() => undefined).post(GATEWAY_PATHS.billLookup, {}, BillLookupResponse)).rejects.toMatchObject({ code: 'not-enrolled' });
  });
});

describe('TerminalConnection', () => {
  it('never signs a request that leaves the terminal API, however the path is spelled', async () => {
    const seen: URL[] = [];
    const c = await connection(() => new Response('{}'), seen);
    for (const p of ['/api/terminal/../staff/users', '/api/terminal/%2e%2e/staff/users', '/api/terminal/./../../healthz', 'http://evil.test/api/terminal/x']) {
      await expect(c.fetch('GET', p)).rejects.toMatchObject({ code: 'bad-argument' });
    }
    expect(seen).toEqual([]);
  });
});
