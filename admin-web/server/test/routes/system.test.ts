import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, withApp } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';

describe.each(DIALECTS)('system routes and the error model (%s)', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await withApp(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  it('answers /healthz with the database it runs on', async () => {
    const res = await t.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: dialect });
  });

  it('serves an OpenAPI 3.1 document listing its routes with their auth', async () => {
    const doc = (await t.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/staff/users'].post.requestBody).toBeDefined();
    expect(doc.paths['/api/staff/users'].post['x-roles']).toEqual(['admin']);
    expect(doc.paths['/healthz'].get.security).toEqual([]);
  });

  it('renders unknown routes, bad JSON, oversized and invalid bodies as typed errors without stacks', async () => {
    const notFound = await t.inject({ method: 'GET', url: '/nope' });
    expect(notFound.statusCode).toBe(404);
    expect(notFound.json()).toEqual({ error: { code: 'route-not-found', message: expect.any(String) } });

    const badJson = await t.inject({ method: 'POST', url: '/api/staff/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().error.code).toBe('invalid-json');

    const big = await t.inject({ method: 'POST', url: '/api/staff/login', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ username: 'x'.repeat(2 * 1024 * 1024), password: 'y' }) });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('body-too-large');

    const invalid = await t.inject({ method: 'POST', url: '/api/staff/login', payload: { username: 42 } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.code).toBe('validation-failed');

    const media = await t.inject({ method: 'POST', url: '/api/staff/login', headers: { 'content-type': 'text/xml' }, payload: '<a/>' });
    expect(media.statusCode).toBe(415);
    expect(media.json().error.code).toBe('unsupported-media-type');

    for (const res of [notFound, badJson, big, invalid, media]) expect(res.body).not.toMatch(/at .*\.ts:\d+/);
  });
});
