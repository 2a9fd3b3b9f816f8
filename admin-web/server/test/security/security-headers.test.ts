/**
 * Finding: staff and API answers carried no security headers, and the staff session answer
 * (which holds the CSRF token) could be kept by caches. Every answer, errors included, now
 * carries a strict CSP for a same-origin script-only admin app, framing and sniffing off, no
 * referrer, and no-store unless a route is public content meant to be cached.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TerminalApiPaths } from '@civic-kiosk/protocol/terminal-api';
import { DIALECTS } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { loginStaff } from '../support/staff.ts';
import type { StaffClient } from '../support/staff.ts';
import { appWithTerminal, type TestTerminal } from '../support/terminal.ts';

/** The CSP's directives by name. */
function csp(res: LightMyRequestResponse): Map<string, string> {
  const header = String(res.headers['content-security-policy'] ?? '');
  return new Map(
    header
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...values] = d.split(/\s+/);
        return [name!, values.join(' ')] as const;
      }),
  );
}

describe.each(DIALECTS)('security headers on every answer (%s)', (dialect) => {
  let t: TestApp;
  let admin: StaffClient;
  let kiosk: TestTerminal;
  beforeAll(async () => {
    ({ t, kiosk } = await appWithTerminal(dialect, { enrol: true }));
    admin = await loginStaff(t, 'admin');
  });
  afterAll(async () => {
    await t.close();
  });

  const representative = async (): Promise<[string, LightMyRequestResponse][]> => [
    ['public health probe', await t.inject({ method: 'GET', url: '/healthz' })],
    ['staff session with its CSRF token', await admin.request('GET', '/api/staff/me')],
    ['staff list of users', await admin.request('GET', '/api/staff/users')],
    ['login answer with its CSRF token', await t.inject({ method: 'POST', url: '/api/staff/login', payload: { username: 'admin', password: 'admin-password-for-tests' } })],
    ['terminal manifest', await kiosk.request('GET', '/api/terminal/content/manifest')],
    ['terminal heartbeat refused', await t.inject({ method: 'POST', url: TerminalApiPaths.heartbeat, payload: {} })],
    ['staff route without a session', await t.inject({ method: 'GET', url: '/api/staff/users' })],
    ['unknown route', await t.inject({ method: 'GET', url: '/no/such/page' })],
    ['oversized body', await t.inject({ method: 'POST', url: '/api/staff/login', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ username: 'x'.repeat(2 * 1024 * 1024), password: 'y' }) })],
  ];

  it('sends a strict CSP, no framing, no sniffing and no referrer on staff, terminal, public and error answers', async () => {
    const answers = await representative();
    expect(answers.map(([, r]) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 401, 401, 404, 413]);
    for (const [what, res] of answers) {
      const policy = csp(res);
      expect(policy.get('default-src'), what).toBe("'self'");
      expect(policy.get('script-src'), what).toBe("'self'");
      expect(policy.get('object-src'), what).toBe("'none'");
      expect(policy.get('base-uri'), what).toBe("'none'");
      expect(policy.get('frame-ancestors'), what).toBe("'none'");
      expect(policy.get('form-action'), what).toBe("'self'");
      // No directive lets inline or evaluated script in.
      expect([...policy.values()].join(' '), what).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
      expect(res.headers['x-frame-options'], what).toBe('DENY');
      expect(res.headers['x-content-type-options'], what).toBe('nosniff');
      expect(res.headers['referrer-policy'], what).toBe('no-referrer');
      expect(res.headers['cross-origin-opener-policy'], what).toBe('same-origin');
      expect(res.headers['cache-control'], what).toBe('no-store');
    }
  });

  it('lets only public content files be cached, and sandboxes them', async () => {
    const { current } = (await kiosk.request('GET', '/api/terminal/content/manifest')).json() as { current: { files: { sha256: string }[] } };
    const file = await t.inject({ method: 'GET', url: `/api/content/files/${current.files[0]!.sha256}` });
    expect(file.statusCode).toBe(200);
    expect(file.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(csp(file).has('sandbox')).toBe(true);
  });
});
