/**
 * Load-generator side of the server benches: runs in a child process so the server keeps
 * its own core. Keep-alive HTTP over loopback, a fixed number of connections.
 */
import http from 'node:http';

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

/** Sends `requests` over `connections` keep-alive sockets, stopping early after `maxSeconds`. */
export async function runLoad(base: string, requests: readonly LoadRequest[], connections: number, maxSeconds: number): Promise<LoadResult> {
  const url = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  let next = 0;
  let done = 0;
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + maxSeconds * 1000;
  const one = (r: LoadRequest) =>
    new Promise<void>((resolve) => {
      const req = http.request({ host: url.hostname, port: url.port, method: r.method, path: r.path, headers: r.headers, agent }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c));
        res.on('end', () => {
          if (res.statusCode !== 200) {
            errors++;
            firstError ??= `${res.statusCode} ${text}`;
          }
          done++;
          resolve();
        });
      });
      req.on('error', (e) => {
        errors++;
        firstError ??= e.message;
        done++;
        resolve();
      });
      req.end(r.body);
    });
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < requests.length && performance.now() < deadline) await one(requests[next++]!);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { requests: done, errors, seconds, perSecond: done / seconds, firstError };
}
