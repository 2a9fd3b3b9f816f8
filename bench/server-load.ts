/**
 * Load-generator side of the server benches: runs in a child process so the server keeps
 * its own core. Keep-alive HTTP/1.1 over loopback on a fixed number of connections, one
 * request in flight per connection. Requests are serialised to bytes before the clock
 * starts and responses are only framed (status line, Content-Length), like wrk: on a 2-core
 * machine Node's full HTTP client would take a third of a core from the server it measures.
 */
import net from 'node:net';

export interface LoadRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  firstError?: string;
}

const CRLF = Buffer.from('\r\n\r\n');

/** The request as it goes on the wire. */
function serialiseRequest(r: LoadRequest, host: string): Buffer {
  const body = Buffer.from(r.body ?? '', 'utf8');
  const head = [`${r.method} ${r.path} HTTP/1.1`, `host: ${host}`, 'connection: keep-alive', ...Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`)];
  if (r.body !== undefined) head.push(`content-length: ${body.length}`);
  return Buffer.concat([Buffer.from(head.join('\r\n') + '\r\n\r\n', 'latin1'), body]);
}

/** Splits one response off the front of `buf`: its status and length, or undefined if incomplete. */
function frameResponse(buf: Buffer): { status: number; length: number; body: Buffer } | undefined {
  const end = buf.indexOf(CRLF);
  if (end < 0) return undefined;
  const head = buf.toString('latin1', 0, end);
  const status = Number(head.slice(9, 12));
  const m = /\r\ncontent-length: *(\d+)/i.exec(head);
  if (!m) throw new Error(`response without content-length: ${head.split('\r\n')[0]}`);
  const length = end + 4 + Number(m[1]);
  if (buf.length < length) return undefined;
  return { status, length, body: buf.subarray(end + 4, length) };
}

/** Sends `requests` over `connections` keep-alive sockets, stopping early after `maxSeconds`. */
export async function runLoad(base: string, requests: readonly LoadRequest[], connections: number, maxSeconds: number): Promise<LoadResult> {
  const url = new URL(base);
  const wire = requests.map((r) => serialiseRequest(r, url.host));
  let next = 0;
  let done = 0;
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + maxSeconds * 1000;
  const connection = () =>
    new Promise<void>((resolve) => {
      const socket = net.connect(Number(url.port), url.hostname);
      socket.setNoDelay(true);
      let pending: Buffer = Buffer.alloc(0);
      const send = () => {
        if (next < wire.length && performance.now() < deadline) socket.write(wire[next++]!);
        else socket.end();
      };
      socket.on('connect', send);
      socket.on('data', (chunk: Buffer) => {
        pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
        let res;
        while ((res = frameResponse(pending))) {
          pending = pending.subarray(res.length);
          done++;
          if (res.status !== 200) {
            errors++;
            firstError ??= `${res.status} ${res.body.toString('utf8')}`;
          }
          send();
        }
      });
      socket.on('error', (e) => {
        errors++;
        firstError ??= e.message;
      });
      socket.on('close', () => resolve());
    });
  await Promise.all(Array.from({ length: connections }, connection));
  const seconds = (performance.now() - started) / 1000;
  return { requests: done, errors, seconds, perSecond: done / seconds, firstError };
}
