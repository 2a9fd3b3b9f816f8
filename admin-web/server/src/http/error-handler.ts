import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { isDatabaseUnavailable } from '../db/unavailable.ts';
import { ApiError, errorBody } from '../errors.ts';

/** Fastify's own error codes, mapped onto the server's stable codes. */
const FASTIFY_CODES: Record<string, [string, number]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: ['body-too-large', 413],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['unsupported-media-type', 415],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['invalid-json', 400],
  FST_ERR_CTP_INVALID_JSON_BODY: ['invalid-json', 400],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['bad-request', 400],
  FST_ERR_BAD_URL: ['bad-request', 400],
  FST_ERR_ASYNC_CONSTRAINT: ['bad-request', 400],
};

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof ZodError) {
    return new ApiError('validation-failed', 400, 'The request is not valid', err.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  const fe = err as Partial<FastifyError>;
  const mapped = fe.code ? FASTIFY_CODES[fe.code] : undefined;
  if (mapped) return new ApiError(mapped[0], mapped[1], fe.message ?? mapped[0]);
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) return new ApiError('bad-request', fe.statusCode, fe.message ?? 'Bad request');
  if (isDatabaseUnavailable(err)) return new ApiError('database-unavailable', 503, 'The database cannot be reached; try again shortly');
  return new ApiError('internal', 500, 'Internal server error');
}

/** How long the rest of a refused body is still taken (and dropped) before the connection is cut. */
const LINGER_MS = 2_000;

/**
 * A request refused before its body was read (auth, limits). Closing at once would reset the
 * connection under a client still sending, which then may never see the refusal; so the rest
 * is read and dropped, never kept, for a moment after the answer, and then the connection is
 * cut unless the body has ended.
 */
function dropUnreadBody(request: FastifyRequest, reply: FastifyReply): void {
  // Fastify asks to close after its own body errors; lingering replaces that.
  reply.removeHeader('connection');
  reply.raw.once('finish', () => {
    const socket = request.raw.socket;
    const cut = setTimeout(() => socket.destroy(), LINGER_MS);
    request.raw.once('close', () => clearTimeout(cut));
    request.raw.resume();
  });
}

/** Every error leaves as `{ error: { code, message } }`; only unexpected ones are logged with a stack. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const api = toApiError(err);
    // A database outage fails every request alike: one line each, not a stack trace each.
    if (api.code === 'database-unavailable') request.log.warn({ code: api.code, cause: (err as Error).message }, 'database unavailable');
    else if (api.httpStatus >= 500) request.log.error({ err }, 'unhandled error');
    if (request.raw.complete === false) dropUnreadBody(request, reply);
    void reply.code(api.httpStatus).type('application/json').send(errorBody(api));
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send(errorBody(new ApiError('route-not-found', 404, `No route ${request.method} ${request.url.split('?')[0]}`)));
  });
}
