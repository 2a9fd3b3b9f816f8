import { z } from 'zod';
import { ApiError } from '../../errors.ts';
import { buildOpenApi } from '../../http/openapi.ts';
import { defineRoute } from '../../http/route.ts';
import type { RouteModule } from '../../services.ts';

export const systemRoutes: RouteModule = (s) => [
  defineRoute({
    method: 'GET',
    url: '/healthz',
    summary: 'Liveness and readiness: 200 when the database answers',
    tags: ['system'],
    auth: 'public',
    response: z.object({ status: z.literal('ok'), database: z.enum(['sqlite', 'postgres']) }),
    async handler() {
      if (!(await s.database.ping())) throw new ApiError('database-unavailable', 503, 'The database does not answer');
      return { status: 'ok' as const, database: s.database.dialect };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/openapi.json',
    summary: 'This API as an OpenAPI 3.1 document',
    tags: ['system'],
    auth: 'public',
    response: z.record(z.string(), z.unknown()),
    async handler() {
      return buildOpenApi(s.routes(), { title: 'Civic Kiosk district server', version: '0.1.0' }) as Record<string, unknown>;
    },
  }),
];
