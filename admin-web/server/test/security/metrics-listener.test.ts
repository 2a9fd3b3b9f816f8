import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../src/config.ts';
import { buildMetricsServer } from '../../src/metrics/metrics-server.ts';
import { DIALECTS, withApp } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';

/** Threat: anyone who reaches the public listener reads the fleet's metrics (terminals online, routes, traffic). */
describe.each(DIALECTS)('Prometheus metrics only for the monitoring system (%s)', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await withApp(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  it('are not served by the public listener', async () => {
    const res = await t.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('route-not-found');
  });

  it('are served by the metrics listener, which serves nothing else', async () => {
    await t.inject({ method: 'GET', url: '/healthz' });
    const metrics = buildMetricsServer(t.services.metrics);
    const res = await metrics.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toMatch(/civic_http_requests_total\{method="GET",route="\/healthz",status="200"\} 1/);
    expect((await metrics.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(404);
    await metrics.close();
  });

  it('want the bearer token when one is configured', async () => {
    const metrics = buildMetricsServer(t.services.metrics, 'scrape-token-0123456789');
    const statusWith = async (authorization?: string) => (await metrics.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} })).statusCode;
    expect(await statusWith()).toBe(401);
    expect(await statusWith('Bearer scrape-token-012345678')).toBe(401);
    expect(await statusWith('Basic scrape-token-0123456789')).toBe(401);
    expect(await statusWith('Bearer scrape-token-0123456789')).toBe(200);
    await metrics.close();
  });
});

describe('metrics listener configuration', () => {
  it('binds to loopback by default and refuses another address without a token', () => {
    expect(configFromEnv({}).metrics).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(() => configFromEnv({ METRICS_HOST: '0.0.0.0' })).toThrow(/METRICS_TOKEN/);
    expect(() => configFromEnv({ METRICS_HOST: '10.0.0.5', METRICS_TOKEN: 'short' })).toThrow(/at least 16/);
    expect(configFromEnv({ METRICS_HOST: '10.0.0.5', METRICS_PORT: '9100', METRICS_TOKEN: 'scrape-token-0123456789' }).metrics).toEqual({ host: '10.0.0.5', port: 9100, token: 'scrape-token-0123456789' });
  });
});
