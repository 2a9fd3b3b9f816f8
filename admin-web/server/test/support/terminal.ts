import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { HeartbeatRequest, TerminalApiPaths } from '@civic-kiosk/protocol/terminal-api';
import type { CommandEnvelope } from '@civic-kiosk/protocol/terminal-api';
import { generateTerminalKeyPair, newNonce, signRequest } from '@civic-kiosk/protocol/terminal-signing';
import type { TerminalKeyPair } from '@civic-kiosk/protocol/terminal-signing';
import { SseParser } from '@civic-kiosk/protocol/sse';
import type { SseEvent } from '@civic-kiosk/protocol/sse';
import { withApp } from './app.ts';
import type { Dialect, TestApp, TestAppOptions } from './app.ts';
import { loginStaff } from './staff.ts';

export interface SignOptions {
  nonce?: string;
  timestamp?: number;
}

export function sampleHeartbeat(overrides: Partial<HeartbeatRequest> = {}): HeartbeatRequest {
  return HeartbeatRequest.parse({
    appVersion: '1.4.0',
    contentVersion: 'release-2026-11-01',
    devices: { 'card-reader': { state: 'ready' }, 'receipt-printer': { state: 'ready' } },
    screen: { mode: 'attract' },
    uptimeSeconds: 3600,
    freeDiskBytes: 20_000_000_000,
    ...overrides,
  });
}

/** A scripted terminal: enrols through the API, then signs every request like the kiosk. */
export class TestTerminal {
  private constructor(
    private readonly t: TestApp,
    readonly id: string,
    readonly name: string,
    readonly group: string,
    readonly keys: TerminalKeyPair,
  ) {}

  /** Creates the terminal as an operator and enrols it with the one-time code. */
  static async enrol(t: TestApp, opts: { name?: string; group?: string } = {}): Promise<TestTerminal> {
    const operator = await loginStaff(t, 'operator');
    const created = await operator.request('POST', '/api/terminals', { name: opts.name ?? 'Lobby kiosk 1', location: 'Xuhui district centre, hall A', group: opts.group ?? 'xuhui' });
    if (created.statusCode !== 201) throw new Error(`create terminal failed: ${created.body}`);
    const { code } = created.json().enrolment as { code: string };
    const keys = await generateTerminalKeyPair();
    const res = await t.inject({ method: 'POST', url: TerminalApiPaths.enrol, payload: { code, publicKey: keys.publicKeyText, appVersion: '1.4.0' } });
    if (res.statusCode !== 200) throw new Error(`enrol failed: ${res.body}`);
    const body = res.json() as { terminalId: string; name: string; group: string };
    return new TestTerminal(t, body.terminalId, body.name, body.group, keys);
  }

  /** Puts an active terminal in `group` straight into the database, without the enrolment round trip. */
  static async add(t: TestApp, group = 'lobby'): Promise<TestTerminal> {
    const keys = await generateTerminalKeyPair();
    const id = `t-${randomUUID().slice(0, 8)}`;
    const name = `Kiosk ${id}`;
    await t.services.db
      .insertInto('terminals')
      .values({ id, name, location: 'Lobby', group_name: group, status: 'active', public_key: keys.publicKeyText, created_at: t.clock.now(), enrolled_at: t.clock.now() } as never)
      .execute();
    return new TestTerminal(t, id, name, group, keys);
  }

  /** The same terminal talking to another instance on the same database. */
  on(other: TestApp): TestTerminal {
    return new TestTerminal(other, this.id, this.name, this.group, this.keys);
  }

  /** Enrols this terminal again with a fresh key pair and a new one-time code (the old key is superseded). */
  async reenrol(code: string): Promise<TestTerminal> {
    const keys = await generateTerminalKeyPair();
    const res = await this.t.inject({ method: 'POST', url: TerminalApiPaths.enrol, payload: { code, publicKey: keys.publicKeyText, appVersion: '1.4.0' } });
    if (res.statusCode !== 200) throw new Error(`re-enrol failed: ${res.body}`);
    return new TestTerminal(this.t, this.id, this.name, this.group, keys);
  }

