import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { generateTerminalKeyPair, newNonce, signRequest } from '@civic-kiosk/protocol/terminal-signing';
import type { TestApp } from '../support/app.ts';

export interface SignedTerminal {
  terminalId: string;
  group: string;
  /** A request signed as this terminal, body sent as JSON. */
  request(method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown): Promise<LightMyRequestResponse>;
}

/** Puts an enrolled terminal in `group` straight into the database and signs as it. */
export async function addTerminal(t: TestApp, group = 'lobby'): Promise<SignedTerminal> {
  const keys = await generateTerminalKeyPair();
  const terminalId = `t-${randomUUID().slice(0, 8)}`;
  await t.services.db
    .insertInto('terminals')
    .values({ id: terminalId, name: `Kiosk ${terminalId}`, location: 'Lobby', group_name: group, status: 'active', public_key: keys.publicKeyText, created_at: t.clock.now(), enrolled_at: t.clock.now() } as never)
    .execute();
  return {
    terminalId,
    group,
    async request(method, url, payload) {
      const body = payload === undefined ? '' : JSON.stringify(payload);
      const headers = await signRequest(
        { method, pathWithQuery: url, terminalId, timestamp: t.clock.now(), nonce: newNonce(), body: new TextEncoder().encode(body) },
        keys.privateKey,
      );
      return t.inject({ method, url, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { payload: body } : {}) });
    },
  };
}
