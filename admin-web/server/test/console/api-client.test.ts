/**
 * The console's API client on a scripted fetch: the CSRF header goes on every state-changing
 * call once logged in, a 401 ends the session (except a failed login), and an answer that does
 * not match the protocol schema is refused rather than shown.
 */
import { describe, expect, it } from 'vitest';
import { ApiClient, ApiError } from '../../../ui/src/api/client.ts';

const SESSION = { user: { id: 'u1', username: 'operator', role: 'operator' }, csrfToken: 'csrf-123', csrfHeader: 'x-csrf-token', mustChangePassword: false };
const PAGE = { terminals: [], total: 0 };

function scripted(answers: [number, unknown][]) {
  const calls: { url: string; method: string; headers: Record<string, string> }[] = [];
  const fetch = async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), method: init?.method ?? 'GET', headers: { ...(init?.headers as Record<string, string>) } });
    const [status, body] = answers.shift() ?? [500, {}];
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
  let ended = 0;
  const client = new ApiClient({ fetch: fetch as typeof globalThis.fetch, onSessionEnded: () => (ended += 1) });
  return { client, calls, ended: () => ended };
}

const loginFailed = { error: { code: 'login-failed', message: 'Wrong username or password' } };
const unauthenticated = { error: { code: 'unauthenticated', message: 'Log in first' } };

describe('ApiClient', () => {
  it('sends the CSRF header on state-changing calls after login, and not on reads', async () => {
    const { client, calls } = scripted([[200, SESSION], [200, PAGE], [202, { batchId: 'b1' }]]);
    await client.login({ username: 'operator', password: 'x' });
    await client.terminals({ status: 'down', search: '' });
    expect(await client.sendCommand('t/1', { kind: 'reload', args: {} })).toEqual({ batchId: 'b1' });
    expect(calls[1]!.url).toBe('/api/terminals?status=down');
    expect(calls[1]!.headers['x-csrf-token']).toBeUndefined();
    expect(calls[2]!.url).toBe('/api/terminals/t%2F1/commands');
    expect(calls[2]!.headers['x-csrf-token']).toBe('csrf-123');
  });

  it('reports a failed login as its error, without ending a session', async () => {
    const { client, ended } = scripted([[401, loginFailed]]);
    await expect(client.login({ username: 'a', password: 'b' })).rejects.toMatchObject({ status: 401, code: 'login-failed' });
    expect(ended()).toBe(0);
  });

  it('ends the session on a 401 from any other call and forgets the CSRF token', async () => {
    const { client, calls, ended } = scripted([[200, SESSION], [401, unauthenticated], [401, unauthenticated]]);
    await client.login({ username: 'operator', password: 'x' });
    await expect(client.terminals({})).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(ended()).toBe(1);
    await expect(client.sendCommand('t1', { kind: 'reload', args: {} })).rejects.toBeInstanceOf(ApiError);
    expect(calls[2]!.headers['x-csrf-token']).toBeUndefined();
  });

  it('refuses answers that do not match the schema, and says when the server cannot be reached', async () => {
    const { client } = scripted([[200, { terminals: [{ id: 1 }], total: 'many' }], [200, 'not json'], [502, '<html>bad gateway</html>']]);
    await expect(client.terminals({})).rejects.toMatchObject({ code: 'bad-response' });
    await expect(client.terminals({})).rejects.toMatchObject({ code: 'bad-response' });
    await expect(client.terminals({})).rejects.toMatchObject({ status: 502, code: 'http-error' });
    const offline = new ApiClient({ fetch: () => Promise.reject(new TypeError('fetch failed')), onSessionEnded: () => undefined });
    await expect(offline.terminals({})).rejects.toMatchObject({ status: 0, code: 'network' });
  });
});