  /** Headers for a signed request. */
  sign(method: string, url: string, body: string, opts: SignOptions = {}): Promise<Record<string, string>> {
    return signRequest(
      { method, pathWithQuery: url, terminalId: this.id, timestamp: opts.timestamp ?? this.t.clock.now(), nonce: opts.nonce ?? newNonce(), body: new TextEncoder().encode(body) },
      this.keys.privateKey,
    );
  }

  async request(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown, opts: SignOptions = {}): Promise<LightMyRequestResponse> {
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const headers = await this.sign(method, url, body, opts);
    return this.t.inject({ method, url, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { payload: body } : {}) });
  }

  heartbeat(overrides: Partial<HeartbeatRequest> = {}): Promise<LightMyRequestResponse> {
    return this.request('POST', TerminalApiPaths.heartbeat, sampleHeartbeat(overrides));
  }

  ack(commandId: number, result: 'done' | 'failed' | 'rejected' = 'done'): Promise<LightMyRequestResponse> {
    return this.request('POST', TerminalApiPaths.ack(commandId), { result });
  }

  /** Opens the push channel over real HTTP (the app must listen: see `listen`). */
  async openPush(baseUrl: string, lastEventId?: string): Promise<PushStream> {
    const headers = await this.sign('GET', TerminalApiPaths.push, '');
    const controller = new AbortController();
    const res = await fetch(baseUrl + TerminalApiPaths.push, { headers: { ...headers, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) }, signal: controller.signal });
    if (res.status !== 200 || !res.body) throw new Error(`push channel refused: ${res.status} ${await res.text()}`);
    return new PushStream(res.body, controller);
  }
}

/**
 * A fresh app with one terminal in it, for a test's setup: added straight into the database, or
 * with `enrol` created by an operator and enrolled through the API.
 */
export async function appWithTerminal(dialect: Dialect, opts: TestAppOptions & { enrol?: boolean } = {}): Promise<{ t: TestApp; kiosk: TestTerminal }> {
  const t = await withApp(dialect, opts);
  try {
    return { t, kiosk: opts.enrol ? await TestTerminal.enrol(t) : await TestTerminal.add(t) };
  } catch (err) {
    // The caller never gets the app to close.
    await t.close();
    throw err;
  }
}

/** Reads command events off a push channel. */
export class PushStream {
  readonly events: SseEvent[] = [];
  private waiters: (() => void)[] = [];
  closed = false;

  constructor(
    body: ReadableStream<Uint8Array>,
    private readonly controller: AbortController,
  ) {
    const parser = new SseParser();
    const decoder = new TextDecoder();
    void (async () => {
      try {
        for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
          this.events.push(...parser.feed(decoder.decode(chunk, { stream: true })));
          this.wake();
        }
      } catch {
        // aborted
      }
      this.closed = true;
      this.wake();
    })();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  commands(): CommandEnvelope[] {
    return this.events.filter((e) => e.event === 'command').map((e) => JSON.parse(e.data) as CommandEnvelope);
  }

  /** Waits until `predicate` holds for the commands received so far. */
  async waitFor(predicate: (commands: CommandEnvelope[]) => boolean, timeoutMs = 15_000): Promise<CommandEnvelope[]> {
    await this.waitForEvents(() => predicate(this.commands()), timeoutMs);
    return this.commands();
  }

  /** Waits until `predicate` holds for the events received so far. */
  async waitForEvents(predicate: (events: SseEvent[]) => boolean, timeoutMs = 15_000): Promise<SseEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.events)) {
      if (this.closed) throw new Error(`event stream closed; got ${JSON.stringify(this.events)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; got ${JSON.stringify(this.events)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.events;
  }

  /** Waits until the server closes the stream. */
  async waitClosed(timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('push channel still open');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.controller.abort();
  }
}

/** Starts the app listening on a free loopback port; returns its base URL. */
export async function listen(t: TestApp): Promise<string> {
  return t.app.listen({ host: '127.0.0.1', port: 0 });
}
