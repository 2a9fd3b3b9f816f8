import type { ServerResponse } from 'node:http';

/** Takes over a response as a text/event-stream, telling the client how soon to reconnect. */
export function openEventStream(res: ServerResponse, retryMs: number): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write(`retry: ${retryMs}\n\n`);
}

/** One event as written on the stream; `data` is a single line (JSON). */
export const eventFrame = (id: string | number, event: string, data: string): string => `id: ${id}\nevent: ${event}\ndata: ${data}\n\n`;

export const commentFrame = (text: string): string => `: ${text}\n\n`;
