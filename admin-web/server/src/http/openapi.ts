import { z } from 'zod';
import { ApiErrorBody } from '@civic-kiosk/protocol/terminal-api';
import type { AnyRoute } from './route.ts';
import { isStaffAuth } from './route.ts';

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): unknown {
  return z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): unknown[] {
  if (!schema) return [];
  const js = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (js.required ?? []).includes(name),
    schema: s,
  }));
}

/** The OpenAPI 3.1 document, generated from the same zod schemas the routes validate with. */
export function buildOpenApi(routes: readonly AnyRoute[], info: { title: string; version: string }): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  const errorResponse = { description: 'Error', content: { 'application/json': { schema: jsonSchema(ApiErrorBody, 'output') } } };
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const security = r.auth === 'public' ? [] : r.auth === 'terminal' ? [{ terminalSignature: [] }] : [{ staffSession: [], csrfToken: [] }];
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = {
      summary: r.summary,
      tags: r.tags,
      ...(isStaffAuth(r.auth) ? { 'x-roles': r.auth.staff } : {}),
      security,
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(r.body, 'input') } } } } : {}),
      ...(r.streamBody ? { requestBody: { required: true, description: `At most ${r.bodyLimit} bytes`, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } } } : {}),
      responses: {
        [String(r.status ?? 200)]: {
          description: 'Success',
          content: { [r.rawContentType ?? 'application/json']: { schema: jsonSchema(r.response, 'output') } },
        },
        default: errorResponse,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      securitySchemes: {
        staffSession: { type: 'apiKey', in: 'cookie', name: 'ck_session' },
        csrfToken: { type: 'apiKey', in: 'header', name: 'x-csrf-token', description: 'Required on state-changing staff requests.' },
        terminalSignature: { type: 'apiKey', in: 'header', name: 'x-ck-signature', description: 'Ed25519 request signature; see protocol/src/common/terminal-signing.ts.' },
      },
    },
  };
}
