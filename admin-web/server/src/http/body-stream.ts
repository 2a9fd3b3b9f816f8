import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set by registerRoutes for `streamBody` routes. */
    streamBody?: boolean;
  }
}

/** Byte-stream bodies by request, handed over unread by the content type parser. */
const streams = new WeakMap<FastifyRequest, Readable>();

export const bodyTooLarge = (limit: number) => new ApiError('body-too-large', 413, `The body is larger than ${limit} bytes`);

/**
 * application/octet-stream bodies are not read by Fastify: a streaming route reads them itself
 * (see `requestBody`); every other route refuses them.
 */
export function installBodyStreams(app: FastifyInstance): void {
  app.addContentTypeParser('application/octet-stream', (request, payload, done) => {
    if (!request.routeOptions.config.streamBody) {
      done(new ApiError('unsupported-media-type', 415, 'This route takes no application/octet-stream body'), undefined);
      return;
    }
    streams.set(request, payload);
    done(null, undefined);
  });
}

/**
 * The body of a streaming route as it arrives. A declared length over `limit` is refused
 * before a byte is read, an undeclared one once `limit` is passed. The request stream is not
 * destroyed when reading stops early, so the refusal can still be sent on its socket.
 */
export async function* requestBody(request: FastifyRequest, limit: number): AsyncGenerator<Uint8Array> {
  if (Number(request.headers['content-length']) > limit) throw bodyTooLarge(limit);
  const stream = streams.get(request);
  if (!stream) return;
  let received = 0;
  for await (const piece of stream.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    received += piece.byteLength;
    if (received > limit) throw bodyTooLarge(limit);
    yield piece;
  }
}
