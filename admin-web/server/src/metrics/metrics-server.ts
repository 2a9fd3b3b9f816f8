import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { ApiError, errorBody } from '../errors.ts';
import type { Metrics } from './metrics.ts';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * The Prometheus endpoint on a listener of its own (main.ts binds it to METRICS_HOST, loopback
 * by default), so the public listener never serves it. With a token, a scrape must send
 * `Authorization: Bearer <token>`. Everything but `GET /metrics` is 404.
 */
export function buildMetricsServer(metrics: Metrics, token?: string): FastifyInstance {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  const expected = token === undefined ? undefined : digest(`Bearer ${token}`);
  app.get('/metrics', async (request, reply) => {
    // Compared as digests: equal lengths, and no early exit that times the token out.
    if (expected && !timingSafeEqual(digest(request.headers.authorization ?? ''), expected)) {
      return reply.code(401).header('www-authenticate', 'Bearer').send(errorBody(new ApiError('unauthenticated', 401, 'A bearer token is required')));
    }
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send(errorBody(new ApiError('route-not-found', 404, `No route ${request.method} ${request.url.split('?')[0]}`)));
  });
  return app;
}
