import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';

export interface UploadOutcome {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** Bytes the client had handed to its socket when the answer arrived. */
  bytesSent: number;
}

export interface UploadOptions {
  headers: Record<string, string>;
  /** Bytes to send in all (first `head`, then filler). */
  total: number;
  head?: Uint8Array;
  /** Called after each piece is written; the upload waits for it (e.g. to look at storage mid-upload). */
  progress?(bytesSent: number): Promise<void>;
}

const PIECE = 64 * 1024;

/**
 * POSTs a large body over real HTTP as fast as the server takes it and stops sending as soon as
 * an answer arrives, like a client reading the response while uploading: how far a refusal lets
 * a client get shows how much the server read.
 */
export function uploadUntilAnswered(url: string, opts: UploadOptions): Promise<UploadOutcome> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: opts.headers });
    let sent = 0;
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8'), bytesSent: sent });
        req.destroy();
      });
      res.on('error', reject);
    });
    // The server may close the connection on a refused upload; only an error before its answer counts.
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    const filler = Buffer.alloc(PIECE, 0x5a);
    const pump = async () => {
      const head = opts.head ?? new Uint8Array(0);
      while (!answered && sent < opts.total) {
        const piece = sent < head.length ? head.subarray(sent, Math.min(head.length, sent + PIECE)) : filler.subarray(0, Math.min(PIECE, opts.total - sent));
        sent += piece.length;
        if (!req.write(piece)) {
          await new Promise<void>((r) => {
            const done = () => {
              req.off('drain', done).off('response', done).off('close', done);
              r();
            };
            req.on('drain', done).on('response', done).on('close', done);
          });
        }
        await opts.progress?.(sent);
      }
      if (!answered) req.end();
    };
    pump().catch(reject);
  });
}
