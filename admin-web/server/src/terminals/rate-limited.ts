import type { FastifyReply } from 'fastify';
import { ApiError } from '../errors.ts';

/** A 429 that says how long to wait, in whole seconds (at least 1), in `details.retryAfterSeconds`. */
export function rateLimited(code: string, message: string, retryAfterMs: number): ApiError {
  return new ApiError(code, 429, message, { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) });
}

/** Runs `work`; a rateLimited failure also carries its wait in the Retry-After header. */
export async function withRetryAfter<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    const wait = e instanceof ApiError && e.httpStatus === 429 ? (e.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds : undefined;
    if (wait !== undefined) void reply.header('retry-after', String(wait));
    throw e;
  }
}
