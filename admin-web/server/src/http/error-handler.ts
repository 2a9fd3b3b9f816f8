import type { FastifyError, FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
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
  return new ApiError('internal', 500, 'Internal server error');
}

/** Every error leaves as `{ error: { code, message } }`; only unexpected ones are logged with a stack. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const api = toApiError(err);
    if (api.httpStatus >= 500) request.log.error({ err }, 'unhandled error');
    void reply.code(api.httpStatus).type('application/json').send(errorBody(api));
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send(errorBody(new ApiError('route-not-found', 404, `No route ${request.method} ${request.url.split('?')[0]}`)));
  });
}
